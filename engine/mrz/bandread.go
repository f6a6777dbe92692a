package mrz

import (
	"image"
	"math"
	"slices"

	"gocv.io/x/gocv"
)

// lineRead is one MRZ line as classified, cell by cell.
type lineRead struct {
	cells []cell
}

// text is the best character of every cell, whatever its position means.
func (l lineRead) text() string {
	b := make([]byte, len(l.cells))
	for i, c := range l.cells {
		b[i], _, _ = c.best(classAlnum)
	}
	return string(b)
}

// meanScore is the average correlation of the best characters: low when the band is upside
// down or not text in OCR-B.
func (l lineRead) meanScore() float64 {
	var s float64
	for _, c := range l.cells {
		_, v, _ := c.best(classAlnum)
		s += float64(v)
	}
	return s / float64(len(l.cells))
}

// lineGroup is a set of consecutive text lines that may be an MRZ of the given width.
type lineGroup struct {
	lines []textLine
	width int
}

// mrzGroups lists the runs of consecutive lines whose length matches an MRZ width, with the
// line count of that width (2 for 36 and 44; 3, or 1 for the French licence, for 30).
func mrzGroups(lines []textLine) []lineGroup {
	var out []lineGroup
	for _, w := range widths {
		for _, n := range linesFor(w) {
			for start := 0; start+n <= len(lines); start++ {
				g, ok := trimTo(lines[start:start+n], w)
				if ok && stacked(g) {
					out = append(out, lineGroup{g, w})
					if a, ok := leftAligned(g); ok {
						out = append(out, lineGroup{a, w})
					}
				}
			}
		}
	}
	return out
}

// trimTo brings every line to about w characters at its own pitch: a chain may have picked up
// a mark or a card edge beyond either end of the MRZ line, so up to two components are dropped
// at each end when that brings the span closer to w.
func trimTo(g []textLine, w int) ([]textLine, bool) {
	out := make([]textLine, len(g))
	for i, l := range g {
		best, bestD := l, math.Abs(l.estWidth()-float64(w))
		for drop := 1; drop <= 4 && l.estWidth() > float64(w)+0.6 && bestD >= 0.6; drop++ {
			for left := 0; left <= min(drop, 2); left++ {
				right := drop - left
				if right > 2 || len(l.comps)-drop < minChain {
					continue
				}
				t := l.trimmed(left, right)
				if d := math.Abs(t.estWidth() - float64(w)); d < 0.6 && d < bestD {
					best, bestD = t, d
				}
			}
		}
		if bestD > math.Max(1.5, 0.05*float64(w)) {
			return nil, false
		}
		out[i] = best
	}
	return out, true
}

// leftAligned returns the group with the leading blobs dropped from every line that starts
// more than half a pitch left of the others (a mark, a hologram edge or a stamp chained to the
// line), when there is such a line: MRZ lines are printed left-aligned. The shortened line's
// grid is anchored on its new first character and runs on past its last (cellCentres).
func leftAligned(g []textLine) ([]textLine, bool) {
	if len(g) < 2 {
		return nil, false
	}
	ref := math.Inf(-1)
	for _, l := range g {
		ref = math.Max(ref, l.x0)
	}
	out := make([]textLine, len(g))
	changed := false
	for i, l := range g {
		drop := 0
		for drop < 2 && len(l.comps)-drop > minChain && l.comps[drop].cx() < ref-0.5*l.pitch {
			drop++
		}
		if drop > 0 && l.comps[drop].cx() >= ref-0.5*l.pitch {
			l = l.trimmed(drop, 0)
			changed = true
		}
		out[i] = l
	}
	return out, changed
}

// stacked: the lines are left-aligned, of one print size and one line pitch apart.
func stacked(g []textLine) bool {
	for i := 1; i < len(g); i++ {
		a, b := g[i-1], g[i]
		h := math.Max(a.capH, b.capH)
		gap := b.midY() - a.midY()
		if gap < 1.2*h || gap > 3.2*h || math.Abs(a.x0-b.x0) > 2*a.pitch ||
			math.Min(a.capH, b.capH) < 0.7*h {
			return false
		}
	}
	return true
}

