package liveness

import (
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
	small := gocv.NewMat()
	defer small.Close()
	w, h := max(int(float64(r.Dx())*k), 1), max(int(float64(r.Dy())*k), 1)
	gocv.Resize(roi, &small, image.Pt(w, h), 0, 0, gocv.InterpolationArea)
	small.ConvertTo(&small, gocv.MatTypeCV32F) // no rounding between the Gaussians and Sobel
	// Squared magnitudes: the comparisons and the ratio's median are those of the
	// magnitudes, without a square root per pixel.
	fine, coarse := gradientSquared(small, dfFine), gradientSquared(small, dfCoarse)
	cut = outline(fine, coarse, w, h, (cx-float64(r.Min.X))*k, (cy-float64(r.Min.Y))*k, hx*k, hy*k)
	var faceRatios, ringRatios [][2]float64 // coarse magnitude², ratio² at edge centres
	inRing := 0
	const in2, out2 = dfRingIn * dfRingIn, dfRingOut * dfRingOut
	for y := 1; y < h-1; y++ {
		ey := (float64(r.Min.Y) + (float64(y)+0.5)/k - cy) / hy
		for x := 1; x < w-1; x++ {
			ex := (float64(r.Min.X) + (float64(x)+0.5)/k - cx) / hx
			rho2 := ex*ex + ey*ey
			isRing := rho2 >= in2 && rho2 <= out2
			if isRing {
				inRing++
			} else if rho2 > 1 {
				continue
			}
			i := y*w + x
			if !ridge(fine, i, w) {
				continue // beside an edge the coarse gradient is wide and the fine one small
			}
			v := [2]float64{coarse[i], fine[i] / math.Max(coarse[i], 1e-12)}
			if isRing {
				ringRatios = append(ringRatios, v)
			} else {
				faceRatios = append(faceRatios, v)
			}
		}
	}
	// The ring's area in reduced pixels, had it lain wholly in the image.
	ringArea := math.Pi * (dfRingOut*dfRingOut - dfRingIn*dfRingIn) * hx * hy * k * k
	if float64(inRing) < 0.3*ringArea {
		return 0, 0, cut, false
	}
	f, okf := edgeSharpness(faceRatios)
	g, okg := edgeSharpness(ringRatios)
	if !okf || !okg {
		return 0, 0, cut, false
	}
	return f, g, cut, true
}

// ridge: the fine gradient at i is the largest of its 3×3 neighbourhood (an edge's
// centre, where the ratio of the two blurs measures the edge's own blur).
func ridge(m []float64, i, w int) bool {
	v := m[i]
	for _, d := range [8]int{-w - 1, -w, -w + 1, -1, 1, w - 1, w, w + 1} {
		if m[i+d] > v {
			return false
		}
	}
	return true
}

// edgeSharpness is the median ratio over the strongest dfTopShare of the edge centres (by
// coarse magnitude) that are edges at all, from squared magnitudes and ratios. It reorders
// px.
func edgeSharpness(px [][2]float64) (float64, bool) {
	n := int(dfTopShare * float64(len(px)))
	if n < dfMinPixels {
		return 0, false
	}
	// The n strongest to the front (their order does not matter), then those of them that
	// are edges at all.
	nthElement(px, n-1, func(a, b [2]float64) bool { return a[0] > b[0] })
	top := make([]float64, 0, n)
	for _, p := range px[:n] {
		if p[0] >= dfMinGrad*dfMinGrad {
			top = append(top, p[1])
		}
	}
	if len(top) < dfMinPixels {
		return 0, false
	}
	m := len(top) / 2
	nthElement(top, m, func(a, b float64) bool { return a < b })
	return math.Sqrt(top[m]), true
}

// gradientSquared is the squared Sobel gradient magnitude of the image smoothed by a
// Gaussian of σ sigma, row-major.
func gradientSquared(img gocv.Mat, sigma float64) []float64 {
	b := gocv.NewMat()
	defer b.Close()
	gocv.GaussianBlur(img, &b, image.Pt(0, 0), sigma, 0, gocv.BorderReplicate)
	gx, gy := gocv.NewMat(), gocv.NewMat()
	defer gx.Close()
	defer gy.Close()
	gocv.Sobel(b, &gx, gocv.MatTypeCV32F, 1, 0, 3, 1, 0, gocv.BorderReplicate)
	gocv.Sobel(b, &gy, gocv.MatTypeCV32F, 0, 1, 3, 1, 0, gocv.BorderReplicate)
	px, _ := gx.DataPtrFloat32()
	py, _ := gy.DataPtrFloat32()
	out := make([]float64, len(px))
	for i, x := range px {
		xf, yf := float64(x), float64(py[i])
		out[i] = xf*xf + yf*yf
	}
	return out
}
