package specimen

import (
	"bytes"
	"slices"
	"testing"

	"github.com/kycd/kycd/engine/mrz"
)

func newTestGenerator(t testing.TB) *Generator {
	t.Helper()
	g, err := NewGenerator("")
	if err != nil {
		t.Skipf("OCR-B font not available (install fonts-ocr-b): %v", err)
	}
	return g
}

// Every generated MRZ parses as its own format with every check digit passing.
func TestRandomMRZValid(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			for seed := range uint64(200) {
				g := newRand(seed)
				lines := RandomMRZ(g, f)
				r, err := mrz.ParseLines(lines, mrz.Options{NoRepair: true})
				if err != nil {
					t.Fatalf("seed %d: %q: %v", seed, lines, err)
				}
				if r.Format != f || !r.Valid {
					t.Fatalf("seed %d: %q parsed as %s valid=%v checks=%v", seed, lines, r.Format, r.Valid, r.CheckDigits)
				}
			}
		})
	}
}

func TestSampleDeterministic(t *testing.T) {
	g := newTestGenerator(t)
	a, err := g.Sample(7, "", true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := g.Sample(7, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Image, b.Image) || !slices.Equal(a.Lines, b.Lines) {
		t.Fatal("same seed gave different samples")
	}
	c, err := g.Sample(8, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Image, c.Image) {
		t.Fatal("different seeds gave the same image")
	}
}
