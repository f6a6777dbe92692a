package duplicate

import (
	"fmt"
	"image"
	"slices"

	"gocv.io/x/gocv"
)

// PHash is the 64-bit DCT perceptual hash of an image (BGR or grey): grey, 32×32 by area
// averaging, DCT, the 8×8 lowest frequencies compared with their median. Re-encoding,
// resizing and mild blur change a few bits; another picture differs in about half.
func PHash(img gocv.Mat) (uint64, error) {
	if img.Empty() {
		return 0, fmt.Errorf("phash: empty image")
	}
	grey := gocv.NewMat()
	defer grey.Close()
	if img.Channels() == 1 {
		img.CopyTo(&grey)
	} else {
		gocv.CvtColor(img, &grey, gocv.ColorBGRToGray)
	}
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(grey, &small, image.Pt(32, 32), 0, 0, gocv.InterpolationArea)
	f := gocv.NewMat()
	defer f.Close()
	small.ConvertTo(&f, gocv.MatTypeCV32F)
	dct := gocv.NewMat()
	defer dct.Close()
	gocv.DCT(f, &dct, 0)
	coef := make([]float32, 0, 64)
	for y := range 8 {
		for x := range 8 {
			coef = append(coef, dct.GetFloatAt(y, x))
		}
	}
	// The DC term (overall brightness) is left out of the median.
	sorted := slices.Clone(coef[1:])
	slices.Sort(sorted)
	med := sorted[len(sorted)/2]
	var h uint64
	for i, c := range coef {
		if c > med {
			h |= 1 << uint(i)
		}
	}
	return h, nil
}
