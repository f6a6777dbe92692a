package liveness

import (
	"math"

	"github.com/kycd/kycd/engine/face"
)

// Landmark geometry of the iBUG 68-point scheme, shared by the passive eyes-closed cue and
// the active challenges.

func dist(a, b face.Point) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }

// eyeAspect is Soukupová & Čech's eye aspect ratio of the six points of one eye:
// (|p2−p6| + |p3−p5|) / (2·|p1−p4|); about 0.3 open, under 0.15 closed.
func eyeAspect(p []face.Point) float64 {
	w := dist(p[0], p[3])
	if w == 0 {
		return 0
	}
	return (dist(p[1], p[5]) + dist(p[2], p[4])) / (2 * w)
}

// EyeAspectRatio is the mean eye aspect ratio of both eyes.
func EyeAspectRatio(l *face.Landmarks) float64 {
	return (eyeAspect(l[36:42]) + eyeAspect(l[42:48])) / 2
}

// MouthOpening is the inner-lip gap (points 62–66) over the mouth width (48–54).
func MouthOpening(l *face.Landmarks) float64 {
	w := dist(l[48], l[54])
	if w == 0 {
		return 0
	}
	return dist(l[62], l[66]) / w
}

// Yaw is the head turn from landmark geometry, in [-1, 1]: where the nose tip (30) sits
// between the two jaw ends (0 and 16), 0 facing the camera. Positive is the nose moving to
// the image's right, i.e. the person turning to their own left (the camera mirrors).
func Yaw(l *face.Landmarks) float64 {
	left, right := l[0], l[16]
	w := right.X - left.X
	if w <= 0 {
		return 0
	}
	mid := (left.X + right.X) / 2
	return math.Max(-1, math.Min(1, 2*(l[30].X-mid)/w))
}
