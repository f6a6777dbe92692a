package mrz

import (
	"image"
	"math"
	"slices"
	"sort"

	"gocv.io/x/gocv"
)

// The text locator finds the MRZ as what it is: lines of equally pitched, equally tall character
// blobs. It needs no kernel tuned to a print size and works at any rotation: the blobs' nearest
// neighbours give the text direction, the ink mask is turned so that the text runs horizontally,
// and the blobs are chained into lines there (as inside a band, see chainLines).

// Text locator tuning, in pixels of the photo normalised to textSide on its longest side; an MRZ
// filling a third to all of the photo width then has characters 7 to 29 pixels tall (measured:
// 1100 read no more photo than 900, and 760 no faster).
const (
	textSide   = 900
	textBlock  = 31 // local threshold window: wider than a character, narrower than a line
	textOffset = 10 // grey levels below the local mean counted as ink
	// inkOffset counts only dark ink: at textOffset a guilloche printed in a mid grey lights up
	// as a mesh that the MRZ's characters touch, so they never chain (three in fifty of the
	// default generator's French licence backs, whose single line sits on such a mesh);
	// 30 grey levels below the mean keeps the black print and drops the mesh.
	inkOffset  = 30
	minTextPx  = 6 // blob size (longest side of its box) bounds
	maxTextPx  = 64
	maxAngles  = 2 // text directions tried, best first
	maxTextGrp = 3 // line groups turned into bands per direction
)

// textLocator holds the ink mask of a photo and its text directions; bands along each
// direction are computed on demand, since the first usually holds the MRZ.
type textLocator struct {
	mask   gocv.Mat
	scale  float64 // photo to mask
	angles []float64
}

func newTextLocator(gray gocv.Mat, offset float32) *textLocator {
	scale := textSide / float64(max(gray.Cols(), gray.Rows()))
	small := gocv.NewMat()
	defer small.Close()
	interp := gocv.InterpolationArea
	if scale > 1 {
		interp = gocv.InterpolationLinear
	}
	gocv.Resize(gray, &small, image.Point{}, scale, scale, interp)
	mask := gocv.NewMat()
	gocv.AdaptiveThreshold(small, &mask, 255, gocv.AdaptiveThresholdMean, gocv.ThresholdBinaryInv, textBlock, offset)
	return &textLocator{mask: mask, scale: scale, angles: withUpright(textAngles(components(mask, maxTextPx)))}
}

// withUpright adds the horizontal direction after the estimated ones when none is near it:
// most photos are taken upright, and a column of short labels (a licence's categories AM, A1,
// A2… one under another) with a guilloche can outvote the MRZ's single line, whose direction
// then was never tried (a tenth of the default generator's French licence backs).
func withUpright(angles []float64) []float64 {
	for _, a := range angles {
		if math.Min(a, math.Pi-a) < uprightSlack {
			return angles
		}
	}
	return append(angles, 0)
}

// uprightSlack is how near the horizontal an estimated direction must be to stand for it: the
// bands along a direction follow lines tilted a few degrees from it.
const uprightSlack = 5 * math.Pi / 180

func (t *textLocator) close() { t.mask.Close() }

// bands returns the candidate bands along text direction i, best first, in photo coordinates.
func (t *textLocator) bands(i int) []band {
	var out []band
	for _, s := range bandsAlong(t.mask, t.angles[i], t.scale) {
		if !overlapsAny(s.b, out) {
			out = append(out, s.b)
		}
	}
	return out
}

// textAngles estimates the directions of the text lines (radians, image y down, in [0, π)):
// every blob votes for the direction to its nearest blob of similar size, since characters of a
// line are closer to each other than to the lines above and below.
func textAngles(blobs []comp) []float64 {
	const bins = 180
	var hist [bins]float64
	sort.Slice(blobs, func(i, j int) bool { return blobs[i].cx() < blobs[j].cx() })
	for i, a := range blobs {
		sa := math.Max(a.w(), a.h())
		if sa < minTextPx {
			continue
		}
		best, bestD := -1, math.Inf(1)
		reach := 2.5 * sa
		lo := sort.Search(len(blobs), func(k int) bool { return blobs[k].cx() >= a.cx()-reach })
		for j := lo; j < len(blobs) && blobs[j].cx() <= a.cx()+reach; j++ {
			b := blobs[j]
			sb := math.Max(b.w(), b.h())
			if j == i || sb < 0.5*sa || sb > 2*sa {
				continue
			}
			if d := math.Hypot(b.cx()-a.cx(), b.cy()-a.cy()); d > 0.4*sa && d < reach && d < bestD {
				best, bestD = j, d
			}
		}
		if best < 0 {
			continue
		}
		ang := math.Atan2(blobs[best].cy()-a.cy(), blobs[best].cx()-a.cx())
		k := int(math.Round(ang*bins/math.Pi)) % bins
		hist[(k+bins)%bins]++
	}
	var smooth [bins]float64
	for k := range bins {
		for d := -2; d <= 2; d++ {
			smooth[k] += hist[(k+d+bins)%bins]
		}
	}
	var out []float64
	for range maxAngles {
		best := -1
		for k := range bins {
			if (best < 0 || smooth[k] > smooth[best]) && farFrom(k, out, bins) {
				best = k
			}
		}
		if best < 0 || smooth[best] < 10 || len(out) > 0 && smooth[best] < 0.3*smooth[int(math.Round(out[0]*bins/math.Pi))%bins] {
			break
		}
		out = append(out, float64(best)*math.Pi/bins)
	}
	return out
}

