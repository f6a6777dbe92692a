package document

import (
	"image"
	"math"

	"gocv.io/x/gocv"
)

// Quad is the document outline in photo pixels: top-left, top-right, bottom-right,
// bottom-left as the document reads (upright up to a half turn, decided later by OCR).
type Quad [4]gocv.Point2f

// findSide is the long side, in pixels, of the image the outline is searched in.
const findSide = 640

// minAreaShare: a document filling less of the photo than this is too small to read.
const minAreaShare = 0.08

// Find returns the outline of the largest card- or page-shaped region of gray. It tries the
// edge map first (card against a table) and then a brightness segmentation (a card whose edges
// are blurred or low-contrast); ok is false when neither finds a plausible quadrilateral.
func Find(gray gocv.Mat) (q Quad, ok bool) {
	none := gocv.NewMat()
	defer none.Close()
	return find(gray, none)
}

// FindColor is Find on a colour photo (BGR) and its gray image: the card's edge is looked for
// in the colour channels too, where a coloured header band meets a table of about its
// brightness (a green band on a purple cloth is one gray, and the outline found in gray then
// ran along the band's lower edge). Of the two outlines the larger is the card: an edge inside
// the card can only make a smaller one. The colour outline must be larger by a strip
// (colourGain): on cards whose edge shows in gray the two differ by a pixel or two, and the
// gray one is kept.
func FindColor(img, gray gocv.Mat) (Quad, bool) {
	if img.Channels() != 3 {
		return Find(gray)
	}
	return find(gray, img)
}

// find searches gray, and color's channels when color is not empty.
func find(gray, color gocv.Mat) (q Quad, ok bool) {
	if gray.Empty() {
		return Quad{}, false // no image: nothing to find (OpenCV asserts on an empty resize)
	}
	scale := findSide / float64(max(gray.Cols(), gray.Rows()))
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(gray, &small, image.Point{}, scale, scale, gocv.InterpolationArea)
	gocv.GaussianBlur(small, &small, image.Pt(5, 5), 0, 0, gocv.BorderReplicate)
	// The masks in the order they are tried; kept for bodyWithBand, tried last on each.
	edges := edgeMask(small)
	defer edges.Close()
	masks := []gocv.Mat{edges}
	q, ok = largestQuad(edges)
	if !color.Empty() {
		colour := colorEdgeMask(color, scale)
		defer colour.Close()
		masks = append(masks, colour)
		if cq, cok := largestQuad(colour); cok && (!ok || quadArea(cq) > (1+colourGain)*quadArea(q)) {
			q, ok = cq, true
		}
	}
	if !ok {
		bright := brightMask(small)
		defer bright.Close()
		masks = append(masks, bright)
		q, ok = largestQuad(bright)
	}
	for _, m := range masks {
		if ok {
			break
		}
		q, ok = bodyWithBand(m)
	}
	if !ok {
		return Quad{}, false
	}
	for i := range q {
		q[i].X /= float32(scale)
		q[i].Y /= float32(scale)
	}
	return squareCorner(orient(q)), true
}

// squareCorner repairs an outline one corner of which slid along its side: where the card's
// edge near a corner fades into the table (a green header band on a green cloth), the outline
// cuts in along the band's lower edge, and one edge of the quad tilts away from the other three
// (2.8° against 0.7–0.9°). Rectified, the card's text rows then slant, and an Arabic name no
// longer stood on the row of its Latin spelling. A photographed card tilts its edges in pairs
// (perspective brings two opposite edges together), so only a single edge off by more than
// cornerSlide while the other three agree within cornerAgree is taken for a slid corner. The
// corner moved is the one on the shorter side, along that side, to where the edge through the
// other corner, parallel to the opposite edge, meets it.
func squareCorner(q Quad) Quad {
	var rot [4]float64 // each edge's angle less its upright one, in degrees
	for k := range 4 {
		a, b := q[k], q[(k+1)%4]
		d := math.Atan2(float64(b.Y-a.Y), float64(b.X-a.X))*180/math.Pi - float64(90*k)
		rot[k] = math.Mod(d+540, 360) - 180
	}
	bad := -1
	for k := range 4 {
		lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
		for j := range 4 {
			if j != k {
				lo, hi, sum = math.Min(lo, rot[j]), math.Max(hi, rot[j]), sum+rot[j]
			}
		}
		if hi-lo <= cornerAgree && math.Abs(rot[k]-sum/3) > cornerSlide {
			bad = k
		}
	}
	if bad < 0 {
		return q
	}
	a, b := bad, (bad+1)%4               // the tilted edge's corners
	sideA, sideB := (bad+3)%4, (bad+2)%4 // their neighbours on the two sides
	wrong, good, anchor := a, b, sideA
	if dist(q[b], q[sideB]) < dist(q[a], q[sideA]) {
		wrong, good, anchor = b, a, sideB
	}
	// The edge through the good corner parallel to the opposite one (sideA to sideB).
	far := gocv.Point2f{X: q[good].X + q[sideB].X - q[sideA].X, Y: q[good].Y + q[sideB].Y - q[sideA].Y}
	p, ok := intersect(q[anchor], q[wrong], q[good], far)
	if !ok || dist(p, q[anchor]) <= dist(q[wrong], q[anchor]) {
		return q // the repair must lengthen the short side, not shorten it
	}
	q[wrong] = p
	return q
}

