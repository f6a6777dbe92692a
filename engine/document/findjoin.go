package document

import (
	"cmp"
	"image"
	"math"
	"slices"

	"gocv.io/x/gocv"
)

// A card whose header band is nearly the colour of the table under it shows its outline in
// pieces: the band's top edge and the top of its sides form one contour, the card's body
// another, and the gaps where the band meets the body are wider than any closing of the edge
// map can bridge (a blue band on a blue cloth: 12 px of 640 on each side). The largest
// contour is then the body alone, and the band — with the title and often the first row of
// captions — is cut off the card. joinPieces adds such a piece back.

// joinPieces returns the largest outline made of best's contour and the pieces of edge that
// lie beyond one of its sides (or beyond all of them) within half a card, whose four sides
// all lie on edges of mask. A band's edge breaks into many short pieces on a tilted card, so
// they are taken together, side by side; the whole may add at most 60 % to the area, and
// the side check keeps the table's texture or an edge that runs beside the card from
// stretching it: the sides that would join them cross the table with no edge under them.
func joinPieces(mask gocv.Mat, best quadCand, hulls [][]image.Point, total float64) (quadCand, bool) {
	bb := quadBounds(best.q)
	near := image.Rect(bb.Min.X-bb.Dx()/2, bb.Min.Y-bb.Dy()/2, bb.Max.X+bb.Dx()/2, bb.Max.Y+bb.Dy()/2)
	// groups: beyond the top, right, bottom, left side, and all of them.
	var groups [5][]image.Point
	for j, piece := range hulls {
		if j == best.hull || len(piece) == 0 {
			continue
		}
		pb := pointBounds(piece)
		if !pb.In(near) {
			continue
		}
		c := pb.Min.Add(pb.Max).Div(2)
		beyond := [4]bool{c.Y < bb.Min.Y, c.X > bb.Max.X, c.Y > bb.Max.Y, c.X < bb.Min.X}
		for side, ok := range beyond {
			if ok {
				groups[side] = append(groups[side], piece...)
			}
		}
		if slices.Contains(beyond[:], true) {
			groups[4] = append(groups[4], piece...)
		}
	}
	out, found := quadCand{}, false
	var bm bitmap // mask's pixels, copied when first needed
	for _, g := range groups {
		if len(g) == 0 {
			continue
		}
		joined := gocv.NewPointVectorFromPoints(append(append([]image.Point(nil), hulls[best.hull]...), g...))
		hull := hullOf(joined)
		joined.Close()
		c, ok := quadOfHull(hull, total)
		if !ok || c.area <= (1+colourGain)*best.area {
			continue
		}
		// A hull's corner is the last edge pixel of a piece, short of the corner where the
		// band's edge faded: the sides are fitted to the edges along them instead.
		if bm.pix == nil {
			bm = bitmapOf(mask)
		}
		c.q = fitSides(bm, c.q)
		c.area = quadArea(c.q)
		if !plausible(c.q) || c.area <= (1+colourGain)*best.area || c.area > 1.6*best.area || (found && c.area <= out.area) {
			continue
		}
		if !sidesOnEdges(bm, c.q) {
			continue
		}
		c.hull = best.hull
		out, found = c, true
	}
	return out, found
}

// fitSides moves each side of q onto the line fitted to the outermost edge pixels along it,
// and the corners to where the fitted lines meet. Across each point of the side, mask is
// scanned from outside inward for the first edge pixel, within sideShift of the side's length
// either way (a simplified hull's side runs from a true corner to the last pixel of a faded
// edge, a few degrees off the card's, on either side of it); the line is fitted to those, then again to the share nearest to it and to those
// within fitTolerance of that line, so the text inside the card, met where the edge has a
// gap, does not pull it. A side with too few edge pixels stays as it is; q is returned as it
// is when two fitted lines do not meet.
func fitSides(mask bitmap, q Quad) Quad {
	cx := (q[0].X + q[1].X + q[2].X + q[3].X) / 4
	cy := (q[0].Y + q[1].Y + q[2].Y + q[3].Y) / 4
	var fitted [4][2]gocv.Point2f // a point on the line and its direction
	for i := range q {
		a, b := q[i], q[(i+1)%4]
		length := dist(a, b)
		ux, uy := float64(b.X-a.X)/length, float64(b.Y-a.Y)/length
		nx, ny := -uy, ux // inward: towards the centre
		if nx*float64(cx-a.X)+ny*float64(cy-a.Y) < 0 {
			nx, ny = -nx, -ny
		}
		depth := sideShift * length
		var pts []gocv.Point2f
		for t := 0.0; t < length; t++ {
			x, y := float64(a.X)+t*ux, float64(a.Y)+t*uy
			for d := -depth; d <= depth; d++ {
				px, py := int(math.Round(x+d*nx)), int(math.Round(y+d*ny))
				if mask.on(px, py) {
					pts = append(pts, gocv.Point2f{X: float32(px), Y: float32(py)})
					break
				}
			}
		}
		fitted[i] = [2]gocv.Point2f{a, {X: float32(ux), Y: float32(uy)}}
		if float64(len(pts)) < length/4 {
			continue
		}
		l := fitLine(pts)
		pts = nearest(pts, l, len(pts)*6/10)
		l = fitLine(pts)
		if pts = within(pts, l, fitTolerance); len(pts) >= 8 {
			fitted[i] = fitLine(pts)
		}
	}
	var out Quad
	for i := range out {
		prev, cur := fitted[(i+3)%4], fitted[i]
		p, ok := intersect(prev[0], along(prev), cur[0], along(cur))
		if !ok {
			return q
		}
		out[i] = p
	}
	return out
}