// groupPlan is a line group ready to classify: the band shrunk so that its cap height is
// patchCapPx (one bilinear sample per patch pixel, after an area resize that does the
// antialiasing), every cell placed, the print scale calibrated on a few cells of each line.
// score is the calibration's mean best correlation: it ranks groups (and band orientations,
// since text upside down matches no template well) before the costly full classification.
type groupPlan struct {
	src    plane
	geoms  [][]geom
	kx, ky float64
	score  float64
	width  int
}

func (gs *glyphSet) planGroup(img gocv.Mat, g lineGroup) groupPlan {
	// MRZ lines share one print size; a line measured taller has blobs merged with something
	// below or above it (a card edge, glare), one measured shorter has broken strokes, which
	// the calibration absorbs better. So every line is sampled at the smallest measurement.
	capH := math.Inf(1)
	for _, l := range g.lines {
		capH = math.Min(capH, l.capH)
	}
	f := min(1, patchCapPx/capH)
	// Only the rows of the group are shrunk (an area resize of the whole band costs more than
	// classifying it).
	top, bottom := math.Inf(1), math.Inf(-1)
	for _, l := range g.lines {
		for _, x := range []float64{0, float64(img.Cols())} {
			top, bottom = math.Min(top, l.yAt(x)-1.5*l.capH), math.Max(bottom, l.yAt(x)+1.5*l.capH)
		}
	}
	y0 := max(0, int(top))
	rows := img.Region(image.Rect(0, y0, img.Cols(), max(y0+1, min(img.Rows(), int(bottom)+1))))
	defer rows.Close()
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(rows, &small, image.Point{}, f, f, gocv.InterpolationArea)
	src := plane{pix: small.ToBytes(), w: small.Cols(), h: small.Rows(), stride: small.Cols(), darkInk: true}
	geoms := make([][]geom, len(g.lines))
	for li, l := range g.lines {
		for _, x := range cellCentres(l, g.width) {
			y := l.yAt(x) - float64(y0)
			geoms[li] = append(geoms[li], geom{cx: (x+0.5)*f - 0.5, cy: (y+0.5)*f - 0.5, capH: capH * f, slope: l.b})
		}
	}
	kx, ky, score := gs.calibrate(src, geoms)
	return groupPlan{src: src, geoms: geoms, kx: kx, ky: ky, score: score, width: g.width}
}

// read classifies every cell of every line of the planned group.
func (gs *glyphSet) read(p groupPlan) glyphReading {
	out := make([]lineRead, len(p.geoms))
	var total float64
	for li, line := range p.geoms {
		cells := make([]cell, len(line))
		for i, gm := range line {
			gm.kx, gm.ky = p.kx, p.ky
			cells[i] = gs.classify(sampleGrid(p.src, gm, patchPad))
		}
		out[li] = lineRead{cells}
		total += out[li].meanScore()
	}
	return glyphReading{out, total / float64(len(out))}
}

// calibShortlist is how many templates per probe the calibration scores at the other scales.
const calibShortlist = 12

// topTemplates returns the indices of the n templates best matching v.
func (gs *glyphSet) topTemplates(v *patchVec, n int) []int {
	scores := make([]float32, len(gs.templates))
	idx := make([]int, len(gs.templates))
	for i := range gs.templates {
		scores[i], idx[i] = dot(v, &gs.templates[i].vec), i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmpDesc(float64(scores[a]), float64(scores[b])) })
	return idx[:min(n, len(idx))]
}

// Print-size calibration: the cap height measured on the binarised blobs is off by the blur,
// and issuers print OCR-B a little wider or narrower than the font. A few cells of each line
// are matched at every scale pair and the best average wins.
var (
	calibScales = []float64{0.84, 0.92, 1.0, 1.08}
	calibCells  = 10
)

