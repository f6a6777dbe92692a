package daemon

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/imageio"
)

// cmdFace is `kycd face compare A B [C…]` and `kycd face eval DIR`.
func cmdFace(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: kycd face compare [--models DIR] A B [C…] | kycd face eval [--models DIR] [--strangers DIR] DIR")
		return 2
	}
	switch args[0] {
	case "compare":
		return cmdFaceCompare(ctx, args[1:], stdout, stderr)
	case "eval":
		return cmdFaceEval(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "kycd face: unknown subcommand %q\n", args[0])
	return 2
}

// faceCompareLine is one output line of `kycd face compare` (API.md). ms is the time spent
// on the line: decoding and analyzing B and comparing; the first line also carries A's.
type faceCompareLine struct {
	A               string  `json:"a"`
	B               string  `json:"b"`
	FacesA          int     `json:"faces_a"`
	FacesB          int     `json:"faces_b"`
	SimilarityScore float64 `json:"similarity_score"`
	Threshold       float64 `json:"threshold"`
	Match           bool    `json:"match"`
	MS              int64   `json:"ms"`
}

// cmdFaceCompare compares the largest face of A with the largest face of each following
// image, one JSON line per pair; A is analyzed once. A photo without a face gives
// similarity 0 and match false. Unreadable images are reported on stderr (exit 1).
func cmdFaceCompare(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("face compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	modelsDir := fs.String("models", "models", "models directory (holds face-api/)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() < 2 {
		fmt.Fprintln(stderr, "usage: kycd face compare [--models DIR] A B [C…]")
		return 2
	}
	m, err := face.Load(*modelsDir)
	if err != nil {
		fmt.Fprintln(stderr, "kycd face compare:", err)
		return 1
	}
	defer m.Close()

	start := time.Now()
	first, err := analyzeFile(ctx, m, fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "kycd face compare:", err)
		return 1
	}
	enc := json.NewEncoder(stdout)
	code := 0
	for _, b := range fs.Args()[1:] {
		other, err := analyzeFile(ctx, m, b)
		if err != nil {
			fmt.Fprintln(stderr, "kycd face compare:", err)
			code = 1
			if ctx.Err() != nil {
				return code
			}
			start = time.Now()
			continue
		}
		r := m.Compare(first, other)
		line := faceCompareLine{A: fs.Arg(0), B: b, FacesA: r.FacesDoc, FacesB: r.FacesSelfie,
			SimilarityScore: round4(r.SimilarityScore), Threshold: r.Threshold, Match: r.Match,
			MS: time.Since(start).Milliseconds()}
		if err := enc.Encode(line); err != nil {
			fmt.Fprintln(stderr, "kycd face compare: writing output:", err)
			return 1
		}
		start = time.Now()
	}
	return code
}

// cmdFaceEval prints the distance distributions and ROC of a labelled face directory
// (DIR/<person>/*.jpg, group photos in DIR/_*/), optionally with a directory of photos of
// people absent from DIR as extra impostors.
func cmdFaceEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("face eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	modelsDir := fs.String("models", "models", "models directory (holds face-api/)")
	strangers := fs.String("strangers", "", "directory of photos of people absent from DIR (impostors only)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: kycd face eval [--models DIR] [--strangers DIR] DIR")
		return 2
	}
	m, err := face.Load(*modelsDir)
	if err != nil {
		fmt.Fprintln(stderr, "kycd face eval:", err)
		return 1
	}
	defer m.Close()
	var extra []string
	if *strangers != "" {
		extra = append(extra, *strangers)
	}
	r, err := m.Eval(ctx, fs.Arg(0), extra...)
	if err != nil {
		fmt.Fprintln(stderr, "kycd face eval:", err)
		return 1
	}
	r.WriteTable(stdout, m.Config().Threshold)
	return 0
}

// analyzeFile decodes an image with the API's safety limits and analyzes its faces.
func analyzeFile(ctx context.Context, m *face.Models, path string) (face.Analysis, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return face.Analysis{}, fmt.Errorf("reading image: %w", err)
	}
	img, err := imageio.Decode(data, imageio.DefaultLimits())
	if err != nil {
		return face.Analysis{}, fmt.Errorf("%s: %w", path, err)
	}
	defer img.Close()
	a, err := m.Analyze(ctx, img.Mat)
	if err != nil {
		return face.Analysis{}, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
