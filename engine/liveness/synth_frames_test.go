package liveness

import (
	"image"
	"image/color"
	"math"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
)

// Synthetic camera frames of one face photo performing the challenges, for tests that run
// the real face models: the photo's own landmarks say where to warp.
//   - a turn shifts the inner face (nose, eyes, mouth) sideways under a Gaussian
//     displacement that leaves the jaw outline in place, as a 20–25° yaw does;
//   - a blink stretches each upper lid down onto the lower lid (closeEye);
//   - an open mouth moves the lower lip and chin down and fills the gap with a dark mouth.

// actionFrame returns src (BGR) showing action a; "" is src itself. The caller closes it.
func actionFrame(src gocv.Mat, l *face.Landmarks, a Challenge) gocv.Mat {
	out := src.Clone()
	switch a {
	case TurnLeft, TurnRight:
		d := 0.2
		if a == TurnRight {
			d = -d
		}
		turnFace(src, &out, l, d)
	case Blink:
		closeEye(src, &out, l[36:42])
		closeEye(src, &out, l[42:48])
	case OpenMouth:
		openMouth(src, &out, l)
	}
	return out
}

// turnFace moves pixels sideways by d·(face width) at the nose, fading with a Gaussian
// that is ~0 at the jaw ends.
func turnFace(src gocv.Mat, dst *gocv.Mat, l *face.Landmarks, d float64) {
	r := landmarkRect(l)
	w, h := float64(r.Dx()), float64(r.Dy())
	nose := l[30]
	shift := d * w
	sx, sy := 0.28*w, 0.55*h
	remap(src, dst, func(x, y float64) (float64, float64) {
		g := math.Exp(-sq((x-nose.X)/sx) - sq((y-nose.Y)/sy))
		return x - shift*g, y
	})
}

// openMouth drops everything under the lips' meeting line by up to 0.35 mouth widths
// (fading out below the chin and sideways past the mouth corners), and paints the opening.
func openMouth(src gocv.Mat, dst *gocv.Mat, l *face.Landmarks) {
	left, right := l[48], l[54]
	mw := right.X - left.X
	midY := (l[62].Y + l[66].Y) / 2
	chinY := l[8].Y
	gap := 0.35 * mw
	wx := func(x float64) float64 { // 1 over the mouth, cosine falloff over half a width
		pad := 0.5 * mw
		switch {
		case x >= left.X && x <= right.X:
			return 1
		case x < left.X-pad || x > right.X+pad:
			return 0
		case x < left.X:
			return 0.5 + 0.5*math.Cos(math.Pi*(left.X-x)/pad)
		default:
			return 0.5 + 0.5*math.Cos(math.Pi*(x-right.X)/pad)
		}
	}
	remap(src, dst, func(x, y float64) (float64, float64) {
		if y < midY {
			return x, y
		}
		fade := 1.0
		if y > chinY+gap {
			fade = math.Max(0, 1-(y-chinY-gap)/(0.6*mw))
		}
		return x, y - gap*wx(x)*fade
	})
	// The opening: a dark ellipse between the lips, as wide as the inner mouth.
	c := image.Pt(int((left.X+right.X)/2), int(midY+gap/2))
	gocv.Ellipse(dst, c, image.Pt(int(0.36*mw), int(gap/2)), 0, 0, 360, color.RGBA{70, 20, 25, 0}, -1)
}

