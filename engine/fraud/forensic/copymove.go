package forensic

import (
	"image"
	"math"
	"slices"

	"gocv.io/x/gocv"
)

// Copy-move parameters, in pixels of the reduced card (smallSide on the long side).
const (
	cmFeatures   = 1200 // ORB keypoints: the strongest corners of a card at 640 px
	cmMinShift   = 24   // closer keypoints are the same stroke seen at two scales
	cmMaxHamming = 48   // of 256 descriptor bits: a copy re-saved differs by 0–30
	cmRatio      = 0.6  // the copy must be clearly closer than the next look-alike
	cmBin        = 3    // shift bin: keypoints are located to a pixel or two
)

// Copy candidates checked at full resolution: how many, the votes they need, and the margin
// around their keypoints (reduced pixels) the comparison covers.
const (
	cmVerify   = 5
	cmMinVotes = 5
	cmPad      = 6
)

// cmMatch is a pair of keypoints with the same descriptor: from → from+shift.
type cmMatch struct{ from, shift image.Point }

// copyMoveScore looks for a region of the card copied elsewhere on it (a field or digits
// duplicated over others). ORB keypoints are matched against each other; their descriptors
// (rotation-aware binary tests on a smoothed patch) survive re-compression and the sub-pixel
// resampling a block comparison does not. A pair counts when it is at least cmMinShift apart
// and clearly closer than the next candidate: text repeats letters (a filler run <<<< matches
// itself everywhere), and only a copied stroke has one twin. The pairs vote for their shift;
// a copied region gives one shift many votes. Genuine cards repeat patterns too: a shift
// whose double or half also collects votes is periodic (guilloche, character pitch) and is
// discarded, as is one whose source and destination areas overlap. The score is the vote
// count of the best remaining shift.
func copyMoveScore(small gocv.Mat) (int, image.Point) {
	cs := copyMoveCandidates(small, 1)
	if len(cs) == 0 {
		return 0, image.Point{}
	}
	return cs[0].votes, cs[0].shift
}

// cmCand is a shift that keypoint pairs voted for: from the region src (the keypoints'
// bounding box) to src+shift, in pixels of the reduced card.
type cmCand struct {
	votes int
	shift image.Point
	src   image.Rectangle
}

// copyMoveCandidates returns up to n shifts, most votes first, that are neither periodic nor
// self-overlapping (see copyMoveScore).
func copyMoveCandidates(small gocv.Mat, n int) []cmCand {
	if small.Cols() < 64 || small.Rows() < 64 {
		return nil
	}
	orb := gocv.NewORBWithParams(cmFeatures, 1.2, 4, 15, 0, 2, gocv.ORBScoreTypeHarris, 15, 10)
	defer orb.Close()
	mask := gocv.NewMat()
	defer mask.Close()
	kps, desc := orb.DetectAndCompute(small, mask)
	defer desc.Close()
	if len(kps) < 10 || desc.Rows() != len(kps) {
		return nil
	}
	bf := gocv.NewBFMatcherWithParams(gocv.NormHamming, false)
	defer bf.Close()
	seen := map[[2]int]bool{}
	var matches []cmMatch
	for i, ms := range bf.KnnMatch(desc, desc, 3) {
		others := slices.DeleteFunc(slices.Clone(ms), func(m gocv.DMatch) bool { return m.TrainIdx == i })
		if len(others) == 0 {
			continue
		}
		best := others[0]
		if best.Distance > cmMaxHamming || (len(others) > 1 && best.Distance > cmRatio*others[1].Distance) {
			continue
		}
		j := best.TrainIdx
		if seen[[2]int{min(i, j), max(i, j)}] {
			continue
		}
		seen[[2]int{min(i, j), max(i, j)}] = true
		p := image.Pt(int(math.Round(kps[i].X)), int(math.Round(kps[i].Y)))
		q := image.Pt(int(math.Round(kps[j].X)), int(math.Round(kps[j].Y)))
		m := canonical(p, q)
		if m.shift.X*m.shift.X+m.shift.Y*m.shift.Y >= cmMinShift*cmMinShift {
			matches = append(matches, m)
		}
	}
	votes := map[image.Point]int{}
	for _, m := range matches {
		votes[m.shift.Div(cmBin)]++
	}
	return bestShifts(matches, votes, n)
}

