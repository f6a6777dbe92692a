package forensic

import (
	"encoding/binary"
	"math"
)

// zigzag maps the JPEG zig-zag index to the natural (row-major) index of an 8×8 block.
var zigzag = [64]int{0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48,
	41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44,
	51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63}

// LumaQuantTable returns quantization table 0 of a JPEG in natural order.
func LumaQuantTable(data []byte) ([64]int, bool) {
	var q [64]int
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return q, false
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return q, false
		}
		marker := data[i+1]
		if marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) {
			i += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 {
			return q, false
		}
		size := int(binary.BigEndian.Uint16(data[i+2:]))
		if size < 2 || i+2+size > len(data) {
			return q, false
		}
		if marker == 0xDB {
			seg := data[i+4 : i+2+size]
			for len(seg) > 0 {
				prec, id := seg[0]>>4, seg[0]&15
				n := 64 * (1 + int(prec))
				if len(seg) < 1+n {
					return q, false
				}
				if id == 0 {
					for k := range 64 {
						v := int(seg[1+k])
						if prec == 1 {
							v = int(binary.BigEndian.Uint16(seg[1+2*k:]))
						}
						q[zigzag[k]] = v
					}
					return q, true
				}
				seg = seg[1+n:]
			}
		}
		i += 2 + size
	}
	return q, false
}

// dctBasis[u][x] is the orthonormal 8-point DCT-II basis JPEG uses.
var dctBasis = func() (b [8][8]float64) {
	for u := range 8 {
		c := math.Sqrt(2.0 / 8)
		if u == 0 {
			c = math.Sqrt(1.0 / 8)
		}
		for x := range 8 {
			b[u][x] = c * math.Cos(float64(2*x+1)*float64(u)*math.Pi/16)
		}
	}
	return b
}()

// djPositions are the AC frequencies examined: zig-zag 1–20, the diagonals u+v ≤ 5, where
// coefficients are large enough to fill a histogram.
const (
	djPositions = 20
	djMaxFreq   = 5
	djBins      = 32
	maxDJBlocks = 16000 // enough for stable histograms; more only costs time
)

// doubleJPEGScore measures the trace of a second compression in the histograms of the DCT
// coefficients, one per AC frequency, in units of the file's quantization step. After one
// compression each histogram decays monotonically (Laplacian). A first compression with
// coarser steps (q48 → q85: 3.5 times coarser) leaves only every third or fourth bin filled;
// a finer one overfills every other bin. Either way some bins hold fewer values than a bin
// further out, which a monotone histogram never does beyond chance. The score is the share of
// the histogram mass missing from such bins (after a Poisson allowance), over all frequencies.
// c holds the region's blocks; past maxDJBlocks only every few rows of blocks are counted.
func doubleJPEGScore(c *blockCoefs) float64 {
	if c == nil {
		return 0
	}
	rowStep := 1
	if nb := c.bw * c.bh; nb > maxDJBlocks {
		rowStep = (nb + maxDJBlocks - 1) / maxDJBlocks
	}
	var hist [djPositions][djBins]int
	for by := 0; by < c.bh; by += rowStep {
		for b := by * c.bw; b < (by+1)*c.bw; b++ {
			for p, k := range c.k[b*djPositions:][:djPositions] {
				if c.stepped[p] && int(k) < djBins {
					hist[p][k]++
				}
			}
		}
	}
	var missing, mass float64
	for p := range djPositions {
		m, x := histDeficit(hist[p][:])
		missing += m
		mass += x
	}
	if mass < 500 {
		return 0
	}
	return missing / mass
}

// histDeficit returns, for one frequency's histogram of |k|, the mass missing from bins that
// hold fewer values than one of the next three (beyond a 3σ Poisson allowance), and the mass
// of the bins examined (k ≥ 1 while the tail is thick enough to tell).
func histDeficit(h []int) (missing, mass float64) {
	for k := 1; k+1 < len(h); k++ {
		ahead := 0
		for j := k + 1; j <= k+3 && j < len(h); j++ {
			ahead = max(ahead, h[j])
		}
		if h[k] < 20 && ahead < 20 {
			break // the tail is too thin to tell a pattern from chance
		}
		mass += float64(h[k])
		if d := float64(ahead-h[k]) - 3*math.Sqrt(float64(ahead)); d > 0 {
			missing += d
		}
	}
	return missing, mass
}

// lowDCT computes the 8×8 DCT-II coefficients with u, v ≤ djMaxFreq (rows then columns):
// less than half the work of the full transform, and all the detector reads. Each pass folds
// the 8 samples into 4 sums and 4 differences first: an even basis vector is symmetric about
// the middle and an odd one antisymmetric, so each coefficient then takes 4 products, not 8.
func lowDCT(b *[8][8]float64, out *[djMaxFreq + 1][djMaxFreq + 1]float64) {
	var rows [djMaxFreq + 1][8]float64 // rows[u][y]: frequency u of row y
	for y := range 8 {
		r := &b[y]
		e0, e1, e2, e3 := r[0]+r[7], r[1]+r[6], r[2]+r[5], r[3]+r[4]
		o0, o1, o2, o3 := r[0]-r[7], r[1]-r[6], r[2]-r[5], r[3]-r[4]
		for u := 0; u <= djMaxFreq; u += 2 {
			d := &dctBasis[u]
			rows[u][y] = d[0]*e0 + d[1]*e1 + d[2]*e2 + d[3]*e3
		}
		for u := 1; u <= djMaxFreq; u += 2 {
			d := &dctBasis[u]
			rows[u][y] = d[0]*o0 + d[1]*o1 + d[2]*o2 + d[3]*o3
		}
	}
	for u := range djMaxFreq + 1 {
		c := &rows[u]
		e0, e1, e2, e3 := c[0]+c[7], c[1]+c[6], c[2]+c[5], c[3]+c[4]
		o0, o1, o2, o3 := c[0]-c[7], c[1]-c[6], c[2]-c[5], c[3]-c[4]
		for v := 0; u+v <= djMaxFreq; v++ {
			d := &dctBasis[v]
			if v%2 == 0 {
				out[v][u] = d[0]*e0 + d[1]*e1 + d[2]*e2 + d[3]*e3
			} else {
				out[v][u] = d[0]*o0 + d[1]*o1 + d[2]*o2 + d[3]*o3
			}
		}
	}
}
