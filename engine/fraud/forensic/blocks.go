package forensic

import (
	"encoding/binary"
	"image"
	"math"

	"gocv.io/x/gocv"
)

// blockCoefs holds, for every 8×8 block of a region, its low AC coefficients quantized with the
// file's steps (|k|, zig-zag 1..djPositions) and whether decoding clipped one of its colours.
// The double-compression histogram and the DQ map read the same values: the transform (with
// the two detectors, a fifth of the forensics' CPU on a 1600 px card) runs once for both.
type blockCoefs struct {
	r       image.Rectangle // the region, its corner on the 8×8 grid
	bw, bh  int
	k       []uint8 // bw·bh·djPositions values of |k|, 255 standing for 255 or more
	clipped []bool
	stepped [djPositions]bool // the file's table has a step for that position
}

// newBlockCoefs transforms region r of grey (its corner is moved onto the 8×8 grid) for a JPEG
// whose luminance table is q; img is the decoded photo (BGR, or grey itself), whose channels
// tell where decoding clipped a colour. It returns nil when the region holds no block or the
// images cannot be read.
func newBlockCoefs(grey, img gocv.Mat, r image.Rectangle, q [64]int) *blockCoefs {
	r.Min = image.Pt(r.Min.X&^7, r.Min.Y&^7)
	r = r.Intersect(image.Rect(0, 0, grey.Cols(), grey.Rows()))
	bw, bh := r.Dx()/8, r.Dy()/8
	if bw < 1 || bh < 1 {
		return nil
	}
	pix, err1 := grey.DataPtrUint8()
	col, err2 := img.DataPtrUint8()
	nc := img.Channels()
	if err1 != nil || err2 != nil || nc < 1 || len(col) != nc*len(pix) {
		return nil
	}
	c := &blockCoefs{r: r, bw: bw, bh: bh, k: make([]uint8, bw*bh*djPositions), clipped: make([]bool, bw*bh)}
	for p := range djPositions {
		c.stepped[p] = q[zigzag[p+1]] >= 1
	}
	w := grey.Cols()
	var blk [8][8]float64
	var coef [djMaxFreq + 1][djMaxFreq + 1]float64
	for by := range bh {
		for bx := range bw {
			x0, y0 := r.Min.X+8*bx, r.Min.Y+8*by
			for y := range 8 {
				row := pix[(y0+y)*w+x0:][:8]
				for x, v := range row {
					blk[y][x] = float64(v) - 128
				}
			}
			b := by*bw + bx
			c.clipped[b] = clippedBlock(col, nc, w, x0, y0)
			lowDCT(&blk, &coef)
			ks := c.k[b*djPositions:][:djPositions]
			for p := range djPositions {
				if !c.stepped[p] {
					continue
				}
				n := zigzag[p+1]
				ks[p] = uint8(min(math.Abs(math.Round(coef[n/8][n%8]/float64(q[n]))), 255))
			}
		}
	}
	return c
}

// clippedBlock tells whether a colour channel of the block at (x0, y0) is within dqClip of 0
// or 255: decoding clipped it (glare, saturated ink or table), and its grey left the first
// compression's lattice, pasted or not. The channels are read in place, eight bytes at a time
// (a block row is 8·nc bytes): a byte-by-byte scan took 7 % of the forensics' CPU, and
// per-pixel minimum and maximum images would cost five full-size planes.
func clippedBlock(col []uint8, nc, w, x0, y0 int) bool {
	for y := range 8 {
		row := col[((y0+y)*w+x0)*nc:][:8*nc]
		for i := 0; i < len(row); i += 8 {
			x := binary.LittleEndian.Uint64(row[i:])
			if byteBelow(x, dqClip+1) || byteBelow(^x, dqClip+1) {
				return true
			}
		}
	}
	return false
}

// byteBelow tells whether a byte of x is below n (n ≤ 128), all eight at once: subtracting n
// from a byte below it borrows into its top bit, which a byte of its own below 128 does not
// have set. A borrow only reaches the bytes above a byte that was below n, so the answer is
// exact even where the per-byte bits are not.
func byteBelow(x uint64, n uint64) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	return (x-ones*n)&^x&tops != 0
}
