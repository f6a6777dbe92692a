package liveness

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"gocv.io/x/gocv"
)

// Synthetic presentation attacks for the evaluation (eval_test.go, benchmarks): there is no
// labelled attack set on the appliance, so attacks are rendered from genuine photos with the
// physics that gives them away — a screen's RGB subpixel grid resampled by the camera
// (moiré), display gamma, bezel and glare; a print's halftone dots, paper texture and edge;
// a cut-out's continuous-tone photo print pasted over another scene.

// Attack kinds.
const (
	AttackScreen = "screen"
	AttackPrint  = "print"
	AttackCutout = "cutout"
)

// AttackKinds lists the rendered attack types.
var AttackKinds = []string{AttackScreen, AttackPrint, AttackCutout}

// attackCutoutEllipse is the cut-out as first rendered, cut along a perfect ellipse (kept
// to compare cues on both renderings: LIVENESS_EVAL_CUTOUT=ellipse in eval_test.go).
const attackCutoutEllipse = "cutout-ellipse"

// SimulateAttack renders the attack kind of the BGR photo src as the camera would see it;
// face is the face's rectangle in src (the cut-out follows it). The caller closes the result.
func SimulateAttack(kind string, src gocv.Mat, face image.Rectangle, seed uint64) (gocv.Mat, error) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var out gocv.Mat
	switch kind {
	case AttackScreen:
		out = renderScreen(src, rng)
	case AttackPrint:
		out = renderPrint(src, rng, true)
	case AttackCutout:
		// The cut's own randomness comes from a second stream, so the print, the scene and
		// the camera are those of the ellipse rendering with the same seed.
		out = renderCutout(src, face, rng, rand.New(rand.NewPCG(seed, 0xc07)))
	case attackCutoutEllipse:
		out = renderCutout(src, face, rng, nil)
	default:
		return gocv.Mat{}, fmt.Errorf("unknown attack %q", kind)
	}
	return cameraCapture(out, rng)
}

// renderScreen shows src on an LCD whose pixels cover 2–3.5 camera pixels, RGB stripes with
// a black matrix, in a bezel on a dim background.
func renderScreen(src gocv.Mat, rng *rand.Rand) gocv.Mat {
	W, H := src.Cols(), src.Rows()
	fill := 0.8 + 0.15*rng.Float64()
	mag := 2 + 1.5*rng.Float64()
	sw, sh := int(float64(W)*fill/mag), int(float64(H)*fill/mag)
	content := gocv.NewMat()
	defer content.Close()
	gocv.Resize(src, &content, image.Pt(sw, sh), 0, 0, gocv.InterpolationArea)
	gamma := 0.8 + 0.3*rng.Float64()
	hi := gocv.NewMatWithSize(3*sh, 3*sw, gocv.MatTypeCV8UC3)
	defer hi.Close()
	cp, _ := content.DataPtrUint8()
	hp, _ := hi.DataPtrUint8()
	for y := 0; y < sh; y++ {
		for x := 0; x < sw; x++ {
			for r := 0; r < 3; r++ {
				row := 1.0
				if r == 2 {
					row = 0.5 // black matrix between pixel rows
				}
				for s := 0; s < 3; s++ { // stripes R, G, B left to right; BGR index 2-s
					v := float64(cp[(y*sw+x)*3+2-s]) / 255
					o := ((3*y+r)*3*sw + 3*x + s) * 3
					hp[o+2-s] = uint8(math.Min(255, 3*255*math.Pow(v, gamma)*row*0.62))
				}
			}
		}
	}
	screen := gocv.NewMat()
	defer screen.Close()
	// The lens blurs the subpixels a little before the sensor samples them (aliasing what
	// remains into moiré).
	gocv.GaussianBlur(hi, &hi, image.Pt(0, 0), 0.8+0.6*rng.Float64(), 0, gocv.BorderDefault)
	interp := gocv.InterpolationLinear
	gocv.Resize(hi, &screen, image.Pt(int(float64(W)*fill), int(float64(H)*fill)), 0, 0, interp)
	frame := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(40+20*rng.Float64(), 45, 50, 0), H, W, gocv.MatTypeCV8UC3)
	x0, y0 := (W-screen.Cols())/2, (H-screen.Rows())/2
	bezel := max(W/60, 3)
	gocv.Rectangle(&frame, image.Rect(x0-bezel, y0-bezel, x0+screen.Cols()+bezel, y0+screen.Rows()+bezel), color.RGBA{12, 12, 12, 0}, -1)
	dst := frame.Region(image.Rect(x0, y0, x0+screen.Cols(), y0+screen.Rows()))
	screen.CopyTo(&dst)
	dst.Close()
	addGlare(&frame, rng)
	return rotate(frame, rng, 4)
}