// sideShift bounds how far from a side, as a share of its length, its edge is looked for.
const sideShift = 0.08

// fitTolerance is the distance, in pixels, from a fitted side within which an edge pixel
// counts as the side's (the edge map's lines are a few pixels thick).
const fitTolerance = 2.5

// residual is the distance of p from the line l (a point and a unit direction).
func residual(p gocv.Point2f, l [2]gocv.Point2f) float64 {
	return math.Abs(float64((p.X-l[0].X)*l[1].Y - (p.Y-l[0].Y)*l[1].X))
}

// nearest returns the n points of pts nearest to l.
func nearest(pts []gocv.Point2f, l [2]gocv.Point2f, n int) []gocv.Point2f {
	out := slices.Clone(pts)
	slices.SortFunc(out, func(p, q gocv.Point2f) int { return cmp.Compare(residual(p, l), residual(q, l)) })
	return out[:n]
}

// within returns the points of pts at most tol from l.
func within(pts []gocv.Point2f, l [2]gocv.Point2f, tol float64) []gocv.Point2f {
	var out []gocv.Point2f
	for _, p := range pts {
		if residual(p, l) <= tol {
			out = append(out, p)
		}
	}
	return out
}

// along is a second point on the line l (a point and a direction).
func along(l [2]gocv.Point2f) gocv.Point2f {
	return gocv.Point2f{X: l[0].X + l[1].X, Y: l[0].Y + l[1].Y}
}

// fitLine is the total-least-squares line through pts: their mean and principal direction.
func fitLine(pts []gocv.Point2f) [2]gocv.Point2f {
	var mx, my float64
	for _, p := range pts {
		mx += float64(p.X)
		my += float64(p.Y)
	}
	mx /= float64(len(pts))
	my /= float64(len(pts))
	var sxx, sxy, syy float64
	for _, p := range pts {
		dx, dy := float64(p.X)-mx, float64(p.Y)-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	theta := 0.5 * math.Atan2(2*sxy, sxx-syy)
	return [2]gocv.Point2f{{X: float32(mx), Y: float32(my)}, {X: float32(math.Cos(theta)), Y: float32(math.Sin(theta))}}
}

// intersect is where the line through a and b meets the line through c and d; ok is false
// for (nearly) parallel lines.
func intersect(a, b, c, d gocv.Point2f) (gocv.Point2f, bool) {
	r := [2]float64{float64(b.X - a.X), float64(b.Y - a.Y)}
	s := [2]float64{float64(d.X - c.X), float64(d.Y - c.Y)}
	den := r[0]*s[1] - r[1]*s[0]
	if math.Abs(den) < 1e-6*math.Hypot(r[0], r[1])*math.Hypot(s[0], s[1]) {
		return gocv.Point2f{}, false
	}
	t := (float64(c.X-a.X)*s[1] - float64(c.Y-a.Y)*s[0]) / den
	return gocv.Point2f{X: a.X + float32(t*r[0]), Y: a.Y + float32(t*r[1])}, true
}

// sideSupport is the share of points along each side of an outline that must have an edge
// pixel of the mask within sideReach pixels: the gaps a band leaves are a few percent of a
// side; a side drawn across a plain table has none.
const (
	sideSupport = 0.8
	sideReach   = 2
)

// sidesOnEdges reports whether every side of q runs along edges of mask.
func sidesOnEdges(mask bitmap, q Quad) bool {
	const samples = 40
	for i := range q {
		a, b := q[i], q[(i+1)%4]
		on := 0
		for k := range samples {
			t := (float32(k) + 0.5) / samples
			x, y := int(a.X+t*(b.X-a.X)+0.5), int(a.Y+t*(b.Y-a.Y)+0.5)
			if edgeNear(mask, x, y) {
				on++
			}
		}
		if float64(on) < sideSupport*samples {
			return false
		}
	}
	return true
}

func edgeNear(mask bitmap, x, y int) bool {
	for dy := -sideReach; dy <= sideReach; dy++ {
		for dx := -sideReach; dx <= sideReach; dx++ {
			if mask.on(x+dx, y+dy) {
				return true
			}
		}
	}
	return false
}

// bitmap is a copy of a one-channel 8-bit mask, read pixel by pixel without a cgo call each.
type bitmap struct {
	w, h int
	pix  []byte
}

func bitmapOf(m gocv.Mat) bitmap {
	return bitmap{w: m.Cols(), h: m.Rows(), pix: m.ToBytes()}
}

func (b bitmap) on(x, y int) bool {
	return x >= 0 && y >= 0 && x < b.w && y < b.h && b.pix[y*b.w+x] != 0
}

func quadBounds(q Quad) image.Rectangle {
	pts := make([]image.Point, len(q))
	for i, p := range q {
		pts[i] = image.Pt(int(p.X), int(p.Y))
	}
	return pointBounds(pts)
}

// pointBounds is the smallest rectangle holding every point (Max inclusive).
func pointBounds(pts []image.Point) image.Rectangle {
	r := image.Rectangle{Min: pts[0], Max: pts[0]}
	for _, p := range pts[1:] {
		r.Min.X, r.Min.Y = min(r.Min.X, p.X), min(r.Min.Y, p.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, p.X), max(r.Max.Y, p.Y)
	}
	return r
}
