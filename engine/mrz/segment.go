package mrz

import (
	"math"
	"slices"
	"sort"

	"gocv.io/x/gocv"
)

// comp is the bounding box of a connected ink component (max exclusive).
type comp struct{ x0, y0, x1, y1 int }

func (c comp) cx() float64 { return float64(c.x0+c.x1) / 2 }
func (c comp) cy() float64 { return float64(c.y0+c.y1) / 2 }
func (c comp) w() float64  { return float64(c.x1 - c.x0) }
func (c comp) h() float64  { return float64(c.y1 - c.y0) }

// Component filter, in pixels of the rectified band.
const (
	minCompH = 5
	maxCompW = 2.5 // width at most this many heights (wider blobs are rules, frames, photos)
)

// components lists the ink blobs of a binary mask that could be characters.
func components(mask gocv.Mat, maxH int) []comp {
	labels, stats, centroids := gocv.NewMat(), gocv.NewMat(), gocv.NewMat()
	defer labels.Close()
	defer stats.Close()
	defer centroids.Close()
	n := gocv.ConnectedComponentsWithStats(mask, &labels, &stats, &centroids)
	var out []comp
	for i := 1; i < n; i++ {
		x, y := int(stats.GetIntAt(i, 0)), int(stats.GetIntAt(i, 1))
		w, h := int(stats.GetIntAt(i, 2)), int(stats.GetIntAt(i, 3))
		if h < minCompH || h > maxH || float64(w) > maxCompW*float64(h) {
			continue
		}
		out = append(out, comp{x, y, x + w, y + h})
	}
	return out
}

// textLine is a chain of components along one printed line.
type textLine struct {
	comps  []comp  // left to right
	capH   float64 // height of the full-height characters
	a, b   float64 // centre of the cap band: y = a + b·x
	pitch  float64 // median distance between neighbouring characters
	x0, x1 float64 // centres of the first and last component
}

func (l textLine) yAt(x float64) float64 { return l.a + l.b*x }

func (l textLine) midY() float64 { return l.yAt((l.x0 + l.x1) / 2) }

// estWidth is the number of characters the line spans at its pitch.
func (l textLine) estWidth() float64 { return (l.x1-l.x0)/l.pitch + 1 }

// trimmed drops components at the ends (the fit is kept: the ends barely weigh in it).
func (l textLine) trimmed(left, right int) textLine {
	l.comps = l.comps[left : len(l.comps)-right]
	l.x0, l.x1 = l.comps[0].cx(), l.comps[len(l.comps)-1].cx()
	return l
}

// minChain is the fewest components a chain needs to be an MRZ line candidate (30-character
// lines, some characters merged or lost).
const minChain = 18

// chainLines links every component to its best right-hand neighbour of similar size on the same
// line and returns the long chains as text lines, top to bottom.
func chainLines(comps []comp) []textLine {
	sort.Slice(comps, func(i, j int) bool { return comps[i].cx() < comps[j].cx() })
	next := make([]int, len(comps))
	prevCost := make([]float64, len(comps))
	prev := make([]int, len(comps))
	for i := range comps {
		next[i], prev[i] = -1, -1
	}
	for i, a := range comps {
		best, bestCost := -1, math.Inf(1)
		for j := i + 1; j < len(comps); j++ {
			b := comps[j]
			hMax := math.Max(a.h(), b.h())
			dx := b.cx() - a.cx()
			if dx > 2.6*hMax {
				break
			}
			dy := math.Abs(b.cy() - a.cy())
			if dx < 0.3*hMax || dy > 0.3*hMax || math.Min(a.h(), b.h()) < 0.35*hMax {
				continue
			}
			if cost := dx + 3*dy; cost < bestCost {
				best, bestCost = j, cost
			}
		}
		if best < 0 {
			continue
		}
		if prev[best] >= 0 {
			if prevCost[best] <= bestCost {
				continue
			}
			next[prev[best]] = -1
		}
		next[i], prev[best], prevCost[best] = best, i, bestCost
	}
	var lines []textLine
	for i := range comps {
		if prev[i] >= 0 {
			continue
		}
		var chain []comp
		for j := i; j >= 0; j = next[j] {
			chain = append(chain, comps[j])
		}
		if len(chain) >= minChain {
			if l, ok := fitLine(chain); ok {
				lines = append(lines, l)
			}
		}
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i].midY() < lines[j].midY() })
	return lines
}

// fitLine measures a chain: cap height from the taller components (fillers are shorter),
// centre line by least squares over them, pitch from neighbour distances.
func fitLine(chain []comp) (textLine, bool) {
	hs := make([]float64, len(chain))
	for i, c := range chain {
		hs[i] = c.h()
	}
	slices.Sort(hs)
	top := hs[len(hs)*9/10]
	var tall []float64
	for _, h := range hs {
		if h >= 0.75*top {
			tall = append(tall, h)
		}
	}
	capH := tall[len(tall)/2]
	var sx, sy, sxx, sxy, n float64
	for _, c := range chain {
		if c.h() < 0.75*capH {
			continue
		}
		x, y := c.cx(), c.cy()
		sx, sy, sxx, sxy, n = sx+x, sy+y, sxx+x*x, sxy+x*y, n+1
	}
	l := textLine{comps: chain, capH: capH, x0: chain[0].cx(), x1: chain[len(chain)-1].cx()}
	if d := n*sxx - sx*sx; n >= 2 && d > 1e-9 {
		l.b = (n*sxy - sx*sy) / d
		l.a = (sy - l.b*sx) / n
	} else {
		l.a = chain[0].cy()
	}
	var gaps []float64
	for i := 1; i < len(chain); i++ {
		if d := chain[i].cx() - chain[i-1].cx(); d > 0.6*capH && d < 1.6*capH {
			gaps = append(gaps, d)
		}
	}
	if len(gaps) < minChain/2 {
		return textLine{}, false
	}
	slices.Sort(gaps)
	l.pitch = refinePitch(chain, gaps[len(gaps)/2])
	return l, true
}

// refinePitch turns the median neighbour distance (coarse: centres are half-pixels) into the
// least-squares slope of centre against cell index, which over 30 to 44 cells is accurate to a
// small fraction of a pixel, so the line's character count comes out right. Cell indices are
// counted gap by gap (a gap is one pitch, or a few where characters are lost), not from the
// first centre: an index computed as distance over a coarse pitch drifts by a whole cell
// across a long line.
func refinePitch(chain []comp, pitch float64) float64 {
	idx := make([]float64, len(chain))
	for k := 1; k < len(chain); k++ {
		idx[k] = idx[k-1] + max(1, math.Round((chain[k].cx()-chain[k-1].cx())/pitch))
	}
	// Fit all centres, then again without those far off the first fit (broken or merged
	// characters).
	a, b, tol := 0.0, 0.0, math.Inf(1)
	for range 2 {
		var si, sx, sii, six, n float64
		for k, c := range chain {
			i := idx[k]
			if math.Abs(c.cx()-a-b*i) > tol {
				continue
			}
			si, sx, sii, six, n = si+i, sx+c.cx(), sii+i*i, six+i*c.cx(), n+1
		}
		d := n*sii - si*si
		if n < 3 || d < 1e-9 {
			break
		}
		b = (n*six - si*sx) / d
		a = (sx - b*si) / n
		pitch, tol = b, 0.3*b
	}
	return pitch
}
