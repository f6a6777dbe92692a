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
					// A line that starts a pitch or two right of the others lost its first
					// characters (MRZ lines are printed left-aligned): its grid starts where
					// theirs does. No check digit covers the TD1 names line, so this
					// replaces the misaligned reading rather than competing with it.
					if e, ok := leftExtended(g, w); ok {
						g = e
					}
					out = append(out, lineGroup{g, w})
					if n == 1 {
						for _, t := range otherTrims(lines[start], g[0], w) {
							out = append(out, lineGroup{[]textLine{t}, w})
						}
					}
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
// at each end when that brings the span closer to w. Of the trims that fit, a line of a group
// takes the one that starts where the group's other lines start (MRZ lines are printed
// left-aligned: a speck after a line's last filler measures like its first character).
func trimTo(g []textLine, w int) ([]textLine, bool) {
	out := make([]textLine, len(g))
	fits := make([][]textLine, len(g))
	for i, l := range g {
		best, bestD := l, math.Abs(l.estWidth()-float64(w))
		if bestD < 0.6 {
			fits[i] = append(fits[i], l)
		}
		for drop := 1; drop <= 4 && l.estWidth() > float64(w)+0.6 && bestD >= 0.6; drop++ {
			for left := 0; left <= min(drop, 2); left++ {
				right := drop - left
				if right > 2 || len(l.comps)-drop < minChain {
					continue
				}
				t := l.trimmed(left, right)
				d := math.Abs(t.estWidth() - float64(w))
				if d < 0.6 {
					fits[i] = append(fits[i], t)
				}
				if d < 0.6 && d < bestD {
					best, bestD = t, d
				}
			}
		}
		if bestD > math.Max(1.5, 0.05*float64(w)) {
			return nil, false
		}
		out[i] = best
	}
	if len(g) < 2 {
		return out, true
	}
	starts := make([]float64, len(out))
	for i, l := range out {
		starts[i] = l.x0
	}
	slices.Sort(starts)
	ref := starts[len(starts)/2]
	for i := range out {
		for _, t := range fits[i] {
			if math.Abs(t.x0-ref) < math.Abs(out[i].x0-ref)-0.5*t.pitch {
				out[i] = t
			}
		}
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
	lines  []string
	alts   [][][]byte
	format Format // the format whose alphabets decided the characters
}

// candidates decides the reading as every format of its shape (the first character, which
// names the format, may itself be misread), and in every decideMode, without duplicates within
// a format: the same lines decided by two formats are two decisions, each kept only if it
// parses as its own format (readPlans).
func (gs *glyphSet) candidates(gr glyphReading) []decision {
	var out []decision
	var bases []basis
	for _, f := range shapeFormats(len(gr.lines), len(gr.lines[0].cells)) {
		bases = append(bases, newBasis(gr.lines, f))
	}
	for _, mode := range decideModes {
		for _, b := range bases {
			lines, alts := decide(gr.lines, b, mode)
			if !slices.ContainsFunc(out, func(o decision) bool { return o.format == b.lay.format && slices.Equal(o.lines, lines) }) {
				out = append(out, decision{lines, alts, b.lay.format})
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
func (gs *glyphSet) planBand(img gocv.Mat, maskFn func(gocv.Mat) gocv.Mat) []groupPlan {
	mask := maskFn(img)
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
	for _, p := range gs.planComps(flipped, turned) {
		p.turned = true
		plans = append(plans, p)
	}
	return plans
}

func (gs *glyphSet) planComps(img gocv.Mat, comps []comp) []groupPlan {
	var out []groupPlan
	for _, g := range mrzGroups(chainLines(comps)) {
		out = append(out, gs.planGroup(img, g))
	}
	return out
}

// otherTrims lists the other ways of trimming a lone line to w characters than the one trimTo
// chose. A one-line MRZ (the French licence) has no neighbour to align it on, so a speck
// chained at the left and the line's last character chained at the right measure the same:
// both trims are read, and the check digits decide.
func otherTrims(l, chosen textLine, w int) []textLine {
	var out []textLine
	for left := 0; left <= 2; left++ {
		for right := 0; right <= 2; right++ {
			if len(l.comps)-left-right < minChain {
				continue
			}
			t := l.trimmed(left, right)
			if math.Abs(t.estWidth()-float64(w)) >= 0.6 || t.x0 == chosen.x0 && t.x1 == chosen.x1 {
				continue
			}
			out = append(out, t)
		}
	}
	return out
}

// leftExtended returns the group with every line that starts more than half a pitch (and at
// most maxLostHead pitches) right of the leftmost line's start extended leftwards by the
// missing cells, when there is such a line. The missing characters get placeholder blobs at
// the pitch, the size of the line's first blob, so that the grid (cellCentres) is anchored
// where the others are; the classifier reads the image there. Blobs beyond w cells at the
// right end are dropped.
func leftExtended(g []textLine, w int) ([]textLine, bool) {
	if len(g) < 2 {
		return nil, false
	}
	ref := math.Inf(1)
	for _, l := range g {
		ref = math.Min(ref, l.x0)
	}
	out := make([]textLine, len(g))
	changed := false
	for i, l := range g {
		out[i] = l
		k := int(math.Round((l.x0 - ref) / l.pitch))
		if l.x0-ref < 0.5*l.pitch || k > maxLostHead {
			continue
		}
		first := l.comps[0]
		comps := make([]comp, 0, len(l.comps)+k)
		for j := k; j >= 1; j-- {
			dx := int(math.Round(float64(j) * l.pitch))
			comps = append(comps, comp{first.x0 - dx, first.y0, first.x1 - dx, first.y1})
		}
		l.comps = append(comps, l.comps...)
		l.x0 = l.comps[0].cx()
		for drop := 0; drop < k && l.estWidth() > float64(w)+0.5 && len(l.comps) > minChain; drop++ {
			l.comps = l.comps[:len(l.comps)-1]
			l.x1 = l.comps[len(l.comps)-1].cx()
		}
		out[i] = l
		changed = true
	}
	return out, changed
}

// maxLostHead is how many characters at the start of a line may have no blob.
const maxLostHead = 2

// contrastInkMask is inkMask with a threshold relative to the band's contrast: a pixel is ink
// when it is darker than the local mean by segOffset and lies nearer the band's ink level
// (its darkest percentile) than the local mean. A light background print (a guilloche)
// passes the fixed offset, touches the characters and breaks their chains; relative to black
// ink it is background.
func contrastInkMask(img gocv.Mat) gocv.Mat {
	mean := gocv.NewMat()
	defer mean.Close()
	gocv.Blur(img, &mean, image.Pt(segBlock, segBlock))
	ink := float64(darkLevel(img.ToBytes(), inkPercentile))
	half := gocv.NewMat()
	defer half.Close()
	gocv.AddWeighted(mean, 0.5, mean, 0, ink/2, &half)
	below := gocv.NewMat()
	defer below.Close()
	gocv.AddWeighted(mean, 1, mean, 0, -segOffset, &below)
	gocv.Min(half, below, &half)
	out := gocv.NewMat()
	gocv.Compare(img, half, &out, gocv.CompareLT)
	return out
}

// inkPercentile is the share of a band's pixels darker than its ink level: MRZ characters
// cover several per cent of a band.
const inkPercentile = 0.01

// darkLevel is the grey level below which share of pix lies.
func darkLevel(pix []byte, share float64) uint8 {
	var hist [256]int
	for _, p := range pix {
		hist[p]++
	}
	want := int(share * float64(len(pix)))
	n := 0
	for v, c := range hist {
		n += c
		if n > want {
			return uint8(v)
		}
	}
	return 255
}
