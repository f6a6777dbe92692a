package document

import (
	"image"
	"image/color"

	"gocv.io/x/gocv"
)

// Canonical sizes of the rectified document, in pixels: ID-1 cards (85.6×54 mm) and TD3
// passport pages (125×88 mm), both about 11.8 and 10 px/mm.
var (
	SizeID1 = image.Pt(1012, 638)
	SizeTD3 = image.Pt(1250, 880)
)

// Rectify warps the quadrilateral q of img onto an upright image of size; the caller closes it.
func Rectify(img gocv.Mat, q Quad, size image.Point) gocv.Mat {
	src := gocv.NewPoint2fVectorFromPoints(q[:])
	defer src.Close()
	w, h := float32(size.X), float32(size.Y)
	dst := gocv.NewPoint2fVectorFromPoints([]gocv.Point2f{{X: 0, Y: 0}, {X: w, Y: 0}, {X: w, Y: h}, {X: 0, Y: h}})
	defer dst.Close()
	m := gocv.GetPerspectiveTransform2f(src, dst)
	defer m.Close()
	out := gocv.NewMat()
	gocv.WarpPerspectiveWithParams(img, &out, m, size, gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
	return out
}