func (gs *glyphSet) calibrate(src plane, lines [][]geom) (kx, ky, mean float64) {
	var probe []geom
	for _, l := range lines {
		step := max(1, len(l)*len(lines)/calibCells)
		for i := step / 2; i < len(l); i += step {
			probe = append(probe, l[i])
		}
	}
	// The font-size sampling scores every template; the other scales only each probe's best
	// few (a small change of scale does not promote a character from far down the ranking).
	short := make([][]int, len(probe))
	for i, gm := range probe {
		gm.kx, gm.ky = 1, 1
		v := window(sampleGrid(src, gm, 0), 0, 0, 0)
		short[i] = gs.topTemplates(&v, calibShortlist)
	}
	score := func(sx, sy float64) float64 {
		var sum float64
		for i, gm := range probe {
			gm.kx, gm.ky = sx, sy
			v := window(sampleGrid(src, gm, 0), 0, 0, 0)
			best := float32(-1)
			for _, t := range short[i] {
				best = max(best, dot(&v, &gs.templates[t].vec))
			}
			sum += float64(best)
		}
		return sum
	}
	// Height first at the font's width, then width at that height: the two barely interact,
	// and a separable search costs half the full grid.
	bestSum := math.Inf(-1)
	kx = 1
	for _, sy := range calibScales {
		if s := score(kx, sy); s > bestSum {
			bestSum, ky = s, sy
		}
	}
	for _, sx := range calibScales {
		if s := score(sx, ky); sx != 1 && s > bestSum {
			bestSum, kx = s, sx
		}
	}
	return kx, ky, bestSum / float64(max(1, len(probe)))
}

// Band binarisation for segmentation: a local mean threshold, so uneven light and glare do not
// swallow characters. The rectified band is bandWidth wide, which puts the cap height at 20 to
// 30 pixels whatever the format; the block spans about one character.
const (
	segBlock  = 31
	segOffset = 8
)

func inkMask(img gocv.Mat) gocv.Mat {
	out := gocv.NewMat()
	gocv.AdaptiveThreshold(img, &out, 255, gocv.AdaptiveThresholdMean, gocv.ThresholdBinaryInv, segBlock, segOffset)
	return out
}

// glyphReading is a band read by the glyph classifier.
type glyphReading struct {
	lines []lineRead
	score float64
}

// decision is a reading decided as one format: the lines and the runner-up characters.
type decision struct {
	lines []string
	alts  [][][]byte
}

// candidates decides the reading as every format of its shape (the first character, which
// names the format, may itself be misread), and in every decideMode, without duplicates.
func (gs *glyphSet) candidates(gr glyphReading) []decision {
	var out []decision
	var bases []basis
	for _, f := range shapeFormats(len(gr.lines), len(gr.lines[0].cells)) {
		bases = append(bases, newBasis(gr.lines, f))
	}
	for _, mode := range decideModes {
		for _, b := range bases {
			lines, alts := decide(gr.lines, b, mode)
			if !slices.ContainsFunc(out, func(o decision) bool { return slices.Equal(o.lines, lines) }) {
				out = append(out, decision{lines, alts})
			}
		}
	}
	return out
}

// shapeFormats lists the formats printed as n lines of width characters.
func shapeFormats(n, width int) []Format {
	var out []Format
	for _, f := range []Format{TD3, MRVA, TD2, MRVB, FRID, TD1, FRDL} {
		if ln, w := f.shape(); ln == n && w == width {
			out = append(out, f)
		}
	}
	return out
}

// planBand segments a band into MRZ-like line groups, as rectified and turned by 180°, and
// plans each. The blobs are found once: turning the band only mirrors their boxes.
func (gs *glyphSet) planBand(img gocv.Mat) []groupPlan {
	mask := inkMask(img)
	comps := components(mask, img.Rows()/3)
	mask.Close()
	turned := make([]comp, len(comps))
	w, h := img.Cols(), img.Rows()
	for i, c := range comps {
		turned[i] = comp{w - c.x1, h - c.y1, w - c.x0, h - c.y0}
	}
	plans := gs.planComps(img, comps)
	flipped := gocv.NewMat()
	defer flipped.Close()
	gocv.Rotate(img, &flipped, gocv.Rotate180Clockwise)
	return append(plans, gs.planComps(flipped, turned)...)
}

func (gs *glyphSet) planComps(img gocv.Mat, comps []comp) []groupPlan {
	var out []groupPlan
	for _, g := range mrzGroups(chainLines(comps)) {
		out = append(out, gs.planGroup(img, g))
	}
	return out
}
