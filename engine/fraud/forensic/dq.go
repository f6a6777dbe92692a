package forensic

import (
	"cmp"
	"image"
	"math"
	"slices"
)

// A JPEG edited and saved again was compressed twice where the original pixels survive and
// once where pixels were pasted in: a portrait or a field taken from another picture was
// resampled (or shifted off the 8×8 grid), so the first quantization left no trace on it. A
// coefficient compressed with step q1 then q2 lands, in units of q2, on k = round(m·q1/q2) for
// an integer m: some values of k collect two values of m, some one, some none. Against one
// compression, whose k each gather a width q2 of the original values, value k is therefore
// n(k)·q1/q2 times as likely (n(k) its number of m). The map estimates q1 per frequency from
// the histogram of the whole card (the step that makes the histogram most likely), then sums
// per 8×8 block the log of that likelihood ratio over the block's coefficients: positive where
// the block went through both compressions, negative where it went through the last only.

// dqMinGain is the mean log-likelihood gain per coefficient (nats) the best first step must
// bring over a single compression for a frequency to serve: a single compression scores ≤ 0.
const dqMinGain = 0.04

// dqClip: a block with a channel this close to 0 or 255 may have been clipped when decoded.
const dqClip = 12

// dqMaxBin is the last |k| examined: further out the histogram is too thin to tell.
const dqMaxBin = 40

// dqFloor is the smallest likelihood ratio a value gets: pixel rounding moves a coefficient
// by a fraction of a step, so a value the first step cannot reach still occurs, rarely.
const dqFloor = 0.08

// dqFreq is one usable frequency: its zig-zag position and the log ratio of each value.
type dqFreq struct {
	pos  int // zig-zag index 0..djPositions-1 (AC 1..djPositions)
	q1   int // the first step found
	llr  [dqMaxBin + 1]float32
	last int // last bin examined
}

// dqMap holds, per 8×8 block of a region, the summed log-likelihood ratio of its
// coefficients (double against single compression) and how many were summed.
type dqMap struct {
	origin image.Point // pixel corner of block (0, 0), on the JPEG grid
	bw, bh int
	llr    []float32
	tests  []uint8
	freqs  int     // usable frequencies; 0 means no trace of a first compression
	global float64 // mean ratio per coefficient over the region
}

// dqMapOf builds the map of a region from its transformed blocks (newBlockCoefs, whose img
// tells where decoding clipped a colour); nil when there are too few blocks.
func dqMapOf(c *blockCoefs, q [64]int) *dqMap {
	if c == nil || c.bw < 4 || c.bh < 4 {
		return nil
	}
	bw, bh := c.bw, c.bh
	var hist [djPositions][dqMaxBin + 2]int
	for b, clipped := range c.clipped {
		if clipped {
			continue
		}
		for p, k := range c.k[b*djPositions:][:djPositions] {
			if c.stepped[p] {
				hist[p][min(int(k), dqMaxBin+1)]++
			}
		}
	}
	m := &dqMap{origin: c.r.Min, bw: bw, bh: bh, llr: make([]float32, bw*bh), tests: make([]uint8, bw*bh)}
	freqs := firstCompression(&hist, q)
	m.freqs = len(freqs)
	if len(freqs) == 0 {
		return m
	}
	var sum float64
	var t int
	for b := range bw * bh {
		if c.clipped[b] {
			continue
		}
		for _, f := range freqs {
			k := int(c.k[b*djPositions+f.pos])
			if k < 1 || k > f.last {
				continue
			}
			m.tests[b]++
			m.llr[b] += f.llr[k]
		}
		sum += float64(m.llr[b])
		t += int(m.tests[b])
	}
	if t > 0 {
		m.global = sum / float64(t)
	}
	return m
}

// ijgLuma is the luminance table of the IJG library (and of most encoders) at quality 50,
// in natural order; other qualities scale it.
var ijgLuma = [64]int{16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
	14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77,
	24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99}