// canonical orders a pair so that the shift points right (or straight down).
func canonical(p, q image.Point) cmMatch {
	d := q.Sub(p)
	if d.X < 0 || (d.X == 0 && d.Y < 0) {
		return cmMatch{q, p.Sub(q)}
	}
	return cmMatch{p, d}
}

// nearVotes sums the votes of bin b and its neighbours (a shift near a bin edge).
func nearVotes(votes map[image.Point]int, b image.Point) int {
	n := 0
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			n += votes[b.Add(image.Pt(dx, dy))]
		}
	}
	return n
}

// bestShifts returns the n strongest shifts that are neither periodic nor self-overlapping.
func bestShifts(matches []cmMatch, votes map[image.Point]int, n int) []cmCand {
	type cand struct {
		b image.Point
		n int
	}
	var cands []cand
	for b, n := range votes {
		if n >= 3 {
			cands = append(cands, cand{b, nearVotes(votes, b)})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.n != b.n {
			return b.n - a.n
		}
		if a.b.X != b.b.X {
			return a.b.X - b.b.X
		}
		return a.b.Y - b.b.Y
	})
	var out []cmCand
	for k, c := range cands {
		if k >= 8 || len(out) == n {
			break
		}
		if periodic(votes, c.b, c.n) {
			continue
		}
		// A stripe or a run of identical characters matches itself one period on, so the
		// area the votes come from and the area they land in intersect; a copy elsewhere
		// does not.
		var src image.Rectangle
		for _, m := range matches {
			if b := m.shift.Div(cmBin); abs(b.X-c.b.X) <= 1 && abs(b.Y-c.b.Y) <= 1 {
				src = src.Union(image.Rectangle{Min: m.from, Max: m.from.Add(image.Pt(1, 1))})
			}
		}
		if d := c.b.Mul(cmBin); !src.Overlaps(src.Add(d)) {
			out = append(out, cmCand{c.n, d, src})
		}
	}
	return out
}

// periodic: a repeating pattern with period d also matches at 2d, and one with period d/2
// or d/3 matched there too; a copied region matches at d only.
func periodic(votes map[image.Point]int, b image.Point, n int) bool {
	for _, m := range []image.Point{b.Mul(2), b.Div(2), b.Div(3), b.Mul(3)} {
		if m.X*m.X+m.Y*m.Y >= (cmMinShift/cmBin)*(cmMinShift/cmBin)/4 && 4*nearVotes(votes, m) >= n {
			return true
		}
	}
	return false
}

// twinMinStd is the least spread of detail (grey levels) a zone needs for its twin to mean
// something: a blank or smooth zone matches every other one.
const twinMinStd = 6

// twinCandidate is the correlation on the reduced card from which a twin is compared at full
// resolution.
const twinCandidate = 0.6

// twinMinDetail is the least spread of full-resolution detail (grey levels) of the compared
// pixels.
const twinMinDetail = 4

// twinAlong and twinSelf: a zone that still correlates twinSelf with itself moved twinAlong
// pixels towards its twin is a line along that direction.
// twinMaxPixels bounds the pixels a full-resolution comparison reads.
const twinMaxPixels = 4000

// twinPeriod is the longest repeat (pixels) looked for across and down.
const (
	twinAlong  = 5
	twinSelf   = 0.6
	twinPeriod = 32
)

// twinSourceMin is the least mean log-likelihood ratio (double against single compression,
// nats per coefficient) of the zone a copy came from.
const twinSourceMin = 0.1

// highPass returns m minus its Gaussian blur (σ 2 px), as float32.
func highPass(m gocv.Mat) gocv.Mat {
	f := gocv.NewMat()
	m.ConvertTo(&f, gocv.MatTypeCV32F)
	blur := gocv.NewMat()
	defer blur.Close()
	gocv.GaussianBlur(f, &blur, image.Point{}, 2, 2, gocv.BorderReflect101)
	gocv.Subtract(f, blur, &f)
	return f
}

