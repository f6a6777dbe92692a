package specimen

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/kycd/kycd/engine/mrz"
)

// Card geometry at pxPerMM: ICAO sizes (ID-1 85.6×54, ID-2 105×74, ID-3 125×88 mm), MRZ
// character pitch 2.54 mm and line pitch about 4.2 mm.
const (
	pxPerMM   = 8.0
	charPitch = 2.54 * pxPerMM
	linePitch = 4.2 * pxPerMM
	glyphSize = 3.4 * pxPerMM // em size giving OCR-B capitals about 2.4 mm high
)

func cardSize(f mrz.Format) (w, h int) {
	mm := [2]float64{125, 88}
	switch f {
	case mrz.TD1, mrz.FRDL:
		mm = [2]float64{85.6, 54}
	case mrz.TD2, mrz.MRVB, mrz.FRID:
		mm = [2]float64{105, 74}
	}
	return int(mm[0] * pxPerMM), int(mm[1] * pxPerMM)
}

// drawCard prints a card: a light patterned background, a photo block, some printed text
// (distractors for the MRZ locator) and the MRZ at the bottom.
func drawCard(fnt, fallback *sfnt.Font, rng *rand.Rand, f mrz.Format, lines []string) (*image.Gray, error) {
	w, h := cardSize(f)
	img := image.NewGray(image.Rect(0, 0, w, h))
	base := 200 + rng.IntN(50)
	fx, fy, amp := 0.02+rng.Float64()*0.05, 0.02+rng.Float64()*0.05, float64(rng.IntN(14))
	for y := range h {
		for x := range w {
			v := float64(base) + amp*math.Sin(float64(x)*fx+math.Sin(float64(y)*fy)*3)
			img.Pix[y*img.Stride+x] = uint8(max(0, min(255, v)))
		}
	}
	photo := image.Rect(w/20, h/6, w/20+w*3/10, h/6+h*9/20)
	draw.Draw(img, photo, image.NewUniform(color.Gray{uint8(60 + rng.IntN(90))}), image.Point{}, draw.Src)

	mrzFace, err := newFaces(fnt, fallback, glyphSize)
	if err != nil {
		return nil, err
	}
	defer mrzFace.Close()
	small, err := newFaces(fnt, fallback, glyphSize*0.8)
	if err != nil {
		return nil, err
	}
	defer small.Close()
	ink := image.NewUniform(color.Gray{uint8(10 + rng.IntN(50))})
	for i := range 4 { // printed zone: field labels and values
		text := randomString(rng, 6+rng.IntN(10), "ABCDEFGHIJKLMNOPQRSTUVWXYZ ")
		y := photo.Min.Y + 20 + i*47 // 1.4 line pitches
		printAt(img, small, ink, photo.Max.X+30, y, text, charPitch*0.7)
	}
	n := len(lines)
	width := float64(len(lines[0])) * charPitch
	x0 := (float64(w) - width) / 2
	for i, l := range lines {
		baseline := float64(h) - 4*pxPerMM - float64(n-1-i)*linePitch
		printAt(img, mrzFace, ink, int(x0), int(baseline), l, charPitch)
	}
	return img, nil
}

// faces is a font face with a fallback for the glyphs the first cannot draw.
type faces [2]font.Face

func newFaces(fnt, fallback *sfnt.Font, size float64) (faces, error) {
	var out faces
	for i, f := range []*sfnt.Font{fnt, fallback} {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			out.Close()
			return faces{}, fmt.Errorf("creating font face: %w", err)
		}
		out[i] = face
	}
	return out, nil
}

func (fs faces) Close() {
	for _, f := range fs {
		if f != nil {
			_ = f.Close()
		}
	}
}

// printAt draws s with a fixed pitch (the MRZ is monospaced by specification).
func printAt(img draw.Image, fs faces, ink image.Image, x, baseline int, s string, pitch float64) {
	for i, r := range s {
		dot := fixed.P(x+int(float64(i)*pitch), baseline)
		face := fs[0]
		if _, _, _, _, ok := face.Glyph(dot, r); !ok {
			face = fs[1]
		}
		d := font.Drawer{Dst: img, Src: ink, Face: face, Dot: dot}
		d.DrawString(string(r))
	}
}