// ijgTable is the luminance table the IJG library writes at quality.
func ijgTable(quality int) [64]int {
	scale := 200 - 2*quality
	if quality < 50 {
		scale = 5000 / quality
	}
	var t [64]int
	for i, b := range ijgLuma {
		t[i] = max(1, min(255, (b*scale+50)/100))
	}
	return t
}

// firstCompression finds the first compression's steps from the histograms of |k| per
// frequency (in units of the file's steps q). Most encoders scale the IJG table, so the
// quality whose table makes all frequencies together most likely is tried first; failing
// that (a camera's own table), each frequency gets the step that makes it most likely. A
// frequency serves when its step gains dqMinGain per coefficient over a single compression.
func firstCompression(hist *[djPositions][dqMaxBin + 2]int, q [64]int) []dqFreq {
	memo := map[[3]int]*[dqMaxBin + 1]float32{}
	var best []dqFreq
	bestGain := 0.0
	for quality := 1; quality <= 100; quality++ {
		t := ijgTable(quality)
		var fs []dqFreq
		gain, total := 0.0, 0
		for p := range djPositions {
			n := zigzag[p+1]
			f, g, c, ok := firstStep(hist[p][:], t[n], q[n], memo)
			if !ok {
				continue
			}
			gain += g * float64(c)
			total += c
			if g >= dqMinGain {
				f.pos = p
				fs = append(fs, f)
			}
		}
		if total > 0 && gain/float64(total) > bestGain {
			bestGain, best = gain/float64(total), fs
		}
	}
	if bestGain >= dqMinGain {
		return best
	}
	var fs []dqFreq
	for p := range djPositions {
		n := zigzag[p+1]
		var bf dqFreq
		bg := dqMinGain
		// Without a table to follow, only a coarser first step leaves holes clear enough to
		// tell on one frequency.
		for q1 := q[n] + 1; q1 <= 160; q1++ {
			if f, g, _, ok := firstStep(hist[p][:], q1, q[n], memo); ok && g > bg {
				bf, bg = f, g
			}
		}
		if bf.q1 > 0 {
			bf.pos = p
			fs = append(fs, bf)
		}
	}
	return fs
}

// firstStep scores first step q1 for one frequency's histogram of |k| (second step q2): the
// mean log-likelihood gain per coefficient over a single compression, and how many
// coefficients that is. It fails when the histogram is too thin or q1 equals q2.
// memo keeps the ratios already computed, by (q1, q2, last).
func firstStep(h []int, q1, q2 int, memo map[[3]int]*[dqMaxBin + 1]float32) (dqFreq, float64, int, bool) {
	var f dqFreq
	if q2 < 1 || q1 < 1 || q1 == q2 {
		return f, 0, 0, false
	}
	last, total := 0, 0
	for k := 1; k <= dqMaxBin; k++ {
		if h[k] >= 5 {
			last = k
		}
	}
	if last < 2 {
		return f, 0, 0, false
	}
	// The step is judged on |k| ≥ 2: value 1 gathers the steep flank of the distribution
	// next to 0, so a single compression of a mostly blank card (nearly every coefficient 0
	// or 1) would favour any step that reaches 1 twice.
	for k := 2; k <= last; k++ {
		total += h[k]
	}
	if total < 300 {
		return f, 0, 0, false
	}
	key := [3]int{q1, q2, last}
	if r, ok := memo[key]; ok {
		f.llr = *r
	} else {
		ratios(&f.llr, q1, q2, last)
		memo[key] = &f.llr
	}
	gain := 0.0
	for k := 2; k <= last; k++ {
		gain += float64(h[k]) * float64(f.llr[k])
	}
	f.q1, f.last = q1, last
	return f, gain / float64(total), total, true
}

// dqNoise is the spread (in coefficient units) that decoding, rounding to 8-bit pixels and
// the conversion to grey add to a coefficient between the two compressions.
const dqNoise = 0.6

