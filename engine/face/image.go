package face

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gocv.io/x/gocv"
)

// toBGR returns img as 3-channel 8-bit BGR: grey document scans and BGRA PNGs are
// converted into a new Mat (owned reports whether the caller must close it).
func toBGR(img gocv.Mat) (out gocv.Mat, owned bool, err error) {
	if img.Empty() {
		return gocv.Mat{}, false, ErrEmptyImage
	}
	var code gocv.ColorConversionCode
	switch img.Type() {
	case gocv.MatTypeCV8UC3:
		return img, false, nil
	case gocv.MatTypeCV8UC1:
		code = gocv.ColorGrayToBGR
	case gocv.MatTypeCV8UC4:
		code = gocv.ColorBGRAToBGR
	default:
		return gocv.Mat{}, false, fmt.Errorf("%w: mat type %v", ErrUnsupportedImage, img.Type())
	}
	out = gocv.NewMat()
	gocv.CvtColor(img, &out, code)
	return out, true, nil
}

// squareBlob crops r out of img, zero-pads it to a square (centered, or at the top-left
// when center is false, as face-api's padToSquare does), resizes it to size×size and
// returns the NCHW RGB blob (x − norm.mean)·norm.scale plus the side of the padded square in source
// pixels. The caller closes the blob.
func squareBlob(img gocv.Mat, r image.Rectangle, size int, norm normalization, center bool) (gocv.Mat, int, error) {
	if r.Empty() {
		return gocv.Mat{}, 0, fmt.Errorf("empty crop %v", r)
	}
	crop := img.Region(r)
	defer crop.Close()
	side := max(r.Dx(), r.Dy())
	padded := gocv.NewMat()
	defer padded.Close()
	top, left := 0, 0
	if center {
		top, left = (side-r.Dy())/2, (side-r.Dx())/2
	}
	gocv.CopyMakeBorder(crop, &padded, top, side-r.Dy()-top, left, side-r.Dx()-left, gocv.BorderConstant, color.RGBA{})
	resized := gocv.NewMat()
	defer resized.Close()
	interp := gocv.InterpolationLinear
	if side > size {
		interp = gocv.InterpolationArea // antialias when shrinking (large selfies)
	}
	gocv.Resize(padded, &resized, image.Pt(size, size), 0, 0, interp)
	blob := gocv.BlobFromImage(resized, norm.scale, image.Pt(size, size),
		gocv.NewScalar(norm.mean[0], norm.mean[1], norm.mean[2], 0), true, false)
	return blob, side, nil
}

// normalization is a network's input transform (x − mean)·scale on RGB pixels.
type normalization struct {
	mean  [3]float64
	scale float64
}

// letterboxBlob resizes img to fit size (aspect kept), pads it bottom/right with black to
// exactly size and returns the NCHW RGB blob plus the resize scale (input px per source px).
func letterboxBlob(img gocv.Mat, size image.Point, norm normalization) (gocv.Mat, float64, error) {
	if img.Empty() {
		return gocv.Mat{}, 0, ErrEmptyImage
	}
	scale := math.Min(float64(size.X)/float64(img.Cols()), float64(size.Y)/float64(img.Rows()))
	w := min(size.X, max(1, int(math.Round(float64(img.Cols())*scale))))
	h := min(size.Y, max(1, int(math.Round(float64(img.Rows())*scale))))
	resized := gocv.NewMat()
	defer resized.Close()
	interp := gocv.InterpolationArea
	if scale > 1 {
		interp = gocv.InterpolationLinear
	}
	gocv.Resize(img, &resized, image.Pt(w, h), 0, 0, interp)
	padded := gocv.NewMat()
	defer padded.Close()
	gocv.CopyMakeBorder(resized, &padded, 0, size.Y-h, 0, size.X-w, gocv.BorderConstant, color.RGBA{})
	blob := gocv.BlobFromImage(padded, norm.scale, size,
		gocv.NewScalar(norm.mean[0], norm.mean[1], norm.mean[2], 0), true, false)
	return blob, scale, nil
}
