package face

import (
	"image"
	"math"
)

// Point is a position in image pixels.
type Point struct{ X, Y float64 }

// Box is an axis-aligned rectangle in image pixels (floats: network outputs are sub-pixel).
type Box struct{ X, Y, W, H float64 }

// Area is W·H (0 for degenerate boxes).
func (b Box) Area() float64 { return math.Max(b.W, 0) * math.Max(b.H, 0) }

// IoU is the intersection over union of two boxes.
func (b Box) IoU(o Box) float64 {
	w := math.Min(b.X+b.W, o.X+o.W) - math.Max(b.X, o.X)
	h := math.Min(b.Y+b.H, o.Y+o.H) - math.Max(b.Y, o.Y)
	if w <= 0 || h <= 0 {
		return 0
	}
	inter := w * h
	return inter / (b.Area() + o.Area() - inter)
}

// clip returns the integer pixel rectangle of b inside a w×h image (possibly empty).
func (b Box) clip(w, h int) image.Rectangle {
	r := image.Rect(int(math.Floor(b.X)), int(math.Floor(b.Y)), int(math.Floor(b.X+b.W)), int(math.Floor(b.Y+b.H)))
	return r.Intersect(image.Rect(0, 0, w, h))
}

func centroid(pts []Point) Point {
	var c Point
	for _, p := range pts {
		c.X += p.X
		c.Y += p.Y
	}
	n := float64(len(pts))
	return Point{c.X / n, c.Y / n}
}

func dist(a, b Point) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }
