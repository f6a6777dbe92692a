package forensic

import (
	"encoding/binary"
	"math"

	"gocv.io/x/gocv"
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

// doubleJPEGScore measures the periodic artefact of a second compression. A JPEG's DCT
// coefficients, divided by their quantization step, fall on integers; their histogram decays
// smoothly (Laplacian) after one compression. A first compression with other steps leaves
// every other or every third bin under-filled, so the histogram goes up again where it should
// go down. The score is the share of the histogram mass in those rises, over the low-frequency
// AC positions whose step is at least 2.
func doubleJPEGScore(grey gocv.Mat, q [64]int) float64 {
	pix, err := grey.DataPtrUint8()
	if err != nil {
		return 0
	}
	w, h := grey.Cols(), grey.Rows()
	const positions, bins = 15, 24
	var hist [positions][bins]int
	var blk, tmp [8][8]float64
	for by := 0; by+8 <= h; by += 8 {
		for bx := 0; bx+8 <= w; bx += 8 {
			for y := range 8 {
				for x := range 8 {
					blk[y][x] = float64(pix[(by+y)*w+bx+x]) - 128
				}
			}
			dct8(&blk, &tmp)
			for p := 1; p <= positions; p++ {
				n := zigzag[p]
				step := q[n]
				if step < 2 {
					continue
				}
				k := int(math.Abs(math.Round(blk[n/8][n%8] / float64(step))))
				if k < bins {
					hist[p-1][k]++
				}
			}
		}
	}
	var rise, mass float64
	for p := range positions {
		hh := hist[p]
		for k := 1; k+1 < bins; k++ {
			if hh[k] < 30 && hh[k+1] < 30 {
				break // the tail is too thin to tell a pattern from chance
			}
			mass += float64(hh[k])
			if d := hh[k+1] - hh[k]; d > 0 {
				rise += float64(d)
			}
		}
	}
	if mass < 500 {
		return 0
	}
	return rise / mass
}

// dct8 transforms b in place (rows then columns); tmp is scratch space.
func dct8(b, tmp *[8][8]float64) {
	for y := range 8 {
		for u := range 8 {
			var s float64
			for x := range 8 {
				s += dctBasis[u][x] * b[y][x]
			}
			tmp[y][u] = s
		}
	}
	for u := range 8 {
		for v := range 8 {
			var s float64
			for y := range 8 {
				s += dctBasis[v][y] * tmp[y][u]
			}
			b[v][u] = s
		}
	}
}
