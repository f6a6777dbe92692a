package altgen

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font/sfnt"
)

// palette is the colours of one document side: two paper tints, the security-print line
// colour, captions, values and the header.
type palette struct {
	paperA, paperB, lines color.RGBA
	caption, value, head  color.RGBA
}

// randomPalette draws the colours around a base hue (0..1): pale paper, mid-tone captions and
// dark values, as security printing is.
func randomPalette(rng *rand.Rand, hue float64) palette {
	hue += rng.Float64()*0.08 - 0.04
	return palette{
		paperA:  hsl(hue, 0.25+rng.Float64()*0.35, 0.90+rng.Float64()*0.05),
		paperB:  hsl(hue+0.08+rng.Float64()*0.15, 0.2+rng.Float64()*0.3, 0.88+rng.Float64()*0.06),
		lines:   hsl(hue+rng.Float64()*0.3, 0.3+rng.Float64()*0.3, 0.70+rng.Float64()*0.08),
		caption: darkest(hsl(hue+0.5+rng.Float64()*0.2, 0.35+rng.Float64()*0.4, 0.28+rng.Float64()*0.12), 0.3),
		value:   hsl(0.55+rng.Float64()*0.2, 0.2+rng.Float64()*0.5, 0.06+rng.Float64()*0.1),
		head:    hsl(hue+0.45+rng.Float64()*0.2, 0.45+rng.Float64()*0.4, 0.22+rng.Float64()*0.12),
	}
}

// darkest scales c down until its luminance is at most y (0..1): a yellow of a caption's
// lightness would be too faint on pale paper.
func darkest(c color.RGBA, y float64) color.RGBA {
	lum := (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
	if lum <= y {
		return c
	}
	k := y / lum
	return color.RGBA{uint8(float64(c.R) * k), uint8(float64(c.G) * k), uint8(float64(c.B) * k), 255}
}

// hsl converts a hue (turns), saturation and lightness to RGB.
func hsl(h, s, l float64) color.RGBA {
	h -= math.Floor(h)
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h*6, 2)-1))
	var r, g, b float64
	switch int(h * 6) {
	case 0:
		r, g, b = c, x, 0
	case 1:
		r, g, b = x, c, 0
	case 2:
		r, g, b = 0, c, x
	case 3:
		r, g, b = 0, x, c
	case 4:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	m := l - c/2
	u := func(v float64) uint8 { return uint8(max(0, min(255, math.Round((v+m)*255)))) }
	return color.RGBA{u(r), u(g), u(b), 255}
}

// paper paints the side's background: a gradient between the two tints under one of three
// security patterns (a rosette of modulated rings, wavy hatching, or soft clouds with a dot
// screen), all faint enough that print stays legible.
func (s *sheet) paper(rng *rand.Rand, pal palette) {
	b := s.img.Rect
	angle := rng.Float64() * math.Pi
	gx, gy := math.Cos(angle)/float64(b.Dx()), math.Sin(angle)/float64(b.Dy())
	kind := rng.IntN(3)
	cx, cy := rng.Float64()*float64(b.Dx()), rng.Float64()*float64(b.Dy())
	period := (0.9 + rng.Float64()*0.9) * s.px // line period, 0.9–1.8 mm
	lobes := float64(5 + rng.IntN(9))
	amp := (1 + rng.Float64()*3) * s.px
	depth := 0.25 + rng.Float64()*0.35
	// Clouds are Gaussian bumps, separable: one factor per column and one per row.
	var cloudX, cloudY [4][]float64
	var cloudAmp [4]float64
	for i := range cloudAmp {
		cx, cy := rng.Float64()*float64(b.Dx()), rng.Float64()*float64(b.Dy())
		sigma := (8 + rng.Float64()*25) * s.px
		cloudAmp[i] = rng.Float64()*0.5 - 0.25
		cloudX[i], cloudY[i] = gauss(b.Dx(), cx, sigma), gauss(b.Dy(), cy, sigma)
	}
	dot := period * 1.5
	for y := range b.Dy() {
		for x := range b.Dx() {
			fx, fy := float64(x), float64(y)
			t := min(1, max(0, 0.5+(fx-float64(b.Dx())/2)*gx+(fy-float64(b.Dy())/2)*gy))
			line := 0.0
			switch kind {
			case 0: // rosette
				dx, dy := fx-cx, fy-cy
				r := math.Hypot(dx, dy) + amp*math.Sin(lobes*math.Atan2(dy, dx))
				line = thin(r / period)
			case 1: // wavy hatching at 30°
				u := fx*0.87 + fy*0.5 + amp*math.Sin(fy/(7*s.px)+fx/(11*s.px))
				line = thin(u / period)
			default: // clouds and a dot screen
				for i, a := range cloudAmp {
					t += a * cloudX[i][x] * cloudY[i][y]
				}
				t = min(1, max(0, t))
				if fx-dot*math.Floor(fx/dot) < 1.2 && fy-dot*math.Floor(fy/dot) < 1.2 {
					line = 1
				}
			}
			i := s.img.PixOffset(x, y)
			for ch, pair := range [3][3]uint8{{pal.paperA.R, pal.paperB.R, pal.lines.R}, {pal.paperA.G, pal.paperB.G, pal.lines.G}, {pal.paperA.B, pal.paperB.B, pal.lines.B}} {
				v := float64(pair[0])*(1-t) + float64(pair[1])*t
				v = v*(1-line*depth) + float64(pair[2])*line*depth
				s.img.Pix[i+ch] = uint8(max(0, min(255, v)))
			}
			s.img.Pix[i+3] = 255
		}
	}
}