// ratios fills llr[k], k = 1..last, with the log-likelihood ratio of value k after steps q1
// then q2 against q2 alone: the expected number of first-compression values m·q1 that land on
// k once the noise between the compressions is added, times q1/q2.
func ratios(llr *[dqMaxBin + 1]float32, q1, q2, last int) {
	s := dqNoise / float64(q2) * math.Sqrt2
	var n [dqMaxBin + 1]float64
	for mult := 0; ; mult++ {
		c := float64(mult*q1) / float64(q2)
		if c > float64(last)+2 {
			break
		}
		for k := max(1, int(c)-2); k <= min(last, int(c)+3); k++ {
			p := 0.5 * (math.Erf((float64(k)+0.5-c)/s) - math.Erf((float64(k)-0.5-c)/s))
			n[k] += p
		}
	}
	for k := 1; k <= last; k++ {
		llr[k] = float32(math.Log(math.Max(dqFloor, n[k]*float64(q1)/float64(q2))))
	}
}

// zoneScore is the mean ratio per coefficient of the blocks in r (pixels), and how many
// coefficients were summed.
func (m *dqMap) zoneScore(r image.Rectangle) (float64, int) {
	if m == nil || m.freqs == 0 {
		return 0, 0
	}
	var sum float64
	var t int
	for by := range m.bh {
		for bx := range m.bw {
			p := m.origin.Add(image.Pt(8*bx+4, 8*by+4))
			if !p.In(r) {
				continue
			}
			sum += float64(m.llr[by*m.bw+bx])
			t += int(m.tests[by*m.bw+bx])
		}
	}
	if t == 0 {
		return 0, 0
	}
	return sum / float64(t), t
}

// dqMinFreqs and dqMinGlobal: the card as a whole must show its first compression, on
// several frequencies and clearly, before any zone is said to lack it. A single compression
// of a mostly blank card lets a frequency or two pass by chance.
const (
	dqMinFreqs  = 4
	dqMinGlobal = 0.1
)

// usable reports whether the map shows a first compression at all.
func (m *dqMap) usable() bool {
	return m != nil && m.freqs >= dqMinFreqs && m.global >= dqMinGlobal
}

// dqMinTests is how many coefficients a zone needs for its mean ratio to mean something.
const dqMinTests = 80

// worstZone is, over zones of zw×zh blocks at half steps, the largest drop of the zone's mean
// ratio below both the region's and zero (in nats per coefficient), and the zone in pixels: a
// region that did not go through the first compression with the rest.
func (m *dqMap) worstZone(zw, zh int) (float64, image.Rectangle) {
	zs := m.worstZones(zw, zh, 1, 0)
	if len(zs) == 0 {
		return 0, image.Rectangle{}
	}
	return zs[0].score, zs[0].r
}

// dqZone is a zone of the map and its score (see worstZone).
type dqZone struct {
	r     image.Rectangle
	score float64
}

// worstZones returns up to n non-overlapping zones of zw×zh blocks scoring more than floor,
// worst first.
func (m *dqMap) worstZones(zw, zh, n int, floor float64) []dqZone {
	if !m.usable() {
		return nil
	}
	zw, zh = max(2, min(zw, m.bw)), max(2, min(zh, m.bh))
	var all []dqZone
	for y := 0; y+zh <= m.bh; y += max(1, zh/2) {
		for x := 0; x+zw <= m.bw; x += max(1, zw/2) {
			var sum float64
			var t int
			for by := y; by < y+zh; by++ {
				for bx := x; bx < x+zw; bx++ {
					sum += float64(m.llr[by*m.bw+bx])
					t += int(m.tests[by*m.bw+bx])
				}
			}
			if t < dqMinTests {
				continue
			}
			// Both below the card's mean and below zero: evidence for a single compression,
			// not just a zone whose content sits less well on the lattice.
			mean := sum / float64(t)
			if d := math.Min(m.global-mean, -mean); d > floor {
				all = append(all, dqZone{image.Rect(8*x, 8*y, 8*(x+zw), 8*(y+zh)).Add(m.origin), d})
			}
		}
	}
	slices.SortFunc(all, func(a, b dqZone) int { return cmp.Compare(b.score, a.score) })
	var out []dqZone
	for _, z := range all {
		if len(out) == n {
			break
		}
		if !slices.ContainsFunc(out, func(o dqZone) bool { return o.r.Overlaps(z.r) }) {
			out = append(out, z)
		}
	}
	return out
}