// renderPrint prints src with CMYK halftone dots (or continuous tone) on paper lying on a
// darker surface.
func renderPrint(src gocv.Mat, rng *rand.Rand, halftone bool) gocv.Mat {
	W, H := src.Cols(), src.Rows()
	fill := 0.82 + 0.12*rng.Float64()
	pw, ph := int(float64(W)*fill), int(float64(H)*fill)
	// The print's resolution over the camera's: 1 is a coarse (newspaper-like) screen whose
	// dots the camera resolves; at 1.5–2 the camera's pixels average several dots, leaving
	// the aliased remainder (moiré) that a real photo print at arm's length gives.
	res := 1.0
	if halftone {
		res = []float64{1, 1.5, 2}[rng.IntN(3)]
	}
	cw, ch := pw, ph
	pw, ph = int(float64(pw)*res), int(float64(ph)*res)
	img := gocv.NewMat()
	defer img.Close()
	gocv.Resize(src, &img, image.Pt(pw, ph), 0, 0, gocv.InterpolationCubic)
	ip, _ := img.DataPtrUint8()
	paper := [3]float64{228 + 10*rng.Float64(), 236, 240} // BGR, warm white
	cell := 3 + 2.5*rng.Float64()
	angles := [4]float64{15, 75, 0, 45} // C, M, Y, K screen angles
	out := gocv.NewMatWithSize(ph, pw, gocv.MatTypeCV8UC3)
	op, _ := out.DataPtrUint8()
	for y := 0; y < ph; y++ {
		for x := 0; x < pw; x++ {
			o := (y*pw + x) * 3
			b, g, r := float64(ip[o])/255, float64(ip[o+1])/255, float64(ip[o+2])/255
			k := 1 - math.Max(r, math.Max(g, b))
			inks := [4]float64{0, 0, 0, k}
			if k < 1 {
				inks[0], inks[1], inks[2] = (1-r-k)/(1-k), (1-g-k)/(1-k), (1-b-k)/(1-k)
			}
			if halftone {
				for i, a := range angles {
					inks[i] = dot(float64(x), float64(y), a, cell, inks[i])
				}
			}
			tex := 1 + 0.025*(rng.Float64()-0.5)
			// Ink absorbs its complementary primary: C → R, M → G, Y → B; K → all.
			rr := paper[2] * (1 - 0.85*inks[0]) * (1 - 0.85*inks[3]) * tex
			gg := paper[1] * (1 - 0.85*inks[1]) * (1 - 0.85*inks[3]) * tex
			bb := paper[0] * (1 - 0.8*inks[2]) * (1 - 0.85*inks[3]) * tex
			op[o], op[o+1], op[o+2] = clamp8(bb), clamp8(gg), clamp8(rr)
		}
	}
	if res != 1 { // the camera's pixels integrate the dots
		gocv.Resize(out, &out, image.Pt(cw, ch), 0, 0, gocv.InterpolationArea)
	}
	frame := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(60+30*rng.Float64(), 80, 110, 0), H, W, gocv.MatTypeCV8UC3)
	x0, y0 := (W-cw)/2, (H-ch)/2
	dst := frame.Region(image.Rect(x0, y0, x0+cw, y0+ch))
	out.CopyTo(&dst)
	dst.Close()
	out.Close()
	return rotate(frame, rng, 5)
}

// dot is the ink coverage (0 or 1) at (x, y) of a halftone screen at angle a (degrees) and
// cell size c for the tone t: a round dot of area t·c² at each cell center.
func dot(x, y, a, c, t float64) float64 {
	s, co := math.Sincos(a * math.Pi / 180)
	u, v := (x*co+y*s)/c, (-x*s+y*co)/c
	du, dv := u-math.Floor(u)-0.5, v-math.Floor(v)-0.5
	if math.Hypot(du, dv) < math.Sqrt(math.Max(t, 0)/math.Pi) {
		return 1
	}
	return 0
}

