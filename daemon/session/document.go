package session

import (
	"image"
	"math"

	"gocv.io/x/gocv"
)

// Aspect ratios of the documents the gate looks for (long side / short side).
const (
	aspectID1 = 85.6 / 54.0  // ID-1 cards: CIN, CNI, permits, residence cards
	aspectTD3 = 125.0 / 88.0 // passport data page
)

// docResult is the document gate's view of one frame.
type docResult struct {
	quad      []image.Point // nil when no document-shaped quadrilateral was found
	area      float64       // share of the frame
	sharpness float64
	glare     float64
	bright    float64
}

// findDocument looks for the largest convex quadrilateral with an ID-1 or TD3 aspect ratio:
// Canny edges, closed by a dilation, external contours, polygon approximation.
func findDocument(gray gocv.Mat) []image.Point {
	blur, edges := gocv.NewMat(), gocv.NewMat()
	defer blur.Close()
	defer edges.Close()
	gocv.GaussianBlur(gray, &blur, image.Pt(5, 5), 0, 0, gocv.BorderDefault)
	gocv.Canny(blur, &edges, 40, 120)
	kernel := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(3, 3))
	defer kernel.Close()
	gocv.Dilate(edges, &edges, kernel)
	contours := gocv.FindContours(edges, gocv.RetrievalExternal, gocv.ChainApproxSimple)
	defer contours.Close()
	frame := float64(gray.Rows() * gray.Cols())
	var best []image.Point
	bestArea := 0.0
	for i := range contours.Size() {
		c := contours.At(i) // a view into contours: not closed separately
		area := gocv.ContourArea(c)
		if area < 0.05*frame || area <= bestArea {
			continue
		}
		approx := gocv.ApproxPolyDP(c, 0.02*gocv.ArcLength(c, true), true)
		pts := approx.ToPoints()
		approx.Close()
		if len(pts) != 4 || !convex(pts) || !documentAspect(pts) {
			continue
		}
		best, bestArea = pts, area
	}
	return best
}

// documentAspect accepts ID-1 and TD3 shapes, with room for perspective.
func documentAspect(q []image.Point) bool {
	a := (dist(q[0], q[1]) + dist(q[2], q[3])) / 2
	b := (dist(q[1], q[2]) + dist(q[3], q[0])) / 2
	if a < b {
		a, b = b, a
	}
	if b < 1 {
		return false
	}
	r := a / b
	return math.Abs(r-aspectID1) < 0.18 || math.Abs(r-aspectTD3) < 0.1
}

func convex(q []image.Point) bool {
	sign := 0
	for i := range q {
		a, b, c := q[i], q[(i+1)%4], q[(i+2)%4]
		cross := (b.X-a.X)*(c.Y-b.Y) - (b.Y-a.Y)*(c.X-b.X)
		s := 1
		if cross < 0 {
			s = -1
		}
		if sign != 0 && s != sign {
			return false
		}
		sign = s
	}
	return true
}

func dist(a, b image.Point) float64 { return math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)) }

func polyArea(q []image.Point) float64 {
	s := 0
	for i := range q {
		j := (i + 1) % len(q)
		s += q[i].X*q[j].Y - q[j].X*q[i].Y
	}
	return math.Abs(float64(s)) / 2
}

// bounds is the quad's bounding box clipped to the frame.
func bounds(q []image.Point, w, h int) image.Rectangle {
	r := image.Rectangle{Min: q[0], Max: q[0]}
	for _, p := range q[1:] {
		r = r.Union(image.Rectangle{Min: p, Max: p.Add(image.Pt(1, 1))})
	}
	return r.Intersect(image.Rect(0, 0, w, h))
}

// analyzeDocument measures one gray frame.
func analyzeDocument(gray gocv.Mat) docResult {
	res := docResult{quad: findDocument(gray)}
	roi := image.Rect(0, 0, gray.Cols(), gray.Rows())
	if res.quad != nil {
		res.area = polyArea(res.quad) / float64(gray.Rows()*gray.Cols())
		roi = bounds(res.quad, gray.Cols(), gray.Rows())
	}
	region := gray.Region(roi)
	defer region.Close()
	res.sharpness = sharpness(region)
	res.glare = saturatedShare(region)
	res.bright = region.Mean().Val1
	return res
}

// sharpness is the variance of the Laplacian: low when the image is blurred or moving.
func sharpness(gray gocv.Mat) float64 {
	lap, mean, std := gocv.NewMat(), gocv.NewMat(), gocv.NewMat()
	defer lap.Close()
	defer mean.Close()
	defer std.Close()
	gocv.Laplacian(gray, &lap, gocv.MatTypeCV64F, 3, 1, 0, gocv.BorderDefault)
	gocv.MeanStdDev(lap, &mean, &std)
	s := std.GetDoubleAt(0, 0)
	return s * s
}

// saturatedShare is the share of pixels at 250 or more: specular glare on a laminated card.
func saturatedShare(gray gocv.Mat) float64 {
	mask := gocv.NewMat()
	defer mask.Close()
	gocv.Threshold(gray, &mask, 249, 255, gocv.ThresholdBinary)
	n := gray.Rows() * gray.Cols()
	if n == 0 {
		return 0
	}
	return float64(gocv.CountNonZero(mask)) / float64(n)
}

// documentFeedback turns a measurement into what the customer should do; empty means the
// frame passes (stability is judged across frames by the caller).
func documentFeedback(r docResult, th Thresholds) []string {
	switch {
	case r.quad == nil && r.bright < th.MinBrightness/2:
		return []string{FbTooDark}
	case r.quad == nil:
		return []string{FbNoDocument}
	case r.area < th.MinDocArea:
		return []string{FbMoveCloser}
	case r.area > th.MaxDocArea:
		return []string{FbMoveFarther}
	}
	var fb []string
	if r.bright < th.MinBrightness {
		fb = append(fb, FbTooDark)
	}
	if r.glare > th.MaxGlare {
		fb = append(fb, FbTooMuchGlare)
	}
	if r.sharpness < th.MinSharpness {
		fb = append(fb, FbTooBlurry)
	}
	return fb
}

// quadMoved is the largest corner displacement between two quads, as a share of the diagonal.
// Corners are matched to the nearest, since approxPolyDP may start the polygon anywhere.
func quadMoved(a, b []image.Point, w, h int) float64 {
	if a == nil || b == nil {
		return math.Inf(1)
	}
	worst := 0.0
	for _, p := range a {
		near := math.Inf(1)
		for _, q := range b {
			near = math.Min(near, dist(p, q))
		}
		worst = math.Max(worst, near)
	}
	return worst / math.Hypot(float64(w), float64(h))
}