// farFrom: bin k is at least 15° from every angle already chosen.
func farFrom(k int, chosen []float64, bins int) bool {
	for _, a := range chosen {
		d := math.Abs(float64(k) - a*float64(bins)/math.Pi)
		if math.Min(d, float64(bins)-d) < 15 {
			return false
		}
	}
	return true
}

// bandsAlong turns mask so that direction theta runs horizontally, chains the blobs into lines
// there and returns the stacked line groups as bands of the original photo (scale is the
// photo-to-mask factor).
func bandsAlong(mask gocv.Mat, theta, scale float64) []scored {
	rot := newTurn(mask.Cols(), mask.Rows(), theta)
	turned := rot.apply(mask)
	defer turned.Close()
	lines := chainLines(components(turned, maxTextPx))
	var out []scored
	for _, g := range stackGroups(lines) {
		b := groupBand(g)
		cx, cy := rot.back(b.cx, b.cy)
		ux, uy := rot.backDir(b.ux, b.uy)
		b = band{cx / scale, cy / scale, ux, uy, b.halfW / scale, b.halfH / scale}
		out = append(out, scored{b, groupScore(g)})
	}
	slices.SortStableFunc(out, func(a, b scored) int { return cmpDesc(a.score, b.score) })
	if len(out) > maxTextGrp {
		out = out[:maxTextGrp]
	}
	return out
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// stackGroups gathers consecutive lines that lie one above the other at MRZ line spacing, up
// to three (TD1); every line also starts a group of its own, so a stray line above the MRZ
// does not hide it.
func stackGroups(lines []textLine) [][]textLine {
	var out [][]textLine
	for i := range lines {
		g := []textLine{lines[i]}
		for j := i + 1; j < len(lines) && len(g) < 3; j++ {
			if !onTop(g[len(g)-1], lines[j]) {
				continue
			}
			g = append(g, lines[j])
		}
		out = append(out, g)
	}
	return out
}

// onTop: b is the next MRZ line below a (same print size, overlapping horizontally).
func onTop(a, b textLine) bool {
	h := math.Max(a.capH, b.capH)
	gap := b.midY() - a.midY()
	overlap := math.Min(a.x1, b.x1) - math.Max(a.x0, b.x0)
	return gap > 1.1*h && gap < 3.2*h && math.Min(a.capH, b.capH) > 0.7*h &&
		overlap > 0.6*math.Min(a.x1-a.x0, b.x1-b.x0)
}

// groupScore ranks groups: MRZ lines are long (30 to 44 characters), come in twos or threes
// and are the most regular text on the document.
func groupScore(g []textLine) float64 {
	var s float64
	for _, l := range g {
		w := l.estWidth()
		fit := 0.0
		for _, mw := range widths {
			fit = math.Max(fit, 1-math.Abs(w-float64(mw))/8)
		}
		s += float64(min(len(l.comps), 44)) * (0.5 + max(0, fit))
	}
	if len(g) == 1 {
		s *= 0.7
	}
	return s
}

// groupBand is the band around a line group, in the turned mask's coordinates.
func groupBand(g []textLine) band {
	x0, x1 := math.Inf(1), math.Inf(-1)
	var slope, pitch, capH float64
	for _, l := range g {
		x0, x1 = math.Min(x0, l.x0), math.Max(x1, l.x1)
		slope += l.b / float64(len(g))
		pitch = math.Max(pitch, l.pitch)
		capH = math.Max(capH, l.capH)
	}
	cx := (x0 + x1) / 2
	top, bottom := g[0].yAt(cx), g[len(g)-1].yAt(cx)
	n := math.Hypot(1, slope)
	return band{cx: cx, cy: (top + bottom) / 2, ux: 1 / n, uy: slope / n,
		halfW: (x1-x0)/2*n + 0.6*pitch, halfH: (bottom-top)/2 + 0.7*capH}
}
