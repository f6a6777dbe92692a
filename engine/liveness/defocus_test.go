package liveness

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSpanMatchesScan: span finds exactly the columns a test of every column finds, for
// ellipse rows of every size and position, clipped by the image's sides, from an exact or
// a wrong half-width (defocus's visit order and ring count depend on it).
func TestSpanMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 20000; n++ {
		w := 3 + rng.IntN(400)
		x0 := rng.Float64()*float64(w+40) - 20.5
		hx := 0.3 + rng.Float64()*150
		ey := rng.Float64()*1.4 - 0.2
		t2 := []float64{1, dfRingIn * dfRingIn, dfRingOut * dfRingOut}[rng.IntN(3)]
		in := func(x int) bool {
			ex := (float64(x) - x0) / hx
			return ex*ex+ey*ey <= t2
		}
		// The half-width as estimated, or off by up to a few columns either way (the
		// estimate is only where the exact test starts).
		d := math.Sqrt(math.Max(t2-ey*ey, 0)) * hx
		if n%2 == 1 {
			d = math.Max(0, d+rng.Float64()*8-4)
		}
		lo, hi := span(in, x0, d, 1, w-2)
		for x := 1; x <= w-2; x++ {
			if got := x >= lo && x <= hi; got != in(x) {
				t.Fatalf("w=%d x0=%.3f hx=%.3f ey=%.3f t=%.2f: span [%d,%d], column %d in=%v", w, x0, hx, ey, t2, lo, hi, x, in(x))
			}
		}
	}
}
