package liveness

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"gocv.io/x/gocv"
)

// TestOutline: a print cut along an ellipse or by hand around the head and shoulders,
// held before a defocused scene, leaves a long smooth in-focus line around the head; a
// scene all in focus, a face whose surroundings are defocused (no step where the focus
// ends), and a sharp head whose outline is broken up like hair before a defocused backdrop
// do not.
func TestOutline(t *testing.T) {
	const W, H = 640, 640
	face := image.Rect(270, 250, 370, 370)
	centre := image.Pt(320, 310)
	rng := rand.New(rand.NewPCG(5, 6))
	// Random rectangles everywhere: edges of every orientation and contrast; the print's
	// picture and the scene behind it are two such.
	rects := func(base float64) gocv.Mat {
		m := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(base, 0, 0, 0), H, W, gocv.MatTypeCV8U)
		for i := 0; i < 150; i++ {
			x, y := rng.IntN(W), rng.IntN(H)
			g := uint8(rng.IntN(256))
			gocv.Rectangle(&m, image.Rect(x, y, x+8+rng.IntN(40), y+8+rng.IntN(40)), color.RGBA{g, g, g, 0}, -1)
		}
		return m
	}
	scene := rects(170)
	defer scene.Close()
	behind := rects(80)
	defer behind.Close()
	blurred := gocv.NewMat() // the scene behind, defocused
	defer blurred.Close()
	gocv.GaussianBlur(behind, &blurred, image.Pt(0, 0), 4, 0, gocv.BorderReplicate)
	white := color.RGBA{255, 255, 255, 0}
	// pasted: the sharp picture inside the mask drawn by draw, the defocused scene outside.
	pasted := func(draw func(mask *gocv.Mat)) gocv.Mat {
		out := blurred.Clone()
		mask := gocv.NewMatWithSize(H, W, gocv.MatTypeCV8U)
		defer mask.Close()
		draw(&mask)
		scene.CopyToWithMask(&out, mask)
		return out
	}
	// defocusedAround: the picture sharp within the face and defocused around it, as a lens
	// of little depth of field shows a real face (no step where the focus ends).
	defocusedAround := func(pic gocv.Mat, c image.Point) gocv.Mat {
		out := gocv.NewMat()
		gocv.GaussianBlur(pic, &out, image.Pt(0, 0), 4, 0, gocv.BorderReplicate)
		mask := gocv.NewMatWithSize(H, W, gocv.MatTypeCV8U)
		defer mask.Close()
		gocv.Ellipse(&mask, c, image.Pt(50, 60), 0, 0, 360, white, -1)
		pic.CopyToWithMask(&out, mask)
		return out
	}
	polygon := func(pts []image.Point) func(*gocv.Mat) {
		return func(m *gocv.Mat) {
			pv := gocv.NewPointsVectorFromPoints([][]image.Point{pts})
			defer pv.Close()
			gocv.FillPoly(m, pv, white)
		}
	}
	// A head whose outline wanders by up to ±12 % from one 3° step to the next (hair).
	var ragged []image.Point
	for a := 0.0; a < 360; a += 3 {
		r := 1 + 0.12*(2*rng.Float64()-1)
		t := a * math.Pi / 180
		ragged = append(ragged, image.Pt(centre.X+int(r*75*math.Cos(t)), centre.Y-15+int(r*125*math.Sin(t))))
	}
	for _, c := range []struct {
		name     string
		img      gocv.Mat
		min, max float64
	}{
		{"ellipse cut before a defocused scene", pasted(func(m *gocv.Mat) {
			gocv.Ellipse(m, centre, image.Pt(80, 115), 0, 0, 360, white, -1)
		}), 0.3, 1},
		{"all in focus", scene.Clone(), 0, 0.13},
		{"defocused up to the face", defocusedAround(scene, centre), 0, 0.13},
		{"ragged head outline before a defocused backdrop", pasted(polygon(ragged)), 0, 0.13},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer c.img.Close()
			_, _, got, _ := defocus(c.img, face)
			if got < c.min || got > c.max {
				t.Errorf("outline = %.2f, want in [%.2f, %.2f]", got, c.min, c.max)
			}
		})
	}
	// Hand cuts (handCut, attack.go): their snips bend the line every ray or two, so each
	// breaks it somewhere; on average the longest run still covers a fifth of the rays.
	t.Run("hand cuts before a defocused scene", func(t *testing.T) {
		var sum float64
		const n = 6
		for seed := uint64(1); seed <= n; seed++ {
			img := pasted(polygon(handCut(centre, 100, 120, rand.New(rand.NewPCG(seed, 4)))))
			_, _, got, _ := defocus(img, face)
			img.Close()
			sum += got
		}
		if mean := sum / n; mean < 0.2 {
			t.Errorf("mean outline %.2f over %d hand cuts, want ≥ 0.2", mean, n)
		}
	})
}

// BenchmarkOutline is the cue alone, on the gradients defocus has computed already (a face
// reduced to 120 px and its surroundings to 3.6 face radii: ~290×360 pixels).
func BenchmarkOutline(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const w, h = 290, 360
	m := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(128, 0, 0, 0), h, w, gocv.MatTypeCV32F)
	defer m.Close()
	for i := 0; i < 200; i++ {
		x, y := rng.IntN(w), rng.IntN(h)
		g := float64(rng.IntN(256))
		gocv.Rectangle(&m, image.Rect(x, y, x+4+rng.IntN(20), y+4+rng.IntN(20)), color.RGBA{uint8(g), 0, 0, 0}, -1)
	}
	fine, coarse, err := newGradientPair(&m, dfFine, dfCoarse)
	if err != nil {
		b.Fatal(err)
	}
	defer fine.Close()
	defer coarse.Close()
	for b.Loop() {
		outline(fine.sq, coarse.sq, w, h, w/2, h/2, 40, 50)
	}
}
