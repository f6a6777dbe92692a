package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/kycd/kycd/engine/mrz"
	"github.com/kycd/kycd/engine/ocr"
	"github.com/kycd/kycd/engine/specimen"
)

// cmdMRZ is `kycd mrz parse` (MRZ text on stdin, one JSON object) and `kycd mrz read IMAGE…`
// (one JSON line per image), as API.md specifies.
func cmdMRZ(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: kycd mrz parse < MRZ.txt | kycd mrz read IMAGE…")
		return 2
	}
	switch args[0] {
	case "parse":
		return cmdMRZParse(stdin, stdout, stderr)
	case "read":
		return cmdMRZRead(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "kycd mrz: unknown subcommand %q\n", args[0])
	return 2
}

func cmdMRZParse(stdin io.Reader, stdout, stderr io.Writer) int {
	text, err := io.ReadAll(io.LimitReader(stdin, 64<<10))
	if err != nil {
		fmt.Fprintf(stderr, "kycd mrz parse: reading stdin: %v\n", err)
		return 1
	}
	res, err := mrz.Parse(string(text), mrz.Options{})
	if err != nil {
		code := "invalid_mrz"
		var pe *mrz.ParseError
		if errors.As(err, &pe) {
			code = pe.Code
		}
		writeJSON(stdout, map[string]any{"error": map[string]string{
			"type": "invalid_request_error", "code": code, "message": err.Error()}})
		return 1
	}
	writeJSON(stdout, res)
	return 0
}

// mrzReadLine is one line of `kycd mrz read`.
type mrzReadLine struct {
	File string `json:"file"`
	mrz.ReadResult
}

func cmdMRZRead(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mrz read", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: kycd mrz read IMAGE…")
		return 2
	}
	reader, closeFn, err := newMRZReader()
	if err != nil {
		fmt.Fprintf(stderr, "kycd mrz read: %v\n", err)
		return 1
	}
	defer closeFn()
	status := 0
	for _, path := range fs.Args() {
		res, err := readMRZFile(ctx, reader, path)
		if err != nil {
			fmt.Fprintf(stderr, "kycd mrz read: %s: %v\n", path, err)
			status = 1
			continue
		}
		writeJSON(stdout, mrzReadLine{File: path, ReadResult: res})
	}
	return status
}

func newMRZReader() (*mrz.Reader, func(), error) {
	pool, err := ocr.NewPool(ocr.Config{Languages: []string{"eng"}, Size: 1})
	if err != nil {
		return nil, nil, fmt.Errorf("creating ocr pool: %w", err)
	}
	return mrz.NewReader(pool, mrz.Options{}), func() { _ = pool.Close() }, nil
}

func readMRZFile(ctx context.Context, r *mrz.Reader, path string) (mrz.ReadResult, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return mrz.ReadResult{}, fmt.Errorf("reading image: %w", err)
	}
	return r.ReadImage(ctx, data)
}

func writeJSON(w io.Writer, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":{"type":"api_error","code":"encoding","message":"` + err.Error() + `"}}`)
	}
	fmt.Fprintf(w, "%s\n", b)
}

// cmdBenchMRZ is `kycd bench mrz DIR` (a row per image and a summary) and
// `kycd bench mrz --synthetic N [--seed S]` (N degraded synthetic photos, share read fully
// valid and equal to the ground truth).
func cmdBenchMRZ(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench mrz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	synthetic := fs.Int("synthetic", 0, "read N synthetic degraded photos instead of DIR")
	seed := fs.Uint64("seed", 1, "first seed of the synthetic photos")
	if err := fs.Parse(args); err != nil || (*synthetic == 0 && fs.NArg() != 1) {
		fmt.Fprintln(stderr, "usage: kycd bench mrz DIR | kycd bench mrz --synthetic N [--seed S]")
		return 2
	}
	reader, closeFn, err := newMRZReader()
	if err != nil {
		fmt.Fprintf(stderr, "kycd bench mrz: %v\n", err)
		return 1
	}
	defer closeFn()
	if *synthetic > 0 {
		return benchSynthetic(ctx, reader, *synthetic, *seed, stdout, stderr)
	}
	return benchDir(ctx, reader, fs.Arg(0), stdout, stderr)
}

func benchDir(ctx context.Context, r *mrz.Reader, dir string, stdout, stderr io.Writer) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		fmt.Fprintf(stderr, "kycd bench mrz: %v\n", err)
		return 1
	}
	var files []string
	for _, e := range entries {
		if ext := strings.ToLower(filepath.Ext(e.Name())); slices.Contains([]string{".jpg", ".jpeg", ".png", ".webp"}, ext) {
			files = append(files, e.Name())
		}
	}
	sort.Strings(files)
	fmt.Fprintf(stdout, "%-22s %-6s %-6s %-6s %8s\n", "file", "found", "format", "valid", "ms")
	valid, total, sum := 0, 0, 0.0
	for _, f := range files {
		res, err := readMRZFile(ctx, r, filepath.Join(dir, f))
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", f, err)
			continue
		}
		total++
		sum += res.MS
		if res.Valid {
			valid++
		}
		fmt.Fprintf(stdout, "%-22s %-6v %-6s %-6v %8.1f\n", f, res.Found, res.Format, res.Valid, res.MS)
	}
	if total > 0 {
		fmt.Fprintf(stdout, "fully valid: %d of %d; mean %.1f ms per image\n", valid, total, sum/float64(total))
	}
	return 0
}

func benchSynthetic(ctx context.Context, r *mrz.Reader, n int, seed uint64, stdout, stderr io.Writer) int {
	gen, err := specimen.NewGenerator("")
	if err != nil {
		fmt.Fprintf(stderr, "kycd bench mrz: %v\n", err)
		return 1
	}
	good, valid, sum := 0, 0, 0.0
	for i := range n {
		s, err := gen.Sample(seed+uint64(i), "", true)
		if err != nil {
			fmt.Fprintf(stderr, "kycd bench mrz: %v\n", err)
			return 1
		}
		res, err := r.ReadImage(ctx, s.Image)
		if err != nil {
			fmt.Fprintf(stderr, "kycd bench mrz: seed %d: %v\n", seed+uint64(i), err)
			return 1
		}
		sum += res.MS
		if res.Valid {
			valid++
		}
		if res.Valid && slices.Equal(res.Lines, s.Lines) {
			good++
		} else {
			fmt.Fprintf(stdout, "seed %d %s: found=%v valid=%v read=%q\n", seed+uint64(i), s.Format, res.Found, res.Valid, res.Lines)
		}
	}
	fmt.Fprintf(stdout, "synthetic: %d of %d fully valid (%.1f%%), %d valid and exact (%.1f%%); mean %.1f ms per image\n",
		valid, n, 100*float64(valid)/float64(n), good, 100*float64(good)/float64(n), sum/float64(n))
	return 0
}
