package mrz

import (
	"image"
	"image/color"
	"math"
	"sort"

	"gocv.io/x/gocv"
)

// Locator tuning. The photo is analysed at locateSide pixels on its longest side; at that size
// MRZ characters of a document filling a third to all of the frame are 5 to 15 pixels apart.
const (
	locateSide    = 720
	maxCandidates = 4
	minAspect     = 2.5 // MRZ blocks are 7 (TD1) to 14 (TD3) times wider than tall
	minFill       = 0.45
	minAreaShare  = 0.004
)

// band is a candidate MRZ region in full-resolution coordinates: centre, unit vector along the
// lines, half-length and half-height.
type band struct {
	cx, cy, ux, uy, halfW, halfH float64
}

// locate finds regions that look like an MRZ: dark text strokes (black-hat), merged by a closing
// into blocks, kept when the block is long, thin and dense. Square kernels make it work at any
// rotation; two closing sizes cover small and large print.
func locate(gray gocv.Mat) []band {
	scale := locateSide / float64(max(gray.Cols(), gray.Rows()))
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(gray, &small, image.Point{}, scale, scale, gocv.InterpolationArea)

	hatKernel := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(13, 13))
	defer hatKernel.Close()
	hat := gocv.NewMat()
	defer hat.Close()
	gocv.MorphologyEx(small, &hat, gocv.MorphBlackhat, hatKernel)
	bin := gocv.NewMat()
	defer bin.Close()
	gocv.Threshold(hat, &bin, 0, 255, gocv.ThresholdBinary|gocv.ThresholdOtsu)
	clearBorder(bin, 8) // the black-hat lights up the image edges; a frame would swallow all

	var out []scored
	for _, k := range []int{9, 17, 25} {
		out = append(out, blocks(bin, k, scale)...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	var bands []band
	for _, s := range out {
		if !overlapsAny(s.b, bands) {
			bands = append(bands, s.b)
		}
		if len(bands) == maxCandidates {
			break
		}
	}
	return bands
}

type scored struct {
	b     band
	score float64
}

// blocks closes the stroke mask with a k×k kernel and returns the MRZ-shaped blocks.
func blocks(bin gocv.Mat, k int, scale float64) []scored {
	kernel := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(k, k))
	defer kernel.Close()
	closed := gocv.NewMat()
	defer closed.Close()
	gocv.MorphologyEx(bin, &closed, gocv.MorphClose, kernel)
	gocv.MorphologyEx(closed, &closed, gocv.MorphOpen, kernel) // drop thin noise bridges
	contours := gocv.FindContours(closed, gocv.RetrievalExternal, gocv.ChainApproxSimple)
	defer contours.Close()
	total := float64(bin.Rows() * bin.Cols())
	var out []scored
	for i := range contours.Size() {
		c := contours.At(i)
		r := gocv.MinAreaRect(c)
		b, ok := toBand(r, scale)
		if !ok {
			continue
		}
		rectArea := 4 * b.halfW * b.halfH * scale * scale
		if rectArea < minAreaShare*total || gocv.ContourArea(c)/rectArea < minFill {
			continue
		}
		out = append(out, scored{b, rectArea})
	}
	return out
}

// toBand converts a rotated rectangle of the downscaled image into a band of the full image.
func toBand(r gocv.RotatedRect, scale float64) (band, bool) {
	if len(r.Points) != 4 {
		return band{}, false
	}
	p0, p1, p2 := r.Points[0], r.Points[1], r.Points[2]
	e1 := math.Hypot(float64(p1.X-p0.X), float64(p1.Y-p0.Y))
	e2 := math.Hypot(float64(p2.X-p1.X), float64(p2.Y-p1.Y))
	long, short, dx, dy := e1, e2, float64(p1.X-p0.X), float64(p1.Y-p0.Y)
	if e2 > e1 {
		long, short, dx, dy = e2, e1, float64(p2.X-p1.X), float64(p2.Y-p1.Y)
	}
	if short < 3 || long/short < minAspect {
		return band{}, false
	}
	cx := float64(p0.X+p2.X) / 2
	cy := float64(p0.Y+p2.Y) / 2
	if dx < 0 { // point the line direction rightwards; upside-down is decided by OCR
		dx, dy = -dx, -dy
	}
	return band{cx / scale, cy / scale, dx / long, dy / long, long / 2 / scale, short / 2 / scale}, true
}

func overlapsAny(b band, list []band) bool {
	for _, o := range list {
		if math.Hypot(b.cx-o.cx, b.cy-o.cy) < math.Min(b.halfH, o.halfH) {
			return true
		}
	}
	return false
}

// clearBorder blacks out a frame of width w.
func clearBorder(m gocv.Mat, w int) {
	r := m.Cols()
	b := m.Rows()
	for _, rect := range []image.Rectangle{image.Rect(0, 0, r, w), image.Rect(0, b-w, r, b),
		image.Rect(0, 0, w, b), image.Rect(r-w, 0, r, b)} {
		gocv.Rectangle(&m, rect, color.RGBA{}, -1)
	}
}
