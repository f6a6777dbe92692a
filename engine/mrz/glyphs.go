package mrz

import (
	"fmt"
	"image"
	"image/draw"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// OCR-B font files of Debian's fonts-ocr-b package. x/image cannot draw OCRB.otf's `8` and `<`
// (their outlines use the CFF flex1 operator), so those glyphs come from the "Sharp" cut.
const (
	ocrbPath      = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
	ocrbSharpPath = "/usr/share/fonts/opentype/ocr-b/OCRBS.otf"
)

// mrzAlphabet is every character an MRZ may hold, in template order.
const mrzAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"

// glyphCapPx is the cap height the templates are rendered at before sampling: large enough that
// stroke-weight variants are whole pixels apart.
const glyphCapPx = 96

// glyphTemplate is one rendering of a character, sampled into a normalised patch.
type glyphTemplate struct {
	ch  byte
	vec patchVec
}

// glyphSet is the read-only set of templates a Reader classifies characters against.
type glyphSet struct {
	templates []glyphTemplate
}

// strokeVariants are the stroke-weight changes (pixels at glyphCapPx, negative thins) rendered
// for every character: printers and cameras make OCR-B lighter or bolder than the font.
var strokeVariants = []int{0, 4, 9}

// loadGlyphs renders the MRZ alphabet from the OCR-B font files.
func loadGlyphs(path, fallbackPath string) (*glyphSet, error) {
	var faces []font.Face
	for _, p := range []string{path, fallbackPath} {
		f, err := loadFace(p)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		faces = append(faces, f)
	}
	capH := capHeight(faces[0])
	set := &glyphSet{}
	for i := range len(mrzAlphabet) {
		ch := mrzAlphabet[i]
		base := renderGlyph(faces, ch)
		for _, d := range strokeVariants {
			img := morph(base, d)
			set.templates = append(set.templates, glyphTemplate{ch, templatePatch(img, capH)})
		}
	}
	return set, nil
}

func loadFace(path string) (font.Face, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading ocr-b font: %w", err)
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("parsing font %s: %w", path, err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: glyphCapPx * 1.45, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("creating font face: %w", err)
	}
	return face, nil
}

// glyphCanvas is a rendered glyph: ink coverage 0..255 and the baseline row.
type glyphCanvas struct {
	img      *image.Gray
	baseline int
}

const canvasSide = glyphCapPx * 2

func renderGlyph(faces []font.Face, ch byte) glyphCanvas {
	img := image.NewGray(image.Rect(0, 0, canvasSide, canvasSide))
	baseline := canvasSide * 3 / 4
	dot := fixed.P(canvasSide/4, baseline)
	face := faces[0]
	if _, _, _, _, ok := face.Glyph(dot, rune(ch)); !ok {
		face = faces[1]
	}
	d := font.Drawer{Dst: img, Src: image.White, Face: face, Dot: dot}
	d.DrawString(string(ch))
	return glyphCanvas{img, baseline}
}

// capHeight measures the ink height of `H`, the unit every patch is scaled by.
func capHeight(face font.Face) float64 {
	g := renderGlyph([]font.Face{face, face}, 'H')
	b := inkBounds(g.img, 128)
	return float64(b.Dy())
}

// inkBounds is the bounding box of the pixels at or above level.
func inkBounds(img *image.Gray, level uint8) image.Rectangle {
	r := image.Rectangle{Min: img.Rect.Max, Max: img.Rect.Min}
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if img.Pix[img.PixOffset(x, y)] >= level {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// morph thickens (d > 0) or thins (d < 0) the strokes by |d| pixels with a square element.
func morph(g glyphCanvas, d int) glyphCanvas {
	if d == 0 {
		return g
	}
	src := g.img
	out := image.NewGray(src.Rect)
	draw.Draw(out, out.Rect, src, image.Point{}, draw.Src)
	r := d
	if r < 0 {
		r = -r
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	tmp := make([]uint8, w*h)
	// Separable max (or min) filter: rows, then columns.
	pick := func(a, b uint8) uint8 {
		if (d > 0) == (a > b) {
			return a
		}
		return b
	}
	for y := range h {
		for x := range w {
			v := src.Pix[y*src.Stride+x]
			for k := max(0, x-r); k <= min(w-1, x+r); k++ {
				v = pick(v, src.Pix[y*src.Stride+k])
			}
			tmp[y*w+x] = v
		}
	}
	for y := range h {
		for x := range w {
			v := tmp[y*w+x]
			for k := max(0, y-r); k <= min(h-1, y+r); k++ {
				v = pick(v, tmp[k*w+x])
			}
			out.Pix[y*out.Stride+x] = v
		}
	}
	return glyphCanvas{out, g.baseline}
}

// templatePatch samples a glyph the way a printed character is sampled: centred horizontally
// on its ink, vertically on the cap-height band, scaled by the cap height.
func templatePatch(g glyphCanvas, capH float64) patchVec {
	b := inkBounds(g.img, 128)
	cx := float64(b.Min.X+b.Max.X) / 2
	cy := float64(g.baseline) - capH/2
	src := plane{pix: g.img.Pix, w: g.img.Rect.Dx(), h: g.img.Rect.Dy(), stride: g.img.Stride}
	return samplePatch(src, cx, cy, capH)
}
