package mrz

import (
	"image"
	"math"
	"slices"

	"gocv.io/x/gocv"
)

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
	// f and y0 map src back to the band as planned: band = (src+0.5)/f - 0.5, y0 rows down;
	// turned: the band was planned turned by 180° (bandW × bandH).
	f, y0        float64
	turned       bool
	bandW, bandH int
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
	return groupPlan{src: src, geoms: geoms, kx: kx, ky: ky, score: score, width: g.width,
		f: f, y0: float64(y0), bandW: img.Cols(), bandH: img.Rows()}
}

// zone is where the planned lines lie in the photo, b being the band they were planned in
// (rectified with glyphReach): the outer corners of the first and last cells of the first and
// last lines, half a pitch and half a cap height out.
func (p groupPlan) zone(b band) Zone {
	first, last := p.geoms[0], p.geoms[len(p.geoms)-1]
	corner := func(g geom, dx, dy float64) [2]float64 {
		pitch := (first[len(first)-1].cx - first[0].cx) / float64(max(1, len(first)-1))
		x := (g.cx+dx*pitch/2+0.5)/p.f - 0.5
		y := (g.cy+dy*g.capH/2+0.5)/p.f - 0.5 + p.y0
		if p.turned {
			x, y = float64(p.bandW-1)-x, float64(p.bandH-1)-y
		}
		return b.toPhoto(x, y, glyphReach)
	}
	return Zone{corner(first[0], -1, -1), corner(first[len(first)-1], 1, -1),
		corner(last[len(last)-1], 1, 1), corner(last[0], -1, 1)}
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
