package mrz

import (
	"image"
	"image/color"
	"math"

	"gocv.io/x/gocv"
)

// turn rotates an image about its centre so that direction theta becomes horizontal, onto a
// canvas large enough to keep every pixel; back maps turned coordinates to the original.
type turn struct {
	cos, sin     float64
	cx, cy       float64 // centre of the original
	outCX, outCY float64 // centre of the turned canvas
	outW, outH   int
}

func newTurn(w, h int, theta float64) turn {
	s, c := math.Sincos(theta)
	ow := int(math.Ceil(math.Abs(float64(w)*c) + math.Abs(float64(h)*s)))
	oh := int(math.Ceil(math.Abs(float64(w)*s) + math.Abs(float64(h)*c)))
	return turn{cos: c, sin: s, cx: float64(w) / 2, cy: float64(h) / 2,
		outCX: float64(ow) / 2, outCY: float64(oh) / 2, outW: ow, outH: oh}
}

// apply turns a binary mask (nearest neighbour keeps it binary); the caller closes the result.
func (t turn) apply(src gocv.Mat) gocv.Mat {
	// q = R(p − c) + c', R = [[cos, sin], [−sin, cos]] maps (cos θ, sin θ) to (1, 0).
	m := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
	defer m.Close()
	m.SetDoubleAt(0, 0, t.cos)
	m.SetDoubleAt(0, 1, t.sin)
	m.SetDoubleAt(0, 2, t.outCX-t.cos*t.cx-t.sin*t.cy)
	m.SetDoubleAt(1, 0, -t.sin)
	m.SetDoubleAt(1, 1, t.cos)
	m.SetDoubleAt(1, 2, t.outCY+t.sin*t.cx-t.cos*t.cy)
	out := gocv.NewMat()
	gocv.WarpAffineWithParams(src, &out, m, image.Pt(t.outW, t.outH), gocv.InterpolationNearestNeighbor,
		gocv.BorderConstant, color.RGBA{})
	return out
}

// back maps a point of the turned canvas to the original: p = Rᵀ(q − c') + c.
func (t turn) back(x, y float64) (float64, float64) {
	dx, dy := x-t.outCX, y-t.outCY
	return t.cos*dx - t.sin*dy + t.cx, t.sin*dx + t.cos*dy + t.cy
}

// backDir maps a direction of the turned canvas to the original.
func (t turn) backDir(ux, uy float64) (float64, float64) {
	return t.cos*ux - t.sin*uy, t.sin*ux + t.cos*uy
}
