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
	SizeID2 = image.Pt(1050, 740) // 105×74 mm: the 1988 French CNI
)

// sizeFor is the canonical size for a document outline: passports are TD3 pages; a card
// much squarer than ID-1 (aspect 1.59) is the larger ID-2-like format (1.42).
func sizeFor(docType string, q Quad) image.Point {
	if docType == "passport" {
		return SizeTD3
	}
	w := (dist(q[0], q[1]) + dist(q[2], q[3])) / 2
	h := (dist(q[1], q[2]) + dist(q[3], q[0])) / 2
	if h > 0 && w/h < 1.5 {
		return SizeID2
	}
	return SizeID1
}

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
