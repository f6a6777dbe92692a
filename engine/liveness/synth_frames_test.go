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
//   - a blink covers each eye with the skin just below it and draws the lash line;
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
		closeEye(&out, l[36:42])
		closeEye(&out, l[42:48])
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

// closeEye covers the eye with an eyelid (the blurred skin just under the eye, through a
// feathered ellipse) and draws the lash line along the lower lid.
func closeEye(dst *gocv.Mat, eye []face.Point) {
	minX, minY, maxX, maxY := eye[0].X, eye[0].Y, eye[0].X, eye[0].Y
	for _, p := range eye {
		minX, minY, maxX, maxY = min(minX, p.X), min(minY, p.Y), max(maxX, p.X), max(maxY, p.Y)
	}
	w := maxX - minX
	r := image.Rect(int(minX-0.3*w), int(minY-0.45*w), int(maxX+0.3*w), int(maxY+0.35*w))
	below := r.Add(image.Pt(0, r.Dy()))
	bounds := image.Rect(0, 0, dst.Cols(), dst.Rows())
	if !below.In(bounds) || !r.In(bounds) {
		return
	}
	patch := dst.Region(below)
	skin := patch.Clone()
	patch.Close()
	defer skin.Close()
	gocv.GaussianBlur(skin, &skin, image.Pt(0, 0), w/6, 0, gocv.BorderReplicate)
	mask := gocv.NewMatWithSize(r.Dy(), r.Dx(), gocv.MatTypeCV32F)
	defer mask.Close()
	c := image.Pt(int((minX+maxX)/2)-r.Min.X, int((minY+maxY)/2)-r.Min.Y)
	gocv.Ellipse(&mask, c, image.Pt(int(0.62*w), int(0.35*w)), 0, 0, 360, color.RGBA{1, 1, 1, 0}, -1) // one channel: the value is the blue component
	gocv.GaussianBlur(mask, &mask, image.Pt(0, 0), w/14, 0, gocv.BorderConstant)
	roi := dst.Region(r)
	defer roi.Close()
	// roi is a view into dst (not continuous): blend through GetVecbAt/SetUCharAt.
	sp, _ := skin.DataPtrUint8()
	mp, _ := mask.DataPtrFloat32()
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			a := float64(mp[y*r.Dx()+x])
			for ch := 0; ch < 3; ch++ {
				v := float64(roi.GetVecbAt(y, x)[ch])
				s := float64(sp[(y*r.Dx()+x)*3+ch])
				roi.SetUCharAt(y, x*3+ch, clamp8(v*(1-a)+s*a))
			}
		}
	}
	lid := []image.Point{}
	for _, i := range []int{0, 5, 4, 3} { // lower lid, corner to corner
		lid = append(lid, image.Pt(int(eye[i].X), int(eye[i].Y)))
	}
	pv := gocv.NewPointsVectorFromPoints([][]image.Point{lid})
	defer pv.Close()
	gocv.Polylines(dst, pv, false, color.RGBA{35, 25, 25, 0}, max(2, int(w/10)))
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