// Thresholds of squareCorner, in degrees.
const (
	cornerAgree = 0.6 // spread of the three edges taken as right (0.35 seen on clean photos)
	cornerSlide = 1.5 // the fourth edge's departure from them
)

// colourGain is the share of area by which the colour outline must exceed the gray one: a
// header band is 10–20 % of a card, the jitter between two edge maps of one edge under 1 %.
const colourGain = 0.03

// colorEdgeMask is the edge map of each colour channel of color, scaled and blurred as the
// gray image is, joined.
func colorEdgeMask(color gocv.Mat, scale float64) gocv.Mat {
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(color, &small, image.Point{}, scale, scale, gocv.InterpolationArea)
	gocv.GaussianBlur(small, &small, image.Pt(5, 5), 0, 0, gocv.BorderReplicate)
	out := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(0, 0, 0, 0), small.Rows(), small.Cols(), gocv.MatTypeCV8U)
	for _, ch := range gocv.Split(small) {
		m := edgeMask(ch)
		gocv.BitwiseOr(out, m, &out)
		m.Close()
		ch.Close()
	}
	// A coloured band's edge against a cloth of nearly its colour shows in one channel only,
	// with gaps of a pixel or two where the channel's contrast fades (a teal band on a teal
	// cloth lost its edge where the band meets the card's body): closed again once joined,
	// the outline is whole.
	k := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(7, 7))
	defer k.Close()
	gocv.MorphologyEx(out, &out, gocv.MorphClose, k)
	return out
}

func edgeMask(small gocv.Mat) gocv.Mat {
	edges := gocv.NewMat()
	gocv.Canny(small, &edges, 30, 90)
	k := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(5, 5))
	defer k.Close()
	gocv.MorphologyEx(edges, &edges, gocv.MorphClose, k)
	return edges
}

// brightMask separates the (usually light) document from the table with Otsu's threshold.
func brightMask(small gocv.Mat) gocv.Mat {
	bin := gocv.NewMat()
	gocv.Threshold(small, &bin, 0, 255, gocv.ThresholdBinary|gocv.ThresholdOtsu)
	k := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(7, 7))
	defer k.Close()
	gocv.MorphologyEx(bin, &bin, gocv.MorphClose, k)
	gocv.MorphologyEx(bin, &bin, gocv.MorphOpen, k)
	return bin
}

// largestQuad approximates each large outer contour by a polygon and keeps the largest one
// with four corners and a document-like aspect; a large contour that does not simplify to four
// corners (a rounded or partly occluded card) falls back to its minimum-area rectangle. Pieces
// of the card's edge cut off from it are joined to it where that gives a whole card (joinPieces).
func largestQuad(mask gocv.Mat) (Quad, bool) {
	contours := gocv.FindContours(mask, gocv.RetrievalExternal, gocv.ChainApproxSimple)
	defer contours.Close()
	total := float64(mask.Rows() * mask.Cols())
	hulls := make([][]image.Point, 0, contours.Size())
	for i := range contours.Size() {
		hulls = append(hulls, hullOf(contours.At(i)))
	}
	best, found := quadCand{}, false
	for i, hull := range hulls {
		if c, ok := quadOfHull(hull, total); ok && (!found || c.area > best.area) {
			best, found = c, true
			best.hull = i
		}
	}
	if !found {
		return Quad{}, false
	}
	if c, ok := joinPieces(mask, best, hulls, total); ok {
		return c.q, true
	}
	return best.q, true
}

// quadCand is a document outline found in an edge or brightness mask: hull is the index of
// the contour it came from, area the area of that contour's hull.
type quadCand struct {
	q    Quad
	area float64
	hull int
}

