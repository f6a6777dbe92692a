package specimen

import (
	"bytes"
	"image"
	"math/rand/v2"
	"slices"
	"strings"
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

// The printed fields of a card back end above its MRZ, whatever the style drawn.
func TestFormFitsAboveMRZ(t *testing.T) {
	tests := []struct {
		name    string
		stacked bool
		rows    int
		lines   []string
	}{
		{"CNIE 2008 back, six stacked rows over TD1", true, 6, []string{strings.Repeat("<", 30), strings.Repeat("<", 30), strings.Repeat("<", 30)}},
		{"residence back, three rows over TD1", false, 3, []string{strings.Repeat("<", 30), strings.Repeat("<", 30), strings.Repeat("<", 30)}},
		{"passport page, eight rows over TD3", true, 8, []string{strings.Repeat("<", 44), strings.Repeat("<", 44)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &canvas{img: image.NewRGBA(image.Rect(0, 0, 1011, 638))}
			w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
			for seed := range uint64(50) {
				rng := rand.New(rand.NewPCG(seed, 7))
				st := randomStyle(rng, w, h, tc.stacked)
				st.y0 = h * 0.08
				st.lineGap = 0.6
				st.bottom = c.mrzTop(tc.lines)
				fit := st.fitted(tc.rows)
				if end := fit.y0 + float64(tc.rows)*fit.rowHeight(); end > st.bottom+1e-9 {
					t.Fatalf("seed %d: rows end at %.1f, below the MRZ top %.1f", seed, end, st.bottom)
				}
				if fit.valueSize < 0.5*st.valueSize {
					t.Fatalf("seed %d: print shrunk to %.2f of its size", seed, fit.valueSize/st.valueSize)
				}
			}
		})
	}
}
