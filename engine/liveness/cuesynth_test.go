package liveness

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"gocv.io/x/gocv"
)

// synthGray is a W×H grey image drawn by f(x, y) (0..255) plus Gaussian noise of sd 2.5
// (a camera's), closed by the caller.
func synthGray(w, h int, seed uint64, f func(x, y float64) float64) gocv.Mat {
	m := gocv.NewMatWithSize(h, w, gocv.MatTypeCV8U)
	p, _ := m.DataPtrUint8()
	rng := rand.New(rand.NewPCG(seed, 7))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			p[y*w+x] = clamp8(f(float64(x), float64(y)) + 2.5*rng.NormFloat64())
		}
	}
	return m
}

// TestHalftone: a halftone screen over the whole sheet is found at camera resolution; a
// smooth scene is not, nor is a periodic texture confined to one part of it (a fabric).
func TestHalftone(t *testing.T) {
	const W, H = 480, 480
	face := image.Rect(180, 160, 300, 300)
	shade := func(x, y float64) float64 { return 0.25 + 0.5*(x+y)/(W+H) } // ink coverage
	for _, c := range []struct {
		name     string
		f        func(x, y float64) float64
		min, max float64
	}{
		{"smooth scene", func(x, y float64) float64 { return 60 + 120*shade(x, y) + 10*math.Sin(x/40) }, 0, 0.6},
		{"halftone 15°, 3 px cells", func(x, y float64) float64 { return 230 - 180*dot(x, y, 15, 3, shade(x, y)) }, 0.9, math.Inf(1)},
		{"halftone 45°, 2.2 px cells (aliased)", func(x, y float64) float64 { return 230 - 180*dot(x, y, 45, 2.2, shade(x, y)) }, 0.9, math.Inf(1)},
		{"stripes in one corner", func(x, y float64) float64 {
			if x < 140 && y < 140 {
				return 120 + 60*math.Sin(2*math.Pi*x/3.3)
			}
			return 60 + 120*shade(x, y)
		}, 0, 0.6},
	} {
		t.Run(c.name, func(t *testing.T) {
			img := synthGray(W, H, 1, c.f)
			defer img.Close()
			gocv.GaussianBlur(img, &img, image.Pt(0, 0), 0.6, 0, gocv.BorderReplicate) // the lens
			got, err := halftone(img, face)
			if err != nil {
				t.Fatal(err)
			}
			if got < c.min || got > c.max {
				t.Errorf("halftone = %.3f, want in [%.2f, %.2f]", got, c.min, c.max)
			}
		})
	}
}

// TestDefocus: the face's edges and the ring's are equally sharp when the ring is in
// focus; a ring defocused behind a sharp face is softer; a face filling the frame leaves no
// ring to judge.
func TestDefocus(t *testing.T) {
	const W, H = 640, 640
	face := image.Rect(270, 250, 370, 370)
	// Random rectangles everywhere: edges of every orientation and contrast.
	scene := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(128, 0, 0, 0), H, W, gocv.MatTypeCV8U)
	defer scene.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 400; i++ {
		x, y := rng.IntN(W), rng.IntN(H)
		g := uint8(rng.IntN(256))
		gocv.Rectangle(&scene, image.Rect(x, y, x+8+rng.IntN(40), y+8+rng.IntN(40)), color.RGBA{g, g, g, 0}, -1)
	}
	blurred := gocv.NewMat()
	defer blurred.Close()
	gocv.GaussianBlur(scene, &blurred, image.Pt(0, 0), 4, 0, gocv.BorderReplicate)
	// cut: the sharp scene inside an ellipse of 2 face radii, the blurred one outside.
	cut := blurred.Clone()
	defer cut.Close()
	mask := gocv.NewMatWithSize(H, W, gocv.MatTypeCV8U)
	defer mask.Close()
	gocv.Ellipse(&mask, image.Pt(320, 310), image.Pt(100, 120), 0, 0, 360, color.RGBA{255, 255, 255, 0}, -1)
	scene.CopyToWithMask(&cut, mask)
	closeUp := scene.Region(image.Rect(0, 0, 200, 200))
	defer closeUp.Close()
	for _, c := range []struct {
		name    string
		img     gocv.Mat
		face    image.Rectangle
		ok      bool
		minDiff float64
		maxDiff float64
	}{
		{"all in focus", scene, face, true, -0.3, 0.3},
		{"scene defocused behind a cut-out", cut, face, true, 0.5, math.Inf(1)},
		{"face filling the frame: no surroundings", closeUp, image.Rect(20, 20, 180, 180), false, 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, r, _, ok := defocus(c.img, c.face)
			if ok != c.ok {
				t.Fatalf("ok = %v (face %.2f, ring %.2f), want %v", ok, f, r, c.ok)
			}
			if ok && (f-r < c.minDiff || f-r > c.maxDiff) {
				t.Errorf("face %.2f − ring %.2f = %.2f, want in [%.2f, %.2f]", f, r, f-r, c.minDiff, c.maxDiff)
			}
		})
	}
}
