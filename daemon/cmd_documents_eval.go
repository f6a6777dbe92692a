package daemon

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"time"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/specimen"
)

// cmdDocumentsEval runs the ocr check on every document of DIR (the *.json truths written by
// `kycd specimen`, or by any other generator in the same format) and prints the exact-match
// rate per document type and field. The reader never sees the truth.
func cmdDocumentsEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("specimen eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "print every mismatch")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: kycd specimen eval [-v] DIR")
		return 2
	}
	dir := fs.Arg(0)
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(paths) == 0 {
		fmt.Fprintf(stderr, "kycd specimen eval: no *.json truth in %s\n", dir)
		return 1
	}
	check, closeCheck, err := newOCRCheck(runtime.NumCPU())
	if err != nil {
		fmt.Fprintf(stderr, "kycd specimen eval: %v\n", err)
		return 1
	}
	defer closeCheck()
	tally := map[string]map[string][2]int{} // group → field → {exact, total}
	var times []float64
	for _, p := range paths {
		if ctx.Err() != nil {
			return 1
		}
		truth, got, ms, err := evalOne(ctx, check, p)
		if err != nil {
			fmt.Fprintf(stderr, "kycd specimen eval: %s: %v\n", p, err)
			return 1
		}
		times = append(times, ms)
		group := fmt.Sprintf("%s/%s clean", truth.DocumentType, truth.Country)
		if truth.Degraded {
			group = fmt.Sprintf("%s/%s degraded", truth.DocumentType, truth.Country)
		}
		if tally[group] == nil {
			tally[group] = map[string][2]int{}
		}
		for field, want := range truth.Fields {
			t := tally[group][field]
			t[1]++
			if got[field] == want {
				t[0]++
			} else if *verbose {
				fmt.Fprintf(stdout, "%s %s: want %q got %q\n", filepath.Base(p), field, want, got[field])
			}
			tally[group][field] = t
		}
	}
	printTally(stdout, tally)
	sort.Float64s(times)
	fmt.Fprintf(stdout, "\n%d documents, ocr check p50 %.0f ms, p90 %.0f ms\n", len(times), times[len(times)/2], times[len(times)*9/10])
	return 0
}

func evalOne(ctx context.Context, check engine.OCR, path string) (specimen.DocTruth, map[string]string, float64, error) {
	var truth specimen.DocTruth
	b, err := os.ReadFile(path)
	if err != nil {
		return truth, nil, 0, fmt.Errorf("reading truth: %w", err)
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		return truth, nil, 0, fmt.Errorf("decoding truth: %w", err)
	}
	in := &engine.Input{DocumentType: truth.DocumentType, Country: truth.Country, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, side := range []struct {
		name string
		dst  **imageio.Image
	}{{truth.Front, &in.Front}, {truth.Back, &in.Back}} {
		if side.name == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(filepath.Dir(path), side.name))
		if err != nil {
			return truth, nil, 0, fmt.Errorf("reading image: %w", err)
		}
		img, err := imageio.Decode(data, imageio.DefaultLimits())
		if err != nil {
			return truth, nil, 0, fmt.Errorf("decoding %s: %w", side.name, err)
		}
		defer img.Close()
		*side.dst = img
	}
	j := &engine.Job{In: in, V: &engine.Verification{}}
	start := time.Now()
	if err := check.Run(ctx, j); err != nil {
		return truth, nil, 0, err
	}
	ms := float64(time.Since(start).Microseconds()) / 1000
	got := map[string]string{}
	if d := j.V.ExtractedData; d != nil {
		b, _ := json.Marshal(d)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		for k, v := range m {
			if s, ok := v.(string); ok {
				got[k] = s
			}
		}
	}
	return truth, got, ms, nil
}

func printTally(w io.Writer, tally map[string]map[string][2]int) {
	for _, group := range slices.Sorted(maps.Keys(tally)) {
		fmt.Fprintf(w, "\n%s\n| field | exact | n | rate |\n|---|---|---|---|\n", group)
		exact, total := 0, 0
		for _, f := range slices.Sorted(maps.Keys(tally[group])) {
			t := tally[group][f]
			exact += t[0]
			total += t[1]
			fmt.Fprintf(w, "| %s | %d | %d | %.1f %% |\n", f, t[0], t[1], 100*float64(t[0])/float64(t[1]))
		}
		fmt.Fprintf(w, "| **all** | %d | %d | %.1f %% |\n", exact, total, 100*float64(exact)/float64(total))
	}
}
