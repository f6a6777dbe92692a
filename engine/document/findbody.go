package document

import "gocv.io/x/gocv"

// A card whose header band is the colour of the table under it (an olive band on an olive
// cloth, a green one on green) shows no edge at all where the band meets the table, in gray
// or in any colour channel: the only closed outline is the card's body under the band, too
// long to be a card (aspect 2.2 against ID-1's 1.59), and joinPieces has nothing to join.
// The band is then put back from the body's shape alone: an ID-1 card's height less the body's
// is the band, on the long side whose strip holds the band's title (marks in the mask) rather
// than bare table. Tried last, when no outline of a card's shape was found in any mask.

// Aspect bounds of a card's body without its band: a band of 10 % to 45 % of an ID-1 card.
const (
	bodyMinAspect = 1.75
	bodyMaxAspect = 2.9
	id1Aspect     = 85.6 / 54
)

// bandInk is the least share of a strip's samples on the mask for it to be taken for the band;
// the band's strip must also hold at least bandOver times the other's.
const (
	bandInk  = 0.03
	bandOver = 3
)

// bodyWithBand returns the card outline grown from the largest body-shaped outline of mask
// (see above); ok is false when there is none, or when neither of its long sides has the band's
// marks beyond it inside the photo.
func bodyWithBand(mask gocv.Mat) (Quad, bool) {
	contours := gocv.FindContours(mask, gocv.RetrievalExternal, gocv.ChainApproxSimple)
	defer contours.Close()
	total := float64(mask.Rows() * mask.Cols())
	var body Quad
	bodyArea := 0.0
	for i := range contours.Size() {
		hull := hullOf(contours.At(i))
		if len(hull) < 4 {
			continue
		}
		hv := gocv.NewPointVectorFromPoints(hull)
		area := gocv.ContourArea(hv)
		q, ok := polyQuad(hv)
		hv.Close()
		if !ok || area < minAreaShare*total || area <= bodyArea {
			continue
		}
		q = orient(q)
		w, h := quadSides(q)
		if h < 20 || w/h < bodyMinAspect || w/h > bodyMaxAspect {
			continue
		}
		body, bodyArea = q, area
	}
	if bodyArea == 0 {
		return Quad{}, false
	}
	w, h := quadSides(body)
	grow := float32((w/id1Aspect - h) / h)
	// The sides' vectors, top to bottom, scaled to the band's height.
	left := gocv.Point2f{X: (body[3].X - body[0].X) * grow, Y: (body[3].Y - body[0].Y) * grow}
	right := gocv.Point2f{X: (body[2].X - body[1].X) * grow, Y: (body[2].Y - body[1].Y) * grow}
	up := Quad{sub(body[0], left), sub(body[1], right), body[2], body[3]}
	down := Quad{body[0], body[1], add(body[2], right), add(body[3], left)}
	bm := bitmapOf(mask)
	inkUp := stripInk(bm, up[0], up[1], body[1], body[0])
	inkDown := stripInk(bm, body[3], body[2], down[2], down[3])
	switch {
	case inkUp >= bandInk && inkUp >= bandOver*inkDown && inside(up, bm):
		return up, true
	case inkDown >= bandInk && inkDown >= bandOver*inkUp && inside(down, bm):
		return down, true
	}
	return Quad{}, false
}

// quadSides are the mean lengths of an oriented quad's long (top, bottom) and short sides.
func quadSides(q Quad) (w, h float64) {
	return (dist(q[0], q[1]) + dist(q[2], q[3])) / 2, (dist(q[1], q[2]) + dist(q[3], q[0])) / 2
}

func add(a, b gocv.Point2f) gocv.Point2f { return gocv.Point2f{X: a.X + b.X, Y: a.Y + b.Y} }
func sub(a, b gocv.Point2f) gocv.Point2f { return gocv.Point2f{X: a.X - b.X, Y: a.Y - b.Y} }

// stripInk is the share of a grid of samples inside the quad a, b, c, d (a to b one long side,
// d to c the other) that fall on the mask, the outermost and innermost rows left out (the
// body's own edge and the card's, when it shows).
func stripInk(bm bitmap, a, b, c, d gocv.Point2f) float64 {
	const cols, rows = 48, 10
	on, n := 0, 0
	for r := 1; r < rows-1; r++ {
		v := (float32(r) + 0.5) / rows
		for k := range cols {
			u := (float32(k) + 0.5) / cols
			top := gocv.Point2f{X: a.X + u*(b.X-a.X), Y: a.Y + u*(b.Y-a.Y)}
			bottom := gocv.Point2f{X: d.X + u*(c.X-d.X), Y: d.Y + u*(c.Y-d.Y)}
			x := top.X + v*(bottom.X-top.X)
			y := top.Y + v*(bottom.Y-top.Y)
			n++
			if bm.on(int(x+0.5), int(y+0.5)) {
				on++
			}
		}
	}
	return float64(on) / float64(n)
}

// inside reports whether every corner of q lies in the photo, give or take 2 % of its size: a
// band grown past the photo's edge is no band seen.
func inside(q Quad, bm bitmap) bool {
	slack := 0.02 * float32(max(bm.w, bm.h))
	for _, p := range q {
		if p.X < -slack || p.Y < -slack || p.X > float32(bm.w)+slack || p.Y > float32(bm.h)+slack {
			return false
		}
	}
	return true
}