// hullOf is the convex hull of the points of c.
func hullOf(c gocv.PointVector) []image.Point {
	idx := gocv.NewMat()
	defer idx.Close()
	gocv.ConvexHull(c, &idx, true, false)
	pts := c.ToPoints()
	hull := make([]image.Point, 0, idx.Rows())
	for j := range idx.Rows() {
		hull = append(hull, pts[idx.GetIntAt(j, 0)])
	}
	return hull
}

// quadOfHull is the document outline a contour's hull gives, if it is large enough and
// shaped like a document.
func quadOfHull(hull []image.Point, total float64) (quadCand, bool) {
	if len(hull) < 4 {
		return quadCand{}, false
	}
	hv := gocv.NewPointVectorFromPoints(hull)
	defer hv.Close()
	area := gocv.ContourArea(hv)
	if area < minAreaShare*total || area > 0.98*total {
		return quadCand{}, false
	}
	q, ok := polyQuad(hv)
	if !ok {
		q = rectQuad(gocv.MinAreaRect(hv))
		ok = fillsRect(area, q)
	}
	if !ok || !plausible(q) {
		return quadCand{}, false
	}
	return quadCand{q: q, area: area}, true
}

func polyQuad(hull gocv.PointVector) (Quad, bool) {
	peri := gocv.ArcLength(hull, true)
	for _, eps := range []float64{0.015, 0.025, 0.04} {
		approx := gocv.ApproxPolyDP(hull, eps*peri, true)
		pts := approx.ToPoints()
		approx.Close()
		if len(pts) == 4 {
			var q Quad
			for i, p := range pts {
				q[i] = gocv.Point2f{X: float32(p.X), Y: float32(p.Y)}
			}
			return q, true
		}
	}
	return Quad{}, false
}

func rectQuad(r gocv.RotatedRect) Quad {
	var q Quad
	for i, p := range r.Points {
		if i < 4 {
			q[i] = gocv.Point2f{X: float32(p.X), Y: float32(p.Y)}
		}
	}
	return q
}

// fillsRect: the contour covers most of its rectangle (a card, not an L-shaped blob).
func fillsRect(area float64, q Quad) bool {
	return area > 0.85*quadArea(q)
}

func quadArea(q Quad) float64 {
	a := 0.0
	for i := range q {
		j := (i + 1) % 4
		a += float64(q[i].X*q[j].Y - q[j].X*q[i].Y)
	}
	return math.Abs(a) / 2
}

func dist(a, b gocv.Point2f) float64 { return math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)) }

// plausible: opposite sides of similar length and an aspect between square-ish passport pages
// and long cards, allowing for perspective.
func plausible(q Quad) bool {
	w := (dist(q[0], q[1]) + dist(q[2], q[3])) / 2
	h := (dist(q[1], q[2]) + dist(q[3], q[0])) / 2
	if w < h {
		w, h = h, w
	}
	if h < 20 {
		return false
	}
	aspect := w / h
	return aspect > 1.15 && aspect < 2.0
}

// orient orders the corners clockwise starting at the top-left of an upright, landscape
// document: the long sides become top and bottom, and of the two ways to read it the one
// closer to the photo's own upright is kept (a half turn is decided by OCR later).
func orient(q Quad) Quad {
	// Clockwise in image coordinates (y down): positive shoelace sum.
	if signedArea(q) < 0 {
		q[1], q[3] = q[3], q[1]
	}
	if dist(q[0], q[1]) < dist(q[1], q[2]) { // start on a long side
		q = Quad{q[1], q[2], q[3], q[0]}
	}
	// Of q and its half turn, keep the one whose top edge is higher in the photo.
	if q[0].Y+q[1].Y > q[2].Y+q[3].Y {
		q = Quad{q[2], q[3], q[0], q[1]}
	}
	return q
}

func signedArea(q Quad) float64 {
	a := 0.0
	for i := range q {
		j := (i + 1) % 4
		a += float64(q[i].X*q[j].Y - q[j].X*q[i].Y)
	}
	return a / 2
}

// Turn returns the same outline read upside down.
func (q Quad) Turn() Quad { return Quad{q[2], q[3], q[0], q[1]} }

// fullFrame is the whole image as an outline, when its shape is a document's.
func fullFrame(gray gocv.Mat) (Quad, bool) {
	w, h := float32(gray.Cols()), float32(gray.Rows())
	q := Quad{{X: 0, Y: 0}, {X: w, Y: 0}, {X: w, Y: h}, {X: 0, Y: h}}
	if !plausible(q) {
		return Quad{}, false
	}
	return orient(q), true
}