// gauss is exp(-(i-c)²/2σ²) for i in [0, n).
func gauss(n int, c, sigma float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		d := float64(i) - c
		out[i] = math.Exp(-d * d / (2 * sigma * sigma))
	}
	return out
}

// thin is 1 on a thin line at every integer of v, fading to 0 between.
func thin(v float64) float64 {
	d := math.Abs(v - math.Round(v))
	return math.Max(0, 1-d/0.12)
}

// portrait prints photo cropped to r (covering it, face high in the frame), grey or in muted
// colour, with an optional frame; faint prints the small ghost copy.
func (s *sheet) portrait(photo image.Image, r rectMM, grey, frame bool, faint float64) {
	dst := s.pxRect(r)
	s.marks = append(s.marks, mark{kind: "portrait", box: r})
	if photo == nil {
		s.fill(r, color.RGBA{120, 124, 130, 255}, 1-faint)
		return
	}
	b := photo.Bounds()
	aspect := float64(dst.Dx()) / float64(dst.Dy())
	cw, ch := float64(b.Dx()), float64(b.Dy())
	if cw/ch > aspect {
		cw = ch * aspect
	} else {
		ch = cw / aspect
	}
	x0 := b.Min.X + int((float64(b.Dx())-cw)/2)
	y0 := b.Min.Y + int((float64(b.Dy())-ch)*0.3)
	crop := image.Rect(x0, y0, x0+int(cw), y0+int(ch))
	tmp := image.NewRGBA(image.Rect(0, 0, dst.Dx(), dst.Dy()))
	xdraw.CatmullRom.Scale(tmp, tmp.Rect, photo, crop, xdraw.Src, nil)
	for y := range dst.Dy() {
		for x := range dst.Dx() {
			if !(image.Point{dst.Min.X + x, dst.Min.Y + y}).In(s.img.Rect) {
				continue
			}
			i, j := tmp.PixOffset(x, y), s.img.PixOffset(dst.Min.X+x, dst.Min.Y+y)
			lum := 0.299*float64(tmp.Pix[i]) + 0.587*float64(tmp.Pix[i+1]) + 0.114*float64(tmp.Pix[i+2])
			for ch := range 3 {
				v := float64(tmp.Pix[i+ch])
				if grey {
					v = lum
				} else {
					v = 0.6*v + 0.4*lum
				}
				s.img.Pix[j+ch] = uint8(float64(s.img.Pix[j+ch])*faint + v*(1-faint))
			}
		}
	}
	if frame {
		w := 0.25
		ink := color.RGBA{60, 60, 70, 255}
		s.fill(rectMM{r.x0, r.y0, r.x1, r.y0 + w}, ink, 1)
		s.fill(rectMM{r.x0, r.y1 - w, r.x1, r.y1}, ink, 1)
		s.fill(rectMM{r.x0, r.y0, r.x0 + w, r.y1}, ink, 1)
		s.fill(rectMM{r.x1 - w, r.y0, r.x1, r.y1}, ink, 1)
	}
}

// mrzPlan is where the MRZ goes: OCR-B at the ICAO pitch of 2.54 mm, its last baseline
// bottom millimetres above the edge.
type mrzPlan struct {
	lines     []string
	size      float64 // em, mm
	linePitch float64
	bottom    float64
	shift     float64 // horizontal offset from centred, mm
	clear     bool    // a plain band behind the zone
}

func newMRZPlan(rng *rand.Rand, lines []string) mrzPlan {
	return mrzPlan{lines: lines, size: 3.25 + rng.Float64()*0.3, linePitch: 3.9 + rng.Float64()*0.5,
		bottom: 3.3 + rng.Float64()*1.0, shift: rng.Float64()*1.6 - 0.8, clear: rng.IntN(2) == 0}
}

// top is the y (mm) above which printed fields must stay: the MRZ's first cap line less two
// millimetres and a half of clear space; the sheet's height without an MRZ.
func (m mrzPlan) top(hMM float64) float64 {
	if len(m.lines) == 0 {
		return hMM
	}
	return hMM - m.bottom - float64(len(m.lines)-1)*m.linePitch - 0.75*m.size - 2.5
}

const mrzPitch = 2.54 // mm, ICAO 9303

func (s *sheet) mrz(m mrzPlan, fonts fontBook, ink color.RGBA) error {
	if len(m.lines) == 0 {
		return nil
	}
	x0 := (s.wMM-float64(len(m.lines[0]))*mrzPitch)/2 + m.shift
	zone := rectMM{x0 - 1, m.top(s.hMM) + 0.5, x0 + float64(len(m.lines[0]))*mrzPitch + 1, s.hMM - m.bottom + 0.3*m.size}
	if m.clear {
		s.fill(rectMM{0, zone.y0, s.wMM, s.hMM}, color.RGBA{250, 250, 246, 255}, 0.55)
	}
	p := pen{fonts: []*sfnt.Font{fonts.ocrb}, size: m.size, col: ink}
	for i, l := range m.lines {
		baseline := s.hMM - m.bottom - float64(len(m.lines)-1-i)*m.linePitch
		for j, r := range l {
			if _, err := s.write(p, x0+float64(j)*mrzPitch, baseline, string(r)); err != nil {
				return err
			}
			s.marks = s.marks[:len(s.marks)-1] // one mark for the whole zone
		}
	}
	s.marks = append(s.marks, mark{kind: "mrz", box: zone})
	return nil
}
