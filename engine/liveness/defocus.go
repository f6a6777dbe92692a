package liveness

import (
	"fmt"
	"image"
	"math"

	"gocv.io/x/gocv"
)

// A face held up to the camera on a cut-out print is in focus while the scene behind it is
// not; a real face is in focus together with its hair, ears, neck and shoulders, which
// surround it at the same distance. defocus compares how sharp the strongest edges are on
// the face and in a ring around it (the head's and body's surroundings). Sharpness is
// measured as a ratio that does not depend on the edge's contrast: the gradient after a
// fine Gaussian over the gradient after a coarse one. For a step blurred by σe, that ratio
// is √(σe²+σc²)/√(σe²+σf²): ≈ 2.2 for an edge in focus, ≈ 1.2 for one defocused by 5 px.
const (
	// The face box's long side is reduced to this (pixels keep their blur). At 120, a scene
	// blurred by 2–6 px behind a cut-out in a 1,000-px photo looked in focus.
	dfMaxFace   = 280
	dfFine      = 1.0 // σ of the fine and coarse Gaussians
	dfCoarse    = 3.0
	dfRingIn    = 2.4 // the ring, in elliptic face radii (half the landmark box)
	dfRingOut   = 3.6
	dfTopShare  = 0.3  // the strongest share of a region's edge centres counts as its edges
	dfMinGrad   = 16.0 // coarse Sobel magnitude under which a pixel is no edge (≈ a 20-level step)
	dfMinPixels = 20
)

