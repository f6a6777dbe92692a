package specimen

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Fonts of Debian's fonts-dejavu-core: DejaVu Sans covers Latin with accents and the Arabic
// presentation forms that shapeArabic produces.
const (
	SansFontPath     = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	SansBoldFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)

// canvas is a card being drawn at its canonical size, with the fonts it prints in.
type canvas struct {
	img                  *image.RGBA
	sans, bold, ocrb, fb *sfnt.Font
	faces                map[string]font.Face // cache by font and size
}

func newCanvas(w, h int, fonts *docFonts) *canvas {
	return &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), sans: fonts.sans, bold: fonts.bold,
		ocrb: fonts.ocrb, fb: fonts.fallback, faces: map[string]font.Face{}}
}

func (c *canvas) close() {
	for _, f := range c.faces {
		_ = f.Close()
	}
}

func (c *canvas) face(f *sfnt.Font, size float64) (font.Face, error) {
	key := fmt.Sprintf("%p/%.1f", f, size)
	if fc, ok := c.faces[key]; ok {
		return fc, nil
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("creating font face: %w", err)
	}
	c.faces[key] = fc
	return fc, nil
}

// text draws s with its left end at x (or its right end when rightAligned) and returns the
// drawn width. Arabic is shaped first.
func (c *canvas) text(f *sfnt.Font, size float64, ink color.Color, x, baseline float64, s string, rightAligned bool) (float64, error) {
	if hasArabic(s) {
		s = shapeArabic(s)
	}
	fc, err := c.face(f, size)
	if err != nil {
		return 0, err
	}
	w := float64(font.MeasureString(fc, s)) / 64
	if rightAligned {
		x -= w
	}
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(ink), Face: fc, Dot: fixed.P(int(x), int(baseline))}
	d.DrawString(s)
	return w, nil
}

func (c *canvas) width(f *sfnt.Font, size float64, s string) (float64, error) {
	if hasArabic(s) {
		s = shapeArabic(s)
	}
	fc, err := c.face(f, size)
	if err != nil {
		return 0, err
	}
	return float64(font.MeasureString(fc, s)) / 64, nil
}

// mrzScale is the pixels per millimetre of the document the MRZ lines belong to.
func (c *canvas) mrzScale(lines []string) float64 {
	w := float64(c.img.Rect.Dx())
	switch len(lines[0]) {
	case 44:
		return w / 125
	case 36: // the 1988 French CNI, 105 mm wide
		return w / 105
	}
	return w / 85.6
}

// mrzTop is the y above which the printed fields must stay: the top of the MRZ's first line
// (mrz draws it), less a millimetre of clear space; the card's height when there is no MRZ.
func (c *canvas) mrzTop(lines []string) float64 {
	h := float64(c.img.Rect.Dy())
	if len(lines) == 0 {
		return h
	}
	pxPerMM := c.mrzScale(lines)
	return h - 3.5*pxPerMM - float64(len(lines)-1)*4.2*pxPerMM - 3.4*pxPerMM - pxPerMM
}

// mrz prints MRZ lines in OCR-B at the ICAO pitch, bottom-aligned with a margin.
func (c *canvas) mrz(lines []string, ink color.Color) error {
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	pxPerMM := c.mrzScale(lines)
	pitch, linePitch := 2.54*pxPerMM, 4.2*pxPerMM
	fs, err := newFaces(c.ocrb, c.fb, 3.4*pxPerMM)
	if err != nil {
		return err
	}
	defer fs.Close()
	x0 := (w - float64(len(lines[0]))*pitch) / 2
	for i, l := range lines {
		baseline := h - 3.5*pxPerMM - float64(len(lines)-1-i)*linePitch
		printAt(c.img, fs, image.NewUniform(ink), int(x0), int(baseline), l, pitch)
	}
	return nil
}

// background paints a pale gradient with guilloche-like line patterns, as security printing.
func (c *canvas) background(rng *rand.Rand, tint [3]float64) {
	b := c.img.Rect
	f1, f2 := 0.02+rng.Float64()*0.03, 0.01+rng.Float64()*0.02
	amp, period := 20+rng.Float64()*30, 9+rng.Float64()*8
	strength := 0.06 + rng.Float64()*0.08
	for y := range b.Dy() {
		for x := range b.Dx() {
			fx, fy := float64(x), float64(y)
			g := 0.5 + 0.5*math.Sin(fx*0.004+fy*0.003)
			u := math.Sin((fy+amp*math.Sin(fx*f1))/period*math.Pi) *
				math.Sin((fx+amp*math.Cos(fy*f2))/(period*1.7)*math.Pi)
			line := 0.0
			if math.Abs(u) < 0.12 {
				line = strength
			}
			i := y*c.img.Stride + 4*x
			for ch := range 3 {
				v := 255 * (tint[ch]*(0.93+0.07*g) - line*0.9)
				c.img.Pix[i+ch] = uint8(max(0, min(255, v)))
			}
			c.img.Pix[i+3] = 255
		}
	}
}

// rect fills r with col.
func (c *canvas) rect(r image.Rectangle, col color.Color) {
	draw.Draw(c.img, r, image.NewUniform(col), image.Point{}, draw.Over)
}

func hasArabic(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r >= 0x0600 && r <= 0x06FF }) >= 0
}