// renderCutout is a continuous-tone photo print cut along the head and held in front of
// another scene: the scene is a mirrored, zoomed, defocused part of the photo's own
// surroundings (real texture and colours, not a flat backdrop that a cue could learn).
// With cut, the print is cut by hand around the head and shoulders (handCut); without, along
// an ellipse around the head.
func renderCutout(src gocv.Mat, face image.Rectangle, rng, cut *rand.Rand) gocv.Mat {
	printed := renderPrint(src, rng, false)
	defer printed.Close()
	W, H := src.Cols(), src.Rows()
	flipped := gocv.NewMat()
	defer flipped.Close()
	gocv.Flip(src, &flipped, 1)
	zoom := 1.6 + 0.6*rng.Float64()
	part := image.Rect(0, 0, int(float64(W)/zoom), int(float64(H)/zoom))
	part = part.Add(image.Pt(rng.IntN(W-part.Dx()+1), rng.IntN(H-part.Dy()+1)))
	roi := flipped.Region(part)
	scene := gocv.NewMat()
	gocv.Resize(roi, &scene, image.Pt(W, H), 0, 0, gocv.InterpolationLinear)
	roi.Close()
	gocv.GaussianBlur(scene, &scene, image.Pt(0, 0), 2+4*rng.Float64(), 0, gocv.BorderReplicate)
	mask := gocv.NewMatWithSize(H, W, gocv.MatTypeCV8U)
	defer mask.Close()
	// The print shrank the photo by ~0.88 around the frame center; the cut follows the head.
	const fill = 0.88
	c := image.Pt(W/2+int(fill*float64((face.Min.X+face.Max.X)/2-W/2)), H/2+int(fill*float64((face.Min.Y+face.Max.Y)/2-H/2)))
	white := color.RGBA{255, 255, 255, 0}
	if cut == nil {
		gocv.Ellipse(&mask, c, image.Pt(face.Dx()*7/10, face.Dy()), 0, 0, 360, white, -1)
	} else {
		pts := handCut(c, fill*float64(face.Dx()), fill*float64(face.Dy()), cut)
		pv := gocv.NewPointsVectorFromPoints([][]image.Point{pts})
		gocv.FillPoly(&mask, pv, white)
		pv.Close()
		// Within the printed photo (it fills 82–94 % of the frame, turned by up to 5°): where
		// the outline would leave it, the scissors follow the photo's edge.
		inside := gocv.NewMatWithSize(H, W, gocv.MatTypeCV8U)
		gocv.Rectangle(&inside, image.Rect(W*12/100, H*12/100, W*88/100, H*88/100), white, -1)
		gocv.BitwiseAnd(mask, inside, &mask)
		inside.Close()
	}
	printed.CopyToWithMask(&scene, mask)
	return scene
}