// defocus returns the edge sharpness of the face and of the ring around it; ok is false
// when either region has too few edges (or too little of the ring lies in the image) to
// judge. It measures the cut outline (outline.go) on the same gradients; that is 0 only
// when the face's surroundings are not in the image at all.
func defocus(gray gocv.Mat, box image.Rectangle) (face, ring, cut float64, ok bool) {
	hx, hy := float64(box.Dx())/2, float64(box.Dy())/2
	cx, cy := float64(box.Min.X)+hx, float64(box.Min.Y)+hy
	full := image.Rect(int(cx-dfRingOut*hx), int(cy-dfRingOut*hy), int(cx+dfRingOut*hx)+1, int(cy+dfRingOut*hy)+1)
	r := full.Intersect(image.Rect(0, 0, gray.Cols(), gray.Rows()))
	if r.Dx() < 16 || r.Dy() < 16 {
		return 0, 0, 0, false
	}
	k := math.Min(1, dfMaxFace/float64(max(box.Dx(), box.Dy())))
	roi := gray.Region(r)
	defer roi.Close()
	w, h := max(int(float64(r.Dx())*k), 1), max(int(float64(r.Dy())*k), 1)
	small := gocv.NewMat() // CV_32F: no rounding between the Gaussians and Sobel
	defer small.Close()
	if k < 1 {
		reduced := gocv.NewMat()
		gocv.Resize(roi, &reduced, image.Pt(w, h), 0, 0, gocv.InterpolationArea)
		reduced.ConvertTo(&small, gocv.MatTypeCV32F)
		reduced.Close()
	} else {
		roi.ConvertTo(&small, gocv.MatTypeCV32F)
	}
	// Squared magnitudes: the comparisons and the ratio's median are those of the
	// magnitudes, without a square root per pixel.
	fineG, coarseG, err := newGradientPair(&small, dfFine, dfCoarse)
	if err != nil {
		return 0, 0, 0, false
	}
	defer fineG.Close()
	defer coarseG.Close()
	fine, coarse := fineG.sq, coarseG.sq
	cut = outline(fine, coarse, w, h, (cx-float64(r.Min.X))*k, (cy-float64(r.Min.Y))*k, hx*k, hy*k)
	var faceEdges, ringEdges edges
	inRing := 0
	const in2, out2 = dfRingIn * dfRingIn, dfRingOut * dfRingOut
	// Only the face's ellipse and the ring are visited: per row, each is a span of x found
	// from the ellipse's equation and settled by the exact per-pixel test, so the pixels
	// (and their order) are those of a test of every pixel, at half the pixels' cost.
	x0 := (cx-float64(r.Min.X))*k - 0.5 // the column where ex = 0
	for y := 1; y < h-1; y++ {
		ey := (float64(r.Min.Y) + (float64(y)+0.5)/k - cy) / hy
		rho2 := func(x int) float64 {
			ex := (float64(r.Min.X) + (float64(x)+0.5)/k - cx) / hx
			return ex*ex + ey*ey
		}
		half := func(t float64) float64 { return math.Sqrt(math.Max(t-ey*ey, 0)) * hx * k }
		inFace := func(x int) bool { return rho2(x) <= 1 }
		inOuter := func(x int) bool { return rho2(x) <= out2 }
		inHole := func(x int) bool { return rho2(x) < in2 }
		fLo, fHi := span(inFace, x0, half(1), 1, w-2)
		oLo, oHi := span(inOuter, x0, half(out2), 1, w-2)
		hLo, hHi := span(inHole, x0, half(in2), 1, w-2)
		if hLo > hHi { // the hole misses this row: one ring span
			hLo, hHi = oHi+1, oHi
		}
		up, row, down := fine[(y-1)*w:y*w], fine[y*w:(y+1)*w], fine[(y+1)*w:(y+2)*w]
		visit := func(lo, hi int, e *edges) {
			for x := lo; x <= hi; x++ {
				// An edge centre: the fine gradient is the largest of its 3×3 neighbourhood
				// (beside an edge the coarse gradient is wide and the fine one small).
				v := row[x]
				if v < row[x-1] || v < row[x+1] || v < up[x-1] || v < up[x] || v < up[x+1] || v < down[x-1] || v < down[x] || v < down[x+1] {
					continue
				}
				e.centres++
				if i := y*w + x; coarse[i] >= dfMinGrad*dfMinGrad {
					e.strong = append(e.strong, int32(i))
				}
			}
		}
		if oLo > oHi {
			continue
		}
		inRing += (min(hLo-1, oHi) - oLo + 1) + max(oHi-max(hHi+1, oLo)+1, 0)
		visit(oLo, min(hLo-1, oHi), &ringEdges)
		visit(fLo, fHi, &faceEdges)
		visit(max(hHi+1, oLo), oHi, &ringEdges)
	}
	// The ring's area in reduced pixels, had it lain wholly in the image.
	ringArea := math.Pi * (dfRingOut*dfRingOut - dfRingIn*dfRingIn) * hx * hy * k * k
	if float64(inRing) < 0.3*ringArea {
		return 0, 0, cut, false
	}
	f, okf := faceEdges.sharpness(fine, coarse)
	g, okg := ringEdges.sharpness(fine, coarse)
	if !okf || !okg {
		return 0, 0, cut, false
	}
	return f, g, cut, true
}

// edges are a region's edge centres: how many, and the indices of those strong enough to
// be edges at all (only those can count; keeping the rest cost a copy of most of the
// region).
type edges struct {
	centres int
	strong  []int32
}

// sharpness is the median ratio over the strongest dfTopShare of the edge centres (by
// coarse magnitude) that are edges at all, from the squared magnitudes. It reorders
// e.strong.
func (e *edges) sharpness(fine, coarse []float32) (float64, bool) {
	n := int(dfTopShare * float64(e.centres))
	if n < dfMinPixels {
		return 0, false
	}
	// Every strong centre ranks above every weak one: the strongest n of all centres that
	// are edges are the strongest min(n, len) strong ones (their order does not matter).
	top := e.strong
	if len(top) > n {
		nthElement(top, n-1, func(a, b int32) bool { return coarse[a] > coarse[b] })
		top = top[:n]
	}
	if len(top) < dfMinPixels {
		return 0, false
	}
	ratios := make([]float64, len(top))
	for j, i := range top {
		c := float64(coarse[i])
		ratios[j] = float64(fine[i]) / c
	}
	m := len(ratios) / 2
	nthElement(ratios, m, func(a, b float64) bool { return a < b })
	return math.Sqrt(ratios[m]), true
}

