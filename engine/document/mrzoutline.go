package document

import (
	"math"

	"gocv.io/x/gocv"
)

// MRZ print geometry (ICAO 9303): characters at 2.54 mm, lines of 30 (ID-1 card), 36 (ID-2)
// or 44 (passport page) centred across the document, the last line a few millimetres above
// its bottom edge.
const (
	mrzPitchMM = 2.54
	// mrzBottomShare is the gap between the MRZ's last line and the bottom edge, as a share of
	// the document's height; outlinePad widens the outline by this share on every side (the
	// printed zone is found by its text, not by the outline's exact edges).
	mrzBottomShare = 0.07
	outlinePad     = 0.03
)

// docSizesMM are the document sizes (width, height) by MRZ line length.
var docSizesMM = map[int][2]float64{30: {85.6, 54}, 36: {105, 74}, 44: {125, 88}}

// OutlineFromMRZ is the document's outline derived from where its MRZ was read: zone holds the
// corners (x, y) of the MRZ lines' cells, top-left, top-right, bottom-right, bottom-left as
// the MRZ reads, and width is its line length. It serves photos in which Find sees no outline
// (a card on a table of its own colour, edges cut off by the frame); ok is false for a line
// length of no known document or a degenerate zone.
func OutlineFromMRZ(zone [4][2]float64, width int) (q Quad, ok bool) {
	size, known := docSizesMM[width]
	if !known {
		return Quad{}, false
	}
	p := func(i int) [2]float64 { return zone[i] }
	sub := func(a, b [2]float64) [2]float64 { return [2]float64{a[0] - b[0], a[1] - b[1]} }
	length := func(a [2]float64) float64 { return math.Hypot(a[0], a[1]) }
	top, side := sub(p(1), p(0)), sub(p(3), p(0))
	zw := (length(top) + length(sub(p(2), p(3)))) / 2
	if zw < 1 || length(side) < 1 {
		return Quad{}, false
	}
	u := [2]float64{top[0] / length(top), top[1] / length(top)}
	v := [2]float64{-u[1], u[0]} // down the document
	pxPerMM := zw / (float64(width) * mrzPitchMM)
	w, h := size[0]*pxPerMM*(1+2*outlinePad), size[1]*pxPerMM*(1+2*outlinePad)
	// The (widened) bottom edge's midpoint, under the middle of the last line.
	drop := (mrzBottomShare + outlinePad) * size[1] * pxPerMM
	bx := (p(2)[0]+p(3)[0])/2 + v[0]*drop
	by := (p(2)[1]+p(3)[1])/2 + v[1]*drop
	pt := func(su, sv float64) gocv.Point2f {
		return gocv.Point2f{X: float32(bx + su*w/2*u[0] + sv*h*v[0]), Y: float32(by + su*w/2*u[1] + sv*h*v[1])}
	}
	return Quad{pt(-1, -1), pt(1, -1), pt(1, 0), pt(-1, 0)}, true
}