// handCut is the outline of a print cut by hand with scissors around the head and shoulders
// of the face centred at c (fw, fh: the face's width and height on the print): straight
// snips of 6–14° between vertices around a head that is no ellipse (random 2nd–4th
// harmonics of its radius, each snip off by a little more), the neck, shoulders 1.1–1.6 face
// widths out to each side and a cut across the chest; both sides drawn independently.
func handCut(c image.Point, fw, fh float64, rng *rand.Rand) []image.Point {
	cx, cy := float64(c.X), float64(c.Y)
	hcy := cy - (0.1+0.1*rng.Float64())*fh // the head's centre, above the nose
	rx, ry := fw*(0.62+0.16*rng.Float64()), fh*(0.95+0.2*rng.Float64())
	var harm [3][2]float64 // amplitude, phase of the 2nd–4th harmonics
	for k := range harm {
		harm[k] = [2]float64{0.045 * (2*rng.Float64() - 1), 2 * math.Pi * rng.Float64()}
	}
	jit := func(s float64) float64 { return s * rng.NormFloat64() }
	var pts []image.Point
	add := func(x, y float64) { pts = append(pts, image.Pt(int(math.Round(x)), int(math.Round(y)))) }
	// side: -1 left, +1 right; the neck, shoulder and chest points of one side, top to bottom.
	side := func(sgn float64) [][2]float64 {
		neckW := fw * (0.33 + 0.12*rng.Float64())
		shW := fw * (1.1 + 0.5*rng.Float64())
		shY := cy + fh*(0.8+0.3*rng.Float64())
		bottom := cy + fh*(1.5+0.8*rng.Float64())
		return [][2]float64{
			{cx + sgn*(neckW+jit(0.03*fw)), cy + fh*(0.5+0.1*rng.Float64())},
			{cx + sgn*(neckW+jit(0.03*fw)), cy + fh*(0.65+0.05*rng.Float64())},
			{cx + sgn*(0.5*(neckW+shW)+jit(0.05*fw)), shY - fh*(0.12+0.08*rng.Float64())},
			{cx + sgn*(shW+jit(0.05*fw)), shY + fh*0.15},
			{cx + sgn*(shW*(1+0.1*rng.Float64())), bottom + jit(0.05*fh)},
		}
	}
	left, right := side(-1), side(1)
	// Around the head the long way, clockwise on the screen: from the left of the neck up
	// over the top and down to its right (θ from 90°, straight down with image y downwards;
	// the points below the jaw are the neck's).
	for th := 90.0; th < 450; th += 6 + 8*rng.Float64() {
		t := th * math.Pi / 180
		r := 1.0
		for k, h := range harm {
			r += h[0] * math.Cos(float64(k+2)*t+h[1])
		}
		r *= 1 + 0.02*rng.NormFloat64()
		x, y := cx+r*rx*math.Cos(t), hcy+r*ry*math.Sin(t)
		if y > cy+0.45*fh {
			continue
		}
		add(x, y)
	}
	// Down the right side, across the chest, up the left side.
	for _, p := range right {
		add(p[0], p[1])
	}
	for i := 1; i < 4; i++ {
		f := float64(i) / 4
		add(right[4][0]+f*(left[4][0]-right[4][0])+jit(0.03*fw), right[4][1]+f*(left[4][1]-right[4][1])+jit(0.03*fh))
	}
	for i := len(left) - 1; i >= 0; i-- {
		add(left[i][0], left[i][1])
	}
	return pts
}

// addGlare adds a soft specular highlight somewhere on the frame.
func addGlare(m *gocv.Mat, rng *rand.Rand) {
	W, H := m.Cols(), m.Rows()
	cx, cy := rng.Float64()*float64(W), rng.Float64()*float64(H)
	rad := (0.1 + 0.2*rng.Float64()) * float64(W)
	peak := 60 + 100*rng.Float64()
	p, _ := m.DataPtrUint8()
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			d := math.Hypot(float64(x)-cx, float64(y)-cy) / rad
			if d > 2 {
				continue
			}
			add := peak * math.Exp(-d*d)
			for c := 0; c < 3; c++ {
				o := (y*W+x)*3 + c
				p[o] = clamp8(float64(p[o]) + add)
			}
		}
	}
}

// rotate turns the frame by up to ±deg degrees (the attacker's hand is never level).
func rotate(m gocv.Mat, rng *rand.Rand, deg float64) gocv.Mat {
	defer m.Close()
	rot := gocv.GetRotationMatrix2D(image.Pt(m.Cols()/2, m.Rows()/2), (2*rng.Float64()-1)*deg, 1)
	defer rot.Close()
	out := gocv.NewMat()
	gocv.WarpAffineWithParams(m, &out, rot, image.Pt(m.Cols(), m.Rows()), gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
	return out
}

// cameraCapture adds what any camera adds: optics blur, sensor noise and JPEG. It closes m.
func cameraCapture(m gocv.Mat, rng *rand.Rand) (gocv.Mat, error) {
	defer m.Close()
	blur := gocv.NewMat()
	defer blur.Close()
	gocv.GaussianBlur(m, &blur, image.Pt(0, 0), 0.5+0.4*rng.Float64(), 0, gocv.BorderDefault)
	p, _ := blur.DataPtrUint8()
	for i := range p {
		p[i] = clamp8(float64(p[i]) + rng.NormFloat64()*2.5)
	}
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, blur, []int{gocv.IMWriteJpegQuality, 80 + rng.IntN(15)})
	if err != nil {
		return gocv.Mat{}, fmt.Errorf("encoding the simulated capture: %w", err)
	}
	defer buf.Close()
	out, err := gocv.IMDecode(buf.GetBytes(), gocv.IMReadColor)
	if err != nil {
		return gocv.Mat{}, fmt.Errorf("decoding the simulated capture: %w", err)
	}
	return out, nil
}

func clamp8(v float64) uint8 {
	return uint8(math.Max(0, math.Min(255, math.Round(v))))
}