// closeEye closes one eye the way an eyelid does: for each column between the corners
// the skin above the upper lid margin is stretched down until the margin (with its lashes)
// lies on the lower lid, so the iris and sclera disappear under real lid texture.
// eye is the six iBUG points (corner, two upper, corner, two lower), left to right on top.
//
// face-api's 68-point contour lies inside the real eye opening (drawn on rose_leslie-1,
// its lower points sit on the iris and its corners short of the canthi), so closing only
// that contour leaves a strip of sclera and iris under the lashes: a squint, not a closed
// eye. The closure therefore covers margins around the contour — the lid margin lands
// closeDrop·w below the lower contour, the stretched skin ends closeLift·w above the upper
// one (no iris in it), and the corners widen by closeWiden·w, where both margins taper to
// nothing.
func closeEye(src gocv.Mat, dst *gocv.Mat, eye []face.Point) {
	const closeDrop, closeLift, closeWiden = 0.2, 0.1, 0.3
	upper := []face.Point{eye[0], eye[1], eye[2], eye[3]}
	lower := []face.Point{eye[0], eye[5], eye[4], eye[3]}
	w := eye[3].X - eye[0].X
	if w <= 0 {
		return
	}
	above := 0.6 * w // lid skin that stretches, above the margin
	x0, x1 := eye[0].X-closeWiden*w, eye[3].X+closeWiden*w
	taper := func(x float64) float64 { // 1 between the corners, 0 at the widened ends
		switch {
		case x < eye[0].X:
			return math.Max(0, (x-x0)/(eye[0].X-x0))
		case x > eye[3].X:
			return math.Max(0, (x1-x)/(x1-eye[3].X))
		}
		return 1
	}
	minY, maxY := eye[0].Y, eye[0].Y
	for _, p := range eye {
		minY, maxY = min(minY, p.Y), max(maxY, p.Y)
	}
	r := image.Rect(int(x0)-2, int(minY-above-closeLift*w)-2, int(math.Ceil(x1))+2, int(math.Ceil(maxY+closeDrop*w))+2).
		Intersect(image.Rect(0, 0, src.Cols(), src.Rows()))
	if r.Empty() {
		return
	}
	mx := gocv.NewMatWithSize(r.Dy(), r.Dx(), gocv.MatTypeCV32F)
	my := gocv.NewMatWithSize(r.Dy(), r.Dx(), gocv.MatTypeCV32F)
	defer mx.Close()
	defer my.Close()
	px, _ := mx.DataPtrFloat32()
	py, _ := my.DataPtrFloat32()
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			X, Y := float64(r.Min.X+x), float64(r.Min.Y+y)
			sy := Y
			t := taper(X)
			yu, yl := polyAt(upper, X)-t*closeLift*w, polyAt(lower, X)+t*closeDrop*w
			if top := yu - above; yl > yu && Y >= top && Y <= yl {
				sy = top + (Y-top)*above/(yl-top)
			}
			px[y*r.Dx()+x], py[y*r.Dx()+x] = float32(X), float32(sy)
		}
	}
	patch := gocv.NewMat()
	defer patch.Close()
	gocv.Remap(src, &patch, &mx, &my, gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
	roi := dst.Region(r)
	defer roi.Close()
	patch.CopyTo(&roi)
}

// polyAt is the y of the polyline pts (x increasing) at x, linearly interpolated; the end
// values outside.
func polyAt(pts []face.Point, x float64) float64 {
	if x <= pts[0].X {
		return pts[0].Y
	}
	for i := 1; i < len(pts); i++ {
		if x <= pts[i].X {
			a, b := pts[i-1], pts[i]
			if b.X == a.X {
				return b.Y
			}
			return a.Y + (b.Y-a.Y)*(x-a.X)/(b.X-a.X)
		}
	}
	return pts[len(pts)-1].Y
}

// remap fills dst from src with the inverse mapping f (destination → source pixel).
func remap(src gocv.Mat, dst *gocv.Mat, f func(x, y float64) (float64, float64)) {
	W, H := src.Cols(), src.Rows()
	mx := gocv.NewMatWithSize(H, W, gocv.MatTypeCV32F)
	my := gocv.NewMatWithSize(H, W, gocv.MatTypeCV32F)
	defer mx.Close()
	defer my.Close()
	px, _ := mx.DataPtrFloat32()
	py, _ := my.DataPtrFloat32()
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			sx, sy := f(float64(x), float64(y))
			px[y*W+x], py[y*W+x] = float32(sx), float32(sy)
		}
	}
	gocv.Remap(src, dst, &mx, &my, gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
}

func sq(x float64) float64 { return x * x }