// span is the run of columns lo..hi within [min, max] for which in holds, around the
// column x0 where the row's ellipse is centred, d its estimated half-width in columns (in
// is true on one run, at x0 when at all); lo > hi when the run is empty.
func span(in func(int) bool, x0, d float64, lo, hi int) (int, int) {
	c := min(max(int(math.Round(x0)), lo), hi)
	if !in(c) {
		return hi + 1, hi
	}
	a, b := min(max(int(math.Ceil(x0-d)), lo), c), max(min(int(math.Floor(x0+d)), hi), c)
	for a > lo && in(a-1) {
		a--
	}
	for a < c && !in(a) {
		a++
	}
	for b < hi && in(b+1) {
		b++
	}
	for b > c && !in(b) {
		b--
	}
	return a, b
}

// gradient is the squared Sobel gradient magnitude of an image smoothed by a Gaussian,
// row-major; sq is the memory of m, valid until Close.
type gradient struct {
	m  gocv.Mat
	sq []float32
}

// newGradient is the gradient of the gray image img (8-bit or CV_32F) at σ sigma.
func newGradient(img gocv.Mat, sigma float64) (gradient, error) {
	b, gy := gocv.NewMat(), gocv.NewMat()
	defer b.Close()
	defer gy.Close()
	gocv.GaussianBlur(img, &b, image.Pt(0, 0), sigma, 0, gocv.BorderReplicate)
	return sobelSquared(b, gocv.NewMat(), gy)
}

// newGradientPair is the gradients of the CV_32F gray image img at σs fine and coarse; img
// is left blurred by coarse. Its buffers are reused wherever one is free: on this kind of
// machine a fresh frame-sized buffer's first touch costs as much as the filter that fills
// it.
func newGradientPair(img *gocv.Mat, fine, coarse float64) (gradient, gradient, error) {
	b, gy := gocv.NewMat(), gocv.NewMat()
	defer gy.Close()
	gocv.GaussianBlur(*img, &b, image.Pt(0, 0), fine, 0, gocv.BorderReplicate)
	f, err := sobelSquared(b, gocv.NewMat(), gy)
	if err != nil {
		b.Close()
		return gradient{}, gradient{}, err
	}
	gocv.GaussianBlur(*img, img, image.Pt(0, 0), coarse, 0, gocv.BorderReplicate)
	c, err := sobelSquared(*img, b, gy) // b's blur is spent: it takes the coarse gradient
	if err != nil {
		f.Close()
		return gradient{}, gradient{}, err
	}
	return f, c, nil
}

// sobelSquared computes the squared Sobel magnitude of blurred into gx, which the result
// owns (and closes on error); gy is scratch. OpenCV squares and sums in place: a float64
// copy per call cost more than the Sobel filters.
func sobelSquared(blurred, gx, gy gocv.Mat) (gradient, error) {
	gocv.Sobel(blurred, &gx, gocv.MatTypeCV32F, 1, 0, 3, 1, 0, gocv.BorderReplicate)
	gocv.Sobel(blurred, &gy, gocv.MatTypeCV32F, 0, 1, 3, 1, 0, gocv.BorderReplicate)
	gocv.Multiply(gx, gx, &gx)
	gocv.Multiply(gy, gy, &gy)
	gocv.Add(gx, gy, &gx)
	sq, err := gx.DataPtrFloat32()
	if err != nil {
		gx.Close()
		return gradient{}, fmt.Errorf("liveness: gradient: %w", err)
	}
	return gradient{m: gx, sq: sq}, nil
}

// Close frees the gradient's memory.
func (g gradient) Close() { g.m.Close() }
