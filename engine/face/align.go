package face

import (
	"image"
	"image/color"
	"math"

	"gocv.io/x/gocv"
)

// dlib-style alignment constants of face-api's FaceLandmarks.alignDlib.
const (
	alignRelX     = 0.5
	alignRelY     = 0.43
	alignRelScale = 0.45
)

// alignFrame is the square face-api computes the descriptor on, optionally turned so the
// eyes are level: side = mean eye-to-mouth distance / 0.45, placed around the centroid of
// the two eye centers and the mouth center. The descriptor network was calibrated on this
// crop; the raw detector box drifts descriptors by ~0.1.
type alignFrame struct {
	ref   Point   // centroid of eye centers and mouth center
	side  float64 // box side in source pixels
	angle float64 // eye-line angle in radians (0 when not de-rolled)
}

func newAlignFrame(l *Landmarks, deroll bool) alignFrame {
	le, re, mouth := centroid(l.part(leftEyePoints)), centroid(l.part(rightEyePoints)), centroid(l.part(mouthPoints))
	f := alignFrame{
		ref:  centroid([]Point{le, re, mouth}),
		side: math.Floor((dist(le, mouth) + dist(re, mouth)) / 2 / alignRelScale),
	}
	if deroll {
		f.angle = math.Atan2(re.Y-le.Y, re.X-le.X)
	}
	return f
}

// AlignedBox is face-api's (upright) dlib-style box for the landmarks l.
func AlignedBox(l *Landmarks) Box {
	f := newAlignFrame(l, false)
	return Box{
		X: math.Floor(math.Max(0, f.ref.X-alignRelX*f.side)),
		Y: math.Floor(math.Max(0, f.ref.Y-alignRelY*f.side)),
		W: f.side,
		H: f.side,
	}
}

// alignedChip returns the size×size BGR face chip of frame f (the caller closes it).
// Large faces are first shrunk with area averaging, so the final bilinear warp never
// aliases; pixels outside the image are black, as face-api's zero padding.
func alignedChip(img gocv.Mat, f alignFrame, size int) gocv.Mat {
	src, scale := img, 1.0
	var roi, small gocv.Mat
	if f.side > 1.5*float64(size) {
		// Shrink only the region the chip can reach (the rotated square's circumcircle).
		reach := f.side * 1.5
		r := image.Rect(int(f.ref.X-reach), int(f.ref.Y-reach), int(f.ref.X+reach)+1, int(f.ref.Y+reach)+1).
			Intersect(image.Rect(0, 0, img.Cols(), img.Rows()))
		if !r.Empty() {
			scale = float64(size) / f.side
			roi = img.Region(r)
			small = gocv.NewMat()
			gocv.Resize(roi, &small, image.Pt(max(1, int(float64(r.Dx())*scale)), max(1, int(float64(r.Dy())*scale))), 0, 0, gocv.InterpolationArea)
			f.ref = Point{(f.ref.X - float64(r.Min.X)) * scale, (f.ref.Y - float64(r.Min.Y)) * scale}
			f.side *= scale
			src = small
			defer roi.Close()
			defer small.Close()
		}
	}
	k := f.side / float64(size)
	cos, sin := math.Cos(f.angle), math.Sin(f.angle)
	ox, oy := -alignRelX*f.side, -alignRelY*f.side
	// M maps chip pixels to source pixels (WarpInverseMap): src = ref + R(angle)·(o + k·uv).
	m := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
	defer m.Close()
	m.SetDoubleAt(0, 0, k*cos)
	m.SetDoubleAt(0, 1, -k*sin)
	m.SetDoubleAt(0, 2, f.ref.X+cos*ox-sin*oy)
	m.SetDoubleAt(1, 0, k*sin)
	m.SetDoubleAt(1, 1, k*cos)
	m.SetDoubleAt(1, 2, f.ref.Y+sin*ox+cos*oy)
	chip := gocv.NewMat()
	gocv.WarpAffineWithParams(src, &chip, m, image.Pt(size, size),
		gocv.InterpolationLinear|gocv.WarpInverseMap, gocv.BorderConstant, color.RGBA{})
	return chip
}
