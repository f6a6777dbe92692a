package altgen

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/kycd/kycd/engine/specimen"
)

// sheet is one side of a document being printed. Layouts work in millimetres; px converts.
type sheet struct {
	img    *image.RGBA
	wMM    float64
	hMM    float64
	px     float64 // pixels per millimetre
	faces  map[faceKey]font.Face
	glyphs sfnt.Buffer
	// marks are the boxes of everything printed (millimetres), for the layout tests.
	marks []mark
}

type mark struct {
	kind string // "card" (the first: the whole side), "text", "portrait", "mrz"
	text string
	box  rectMM
}

// rectMM is a rectangle in millimetres.
type rectMM struct{ x0, y0, x1, y1 float64 }

func (r rectMM) w() float64 { return r.x1 - r.x0 }
func (r rectMM) h() float64 { return r.y1 - r.y0 }

func (r rectMM) overlaps(o rectMM) bool {
	return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1
}

type faceKey struct {
	f    *sfnt.Font
	size float64
}

func newSheet(wMM, hMM, px float64) *sheet {
	w, h := int(math.Round(wMM*px)), int(math.Round(hMM*px))
	return &sheet{img: image.NewRGBA(image.Rect(0, 0, w, h)), wMM: wMM, hMM: hMM, px: px, faces: map[faceKey]font.Face{},
		marks: []mark{{kind: "card", box: rectMM{0, 0, wMM, hMM}}}}
}

func (s *sheet) close() {
	for _, f := range s.faces {
		_ = f.Close()
	}
}

// pen is how a run of text is printed: glyphs come from the first of fonts that has them.
type pen struct {
	fonts []*sfnt.Font
	size  float64 // em, millimetres
	col   color.RGBA
	track float64 // extra space after each letter, millimetres
}

func (p pen) scaled(k float64) pen {
	p.size *= k
	p.track *= k
	return p
}

// ascent and descent are the pen's line extent above and below the baseline (room for
// accented capitals and descenders).
func (p pen) ascent() float64  { return 0.93 * p.size }
func (p pen) descent() float64 { return 0.24 * p.size }

func (s *sheet) face(f *sfnt.Font, sizeMM float64) (font.Face, error) {
	k := faceKey{f, math.Round(sizeMM*s.px*4) / 4}
	if fc, ok := s.faces[k]; ok {
		return fc, nil
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: k.size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("creating font face: %w", err)
	}
	s.faces[k] = fc
	return fc, nil
}

// fontFor is the first of the pen's fonts that has a glyph for r.
func (s *sheet) fontFor(p pen, r rune) *sfnt.Font {
	for _, f := range p.fonts {
		if gi, err := f.GlyphIndex(&s.glyphs, r); err == nil && gi != 0 {
			return f
		}
	}
	return p.fonts[0]
}

// run is text ready to draw: Arabic shaped into visual order, no tracking inside Arabic (its
// letters join).
func run(p pen, text string) (pen, string) {
	if specimen.HasArabic(text) {
		p.track = 0
		return p, specimen.ShapeArabic(text)
	}
	return p, text
}

// width is the printed width of text in millimetres.
func (s *sheet) width(p pen, text string) (float64, error) {
	p, text = run(p, text)
	w := 0.0
	var prev rune
	var prevFont *sfnt.Font
	for i, r := range []rune(text) {
		f := s.fontFor(p, r)
		fc, err := s.face(f, p.size)
		if err != nil {
			return 0, err
		}
		if i > 0 && f == prevFont {
			w += float64(fc.Kern(prev, r)) / 64 / s.px
		}
		adv, _ := fc.GlyphAdvance(r)
		w += float64(adv)/64/s.px + p.track
		prev, prevFont = r, f
	}
	return max(0, w-p.track), nil
}

// write prints text with its left end at x on baseline (millimetres) and returns its box.
func (s *sheet) write(p pen, x, baseline float64, text string) (rectMM, error) {
	w, err := s.width(p, text)
	if err != nil {
		return rectMM{}, err
	}
	p, shaped := run(p, text)
	src := image.NewUniform(p.col)
	dot := x
	var prev rune
	var prevFont *sfnt.Font
	for i, r := range []rune(shaped) {
		f := s.fontFor(p, r)
		fc, err := s.face(f, p.size)
		if err != nil {
			return rectMM{}, err
		}
		if i > 0 && f == prevFont {
			dot += float64(fc.Kern(prev, r)) / 64 / s.px
		}
		d := font.Drawer{Dst: s.img, Src: src, Face: fc,
			Dot: fixed.Point26_6{X: fixed.Int26_6(dot * s.px * 64), Y: fixed.Int26_6(baseline * s.px * 64)}}
		d.DrawString(string(r))
		adv, _ := fc.GlyphAdvance(r)
		dot += float64(adv)/64/s.px + p.track
		prev, prevFont = r, f
	}
	box := rectMM{x, baseline - p.ascent(), x + w, baseline + p.descent()}
	s.marks = append(s.marks, mark{kind: "text", text: text, box: box})
	return box, nil
}

// writeRight prints text with its right end at x.
func (s *sheet) writeRight(p pen, x, baseline float64, text string) (rectMM, error) {
	w, err := s.width(p, text)
	if err != nil {
		return rectMM{}, err
	}
	return s.write(p, x-w, baseline, text)
}

// pxRect is r in pixels.
func (s *sheet) pxRect(r rectMM) image.Rectangle {
	return image.Rect(int(r.x0*s.px), int(r.y0*s.px), int(math.Ceil(r.x1*s.px)), int(math.Ceil(r.y1*s.px)))
}

// fill paints r with col blended at alpha (0..1).
func (s *sheet) fill(r rectMM, col color.RGBA, alpha float64) {
	b := s.pxRect(r).Intersect(s.img.Rect)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			i := s.img.PixOffset(x, y)
			for ch, v := range [3]uint8{col.R, col.G, col.B} {
				s.img.Pix[i+ch] = uint8(float64(s.img.Pix[i+ch])*(1-alpha) + float64(v)*alpha + 0.5)
			}
		}
	}
}
