package liveness

import (
	"image"

	"gocv.io/x/gocv"
)

// A print's halftone screen (and a screen's pixel grid) is one periodic pattern laid over
// the whole sheet: the same lattice, at the same frequencies, under the face, the hair and
// the background printed around it. It is strongest where the ink dots are large (dark
// hair, clothes, a dark background) and weakest on light skin, where periodicity's single
// skin patch looks. halftone averages the log spectra of a grid of patches around the face,
// so a peak present in every patch (a lattice) stands out while a texture that is periodic
// in one place (a fabric, a tiled wall) and the patches' own detail average away.
const (
	htSpan    = 2.4 // side of the sampled square, in face sizes
	htGrid    = 4   // patches per side of that square
	htPatch   = 64  // patch side (32 when the square is small)
	htMinSide = 96  // the square's clipped side under which there is nothing to average
)

// halftone is the mean peak excess of the averaged spectrum of htGrid² patches tiling a
// square of htSpan face sizes around the face box (clipped to the image).
func halftone(gray gocv.Mat, box image.Rectangle) (float64, error) {
	side := int(htSpan * float64(max(box.Dx(), box.Dy())))
	c := box.Min.Add(box.Max).Div(2)
	r := image.Rect(c.X-side/2, c.Y-side/2, c.X+side/2, c.Y+side/2).Intersect(image.Rect(0, 0, gray.Cols(), gray.Rows()))
	if min(r.Dx(), r.Dy()) < htMinSide {
		return 0, nil
	}
	n := htPatch
	if min(r.Dx(), r.Dy()) < htGrid*htPatch/2 {
		n = htPatch / 2
	}
	var sum []float64
	count := 0
	for gy := 0; gy < htGrid; gy++ {
		for gx := 0; gx < htGrid; gx++ {
			x := r.Min.X + gx*(r.Dx()-n)/(htGrid-1)
			y := r.Min.Y + gy*(r.Dy()-n)/(htGrid-1)
			mag, err := logSpectrum(gray, image.Rect(x, y, x+n, y+n))
			if err != nil {
				return 0, err
			}
			if sum == nil {
				sum = mag
			} else {
				for i, v := range mag {
					sum[i] += v
				}
			}
			count++
		}
	}
	for i := range sum {
		sum[i] /= float64(count)
	}
	return peakExcess(sum, n), nil
}