// twinOf looks, on the reduced card, for the content of zone r (image pixels) elsewhere on the
// card: a field or digits pasted from the card itself match their source almost exactly,
// while text printed twice differs in its neighbours and the guilloche under it. It returns
// the best normalized correlation away from r (not overlapping it, and on original card by the
// compression map dq) and the shift from r to it, in image pixels; 0 when the zone is too
// small or flat.
func twinOf(v *view, r image.Rectangle, dq *dqMap) (float64, image.Point) {
	toSmall := func(p image.Point) image.Point {
		return image.Pt(int(float64(p.X-v.card.Min.X)*v.scale), int(float64(p.Y-v.card.Min.Y)*v.scale))
	}
	rs := image.Rectangle{Min: toSmall(r.Min), Max: toSmall(r.Max)}.Intersect(image.Rect(0, 0, v.small.Cols(), v.small.Rows()))
	if rs.Dx() < 12 || rs.Dy() < 8 || rs.Dx() >= v.small.Cols()/2 || rs.Dy() >= v.small.Rows()/2 {
		return 0, image.Point{}
	}
	// Compared on detail only (the card minus its blur): smooth shading, a background or a
	// cheek, correlates with any other smooth area.
	hp := highPass(v.small)
	defer hp.Close()
	tmpl := hp.Region(rs)
	defer tmpl.Close()
	mean, std := gocv.NewMat(), gocv.NewMat()
	defer mean.Close()
	defer std.Close()
	gocv.MeanStdDev(tmpl, &mean, &std)
	if std.GetDoubleAt(0, 0) < twinMinStd {
		return 0, image.Point{}
	}
	res := gocv.NewMat()
	defer res.Close()
	noMask := gocv.NewMat()
	defer noMask.Close()
	gocv.MatchTemplate(hp, tmpl, &res, gocv.TmCcoeffNormed, noMask)
	// The zone matches itself and, smooth content, its neighbourhood: only a match that
	// does not overlap it counts.
	self := image.Rect(rs.Min.X-rs.Dx()+1, rs.Min.Y-rs.Dy()+1, rs.Min.X+rs.Dx(), rs.Min.Y+rs.Dy()).
		Intersect(image.Rect(0, 0, res.Cols(), res.Rows()))
	if !self.Empty() {
		blank := res.Region(self)
		blank.SetTo(gocv.NewScalar(-1, 0, 0, 0))
		blank.Close()
	}
	// The source of a copy is original card, compressed twice like the rest; a look-alike
	// inside the pasted area itself (a patterned shirt, a wall) is not. The best few matches
	// are tried in turn.
	for range 4 {
		_, best, _, at := gocv.MinMaxLoc(res)
		if best <= 0 {
			break
		}
		shift := at.Sub(rs.Min)
		img := image.Pt(int(float64(shift.X)/v.scale), int(float64(shift.Y)/v.scale))
		// Judged with its surroundings, as dark print carries no trace (clipped) and a source
		// inside a pasted area is surrounded by it; too little trace gives the benefit.
		around := r.Add(img).Inset(-max(r.Dx(), r.Dy()) / 2)
		if mean, n := dq.zoneScore(around); n < dqMinTests || mean >= twinSourceMin {
			return float64(best), img
		}
		near := image.Rect(at.X-rs.Dx()/2, at.Y-rs.Dy()/2, at.X+rs.Dx()/2+1, at.Y+rs.Dy()/2+1).
			Intersect(image.Rect(0, 0, res.Cols(), res.Rows()))
		blank := res.Region(near)
		blank.SetTo(gocv.NewScalar(-1, 0, 0, 0))
		blank.Close()
	}
	return 0, image.Point{}
}

