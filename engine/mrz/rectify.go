package mrz

import (
	"image"
	"image/color"

	"gocv.io/x/gocv"
)

// bandWidth is the width the MRZ band is resampled to: about 22 pixels per character for TD3,
// which Tesseract reads best (its LSTM normalises text lines to 36 px high anyway).
const bandWidth = 1000

// rectify cuts the band out of gray, upright (lines horizontal), with a margin so that no
// character is clipped, resampled to bandWidth. flip turns it by 180°. reach widens the cut
// above and below by that share of the band's half-length (the locator may have found only one
// line of a TD1, about 0.11 half-lengths apart) and sideways by an eighth of it (the filler runs at
// the line ends light up the locator less than the text).
func rectify(gray gocv.Mat, b band, flip bool, reach float64) gocv.Mat {
	a, h := b.cut(reach)
	ux, uy := b.ux, b.uy
	if flip {
		ux, uy = -ux, -uy
	}
	vx, vy := -uy, ux // perpendicular, pointing down the page
	corner := func(su, sv float64) gocv.Point2f {
		return gocv.Point2f{X: float32(b.cx + su*a*ux + sv*h*vx), Y: float32(b.cy + su*a*uy + sv*h*vy)}
	}
	outH := int(float64(bandWidth) * h / a)
	src := gocv.NewPoint2fVectorFromPoints([]gocv.Point2f{corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)})
	defer src.Close()
	dst := gocv.NewPoint2fVectorFromPoints([]gocv.Point2f{{X: 0, Y: 0}, {X: bandWidth, Y: 0},
		{X: bandWidth, Y: float32(outH)}, {X: 0, Y: float32(outH)}})
	defer dst.Close()
	m := gocv.GetPerspectiveTransform2f(src, dst)
	defer m.Close()
	out := gocv.NewMat()
	gocv.WarpPerspectiveWithParams(gray, &out, m, image.Pt(bandWidth, outH),
		gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
	return out
}

// cut is the half-length and half-height, in photo pixels, of the region rectify cuts out.
func (b band) cut(reach float64) (a, h float64) {
	a = b.halfW*(1.04+reach/8) + b.halfH*0.3
	return a, b.halfH*1.25 + 4 + reach*a
}

// toPhoto maps a point of the band rectified with reach (not flipped) back to the photo.
func (b band) toPhoto(x, y, reach float64) [2]float64 {
	a, h := b.cut(reach)
	outH := float64(int(float64(bandWidth) * h / a))
	su, sv := 2*x/bandWidth-1, 2*y/outH-1
	vx, vy := -b.uy, b.ux
	return [2]float64{b.cx + su*a*b.ux + sv*h*vx, b.cy + su*a*b.uy + sv*h*vy}
}
