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
	if small.Cols() < 64 || small.Rows() < 64 {
		return 0, image.Point{}
	}
	orb := gocv.NewORBWithParams(cmFeatures, 1.2, 4, 15, 0, 2, gocv.ORBScoreTypeHarris, 15, 10)
	defer orb.Close()
	mask := gocv.NewMat()
	defer mask.Close()
	kps, desc := orb.DetectAndCompute(small, mask)
	defer desc.Close()
	if len(kps) < 10 || desc.Rows() != len(kps) {
		return 0, image.Point{}
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
	return bestShift(matches, votes)
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

// bestShift returns the strongest shift (in pixels) that is neither periodic nor
// self-overlapping, and its votes.
func bestShift(matches []cmMatch, votes map[image.Point]int) (int, image.Point) {
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
	for k, c := range cands {
		if k >= 8 {
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
			return c.n, d
		}
	}
	return 0, image.Point{}
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
