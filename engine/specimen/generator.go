package specimen

import (
	"fmt"
	"math/rand/v2"

	"golang.org/x/image/font/sfnt"

	"github.com/kycd/kycd/engine/mrz"
)

// Sample is one synthetic photo with its ground truth.
type Sample struct {
	Format      mrz.Format
	Lines       []string // the MRZ printed on the card
	Image       []byte   // JPEG
	Degradation Degradation
}

// Generator renders samples. It holds only the parsed font, so one Generator can serve
// concurrent callers.
type Generator struct {
	font, fallback *sfnt.Font
}

// NewGenerator loads the OCR-B font at fontPath (DefaultFontPath if empty) and the fallback for
// the glyphs it cannot draw.
func NewGenerator(fontPath string) (*Generator, error) {
	if fontPath == "" {
		fontPath = DefaultFontPath
	}
	f, err := loadFont(fontPath)
	if err != nil {
		return nil, fmt.Errorf("creating specimen generator: %w", err)
	}
	fb, err := loadFont(FallbackFontPath)
	if err != nil {
		return nil, fmt.Errorf("creating specimen generator: %w", err)
	}
	return &Generator{font: f, fallback: fb}, nil
}

// Sample renders the sample for seed: format f (random when empty), random valid data and, when
// degrade is set, random degradations; otherwise a flat, upright, sharp photo.
func (g *Generator) Sample(seed uint64, f mrz.Format, degrade bool) (Sample, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	if f == "" {
		f = Formats[rng.IntN(len(Formats))]
	}
	lines := RandomMRZ(rng, f)
	card, err := drawCard(g.font, g.fallback, rng, f, lines)
	if err != nil {
		return Sample{}, fmt.Errorf("drawing %s card: %w", f, err)
	}
	d := Degradation{Scale: 0.9, JPEGQuality: 92, Downscale: 1}
	if degrade {
		d = randomDegradation(rng)
	}
	img, err := photograph(card, d, rng)
	if err != nil {
		return Sample{}, fmt.Errorf("photographing %s card: %w", f, err)
	}
	return Sample{Format: f, Lines: lines, Image: img, Degradation: d}, nil
}