// twinRefine compares, at full resolution, zone r with its twin at shift d (found on the
// reduced card, so within a few pixels): detail (the image minus its σ 1.5 blur) of the
// blocks of r that look compressed once, against the same pixels shifted by d ± 3. A copy
// carries its source's sensor noise and compression detail along, so the two agree almost
// exactly (0.9 and more); a look-alike (the same letter printed elsewhere, a pattern) agrees
// on its shapes only. Returns the best correlation.
func twinRefine(grey gocv.Mat, r image.Rectangle, d image.Point, dq *dqMap) float64 {
	const slack = 3
	bounds := image.Rect(0, 0, grey.Cols(), grey.Rows())
	outer := r.Union(r.Add(d)).Inset(-slack - twinPeriod - 8).Intersect(bounds)
	if !r.Add(d).Inset(-slack).In(outer) || !r.Inset(-twinPeriod).In(outer) {
		return 0
	}
	roi := grey.Region(outer)
	defer roi.Close()
	f := gocv.NewMat()
	defer f.Close()
	roi.ConvertTo(&f, gocv.MatTypeCV32F)
	blur := gocv.NewMat()
	defer blur.Close()
	gocv.GaussianBlur(f, &blur, image.Point{}, 1.5, 1.5, gocv.BorderReflect101)
	gocv.Subtract(f, blur, &f)
	hp, err := f.DataPtrFloat32()
	if err != nil {
		return 0
	}
	w := outer.Dx()
	// The pixels compared: blocks of r that look compressed once (all of r if too few).
	var pts []image.Point
	collect := func(single bool) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if single && dq != nil {
					bx, by := (x-dq.origin.X)/8, (y-dq.origin.Y)/8
					if bx < 0 || by < 0 || bx >= dq.bw || by >= dq.bh {
						continue
					}
					if i := by*dq.bw + bx; dq.tests[i] == 0 || dq.llr[i] >= 0 {
						continue
					}
				}
				pts = append(pts, image.Pt(x-outer.Min.X, y-outer.Min.Y))
			}
		}
	}
	if dq != nil {
		collect(true)
	}
	if len(pts) < 4*64 {
		pts = pts[:0]
		collect(false)
	}
	// Every k-th pixel is plenty for a correlation, and bounds the time of a large zone.
	if k := len(pts)/twinMaxPixels + 1; k > 1 {
		kept := pts[:0]
		for i := 0; i < len(pts); i += k {
			kept = append(kept, pts[i])
		}
		pts = kept
	}
	// Faint detail (a smooth table or background, where JPEG ringing is all there is) agrees
	// with any other of its kind.
	var s1, s2 float64
	for _, p := range pts {
		a := float64(hp[p.Y*w+p.X])
		s1, s2 = s1+a, s2+a*a
	}
	if n := float64(len(pts)); s2/n-(s1/n)*(s1/n) < twinMinDetail*twinMinDetail {
		return 0
	}
	ncc := func(o int) float64 {
		var sa, sb, saa, sbb, sab float64
		for _, p := range pts {
			a := float64(hp[p.Y*w+p.X])
			b := float64(hp[p.Y*w+p.X+o])
			sa, sb, saa, sbb, sab = sa+a, sb+b, saa+a*a, sbb+b*b, sab+a*b
		}
		n := float64(len(pts))
		va, vb := saa-sa*sa/n, sbb-sb*sb/n
		if va <= 0 || vb <= 0 {
			return 0
		}
		return (sab - sa*sb/n) / math.Sqrt(va*vb)
	}
	// A straight edge or a line (the border of a pasted photo, a rule) matches itself all
	// along its direction: such a zone says nothing of a copy in that direction.
	l := math.Hypot(float64(d.X), float64(d.Y))
	if l == 0 {
		return 0
	}
	along := image.Pt(int(math.Round(twinAlong*float64(d.X)/l)), int(math.Round(twinAlong*float64(d.Y)/l)))
	if ncc(along.Y*w+along.X) >= twinSelf {
		return 0
	}
	// Nor does a zone that repeats itself across or down (a run of filler characters, a
	// pattern): its look-alikes are everywhere.
	for k := 3; k <= twinPeriod; k++ {
		if ncc(k) >= twinSelf || ncc(k*w) >= twinSelf {
			return 0
		}
	}
	best := 0.0
	for dy := -slack; dy <= slack; dy++ {
		for dx := -slack; dx <= slack; dx++ {
			best = math.Max(best, ncc((d.Y+dy)*w+d.X+dx))
		}
	}
	return best
}
