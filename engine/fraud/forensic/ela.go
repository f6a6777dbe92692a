package forensic

import (
	"image"
	"math"
	"slices"

	"gocv.io/x/gocv"
)

// elaQuality is the re-save quality of the error-level analysis: below what cameras and
// kiosks write (85–95), so every region loses detail, and a region that went through a coarser
// compression before (a field pasted from another picture) loses visibly less.
const elaQuality = 75

// elaBlock is the side of the ELA statistics' blocks, in full-resolution pixels.
const elaBlock = 16

// elaScore is error-level analysis on the card. The card is re-saved at elaQuality; each
// block's mean residual is compared with the blocks of the same activity (Laplacian energy),
// as a log ratio, so text, guilloche and photo are each measured against their own kind. A
// zone the size of a printed field, and the portrait, should then sit near zero; the score is
// the largest absolute median log ratio of a zone (in nats: 0.7 is a factor 2).
func elaScore(v *view, portrait image.Rectangle) float64 {
	crop := v.grey.Region(v.card)
	defer crop.Close()
	bw, bh := crop.Cols()/elaBlock, crop.Rows()/elaBlock
	if bw < 8 || bh < 4 {
		return 0
	}
	// Each full-size plane is freed as soon as its block means are taken: the re-saved
	// card, the residual and the Laplacian are never all held at once.
	e := elaResidualMeans(crop, bw, bh)
	lap := gocv.NewMat()
	defer lap.Close()
	// Isolated: the card's own edge is reflected, not the photo around the region.
	gocv.Laplacian(crop, &lap, gocv.MatTypeCV16S, 3, 1, 0, gocv.BorderReflect101|gocv.BorderIsolated)
	gocv.ConvertScaleAbs(lap, &lap, 1, 0)
	a := blockMeans(lap, bw, bh)
	if e == nil || a == nil {
		return 0
	}
	z := elaResiduals(e, a)
	zones := fieldZones(bw, bh)
	if !portrait.Empty() {
		p := portrait.Sub(v.card.Min).Inset(portrait.Dx() / 8)
		zones = append(zones, image.Rect(p.Min.X/elaBlock, p.Min.Y/elaBlock, p.Max.X/elaBlock, p.Max.Y/elaBlock))
	}
	best := 0.0
	vals := make([]float64, 0, 64)
	for _, zr := range zones {
		zr = zr.Intersect(image.Rect(0, 0, bw, bh))
		vals = vals[:0]
		for y := zr.Min.Y; y < zr.Max.Y; y++ {
			for x := zr.Min.X; x < zr.Max.X; x++ {
				if !math.IsNaN(z[y*bw+x]) {
					vals = append(vals, z[y*bw+x])
				}
			}
		}
		// A zone must be mostly active blocks: a few text blocks in a blank area say little.
		if len(vals) < 6 || 2*len(vals) < zr.Dx()*zr.Dy() {
			continue
		}
		slices.Sort(vals)
		best = math.Max(best, math.Abs(vals[len(vals)/2]))
	}
	return best
}

// elaResidualMeans re-saves crop at elaQuality and returns the block means of the absolute
// difference; nil when the JPEG codec fails.
func elaResidualMeans(crop gocv.Mat, bw, bh int) []float32 {
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, crop, []int{gocv.IMWriteJpegQuality, elaQuality})
	if err != nil {
		return nil
	}
	resaved, err := gocv.IMDecode(buf.GetBytes(), gocv.IMReadGrayScale)
	buf.Close()
	if err != nil {
		return nil
	}
	defer resaved.Close()
	diff := gocv.NewMat()
	defer diff.Close()
	gocv.AbsDiff(crop, resaved, &diff)
	return blockMeans(diff, bw, bh)
}

// blockMeans averages the 8-bit single-channel m over a bw×bh grid of elaBlock-pixel blocks,
// summing its bytes in place (a float copy of the card cost a full-size plane per call).
func blockMeans(m gocv.Mat, bw, bh int) []float32 {
	if m.Type() != gocv.MatTypeCV8U || m.Cols() < bw*elaBlock || m.Rows() < bh*elaBlock {
		return nil
	}
	p, err := m.DataPtrUint8()
	if err != nil {
		return nil
	}
	w := m.Cols()
	sums := make([]int, bw*bh)
	for y := range bh * elaBlock {
		row, out := p[y*w:y*w+bw*elaBlock], sums[(y/elaBlock)*bw:]
		for x, v := range row {
			out[x/elaBlock] += int(v)
		}
	}
	means := make([]float32, len(sums))
	for i, s := range sums {
		means[i] = float32(s) / (elaBlock * elaBlock)
	}
	return means
}

// elaMinActivity: flatter blocks (blank card, flat background) say nothing of compression.
const elaMinActivity = 4

// elaResiduals returns, per block, ln(residual) minus the median ln(residual) of the blocks
// of similar activity (ten activity classes of equal size); NaN for flat blocks.
func elaResiduals(e, a []float32) []float64 {
	z := make([]float64, len(e))
	var idx []int
	for i := range e {
		z[i] = math.NaN()
		if a[i] >= elaMinActivity {
			idx = append(idx, i)
		}
	}
	if len(idx) < 20 {
		return z
	}
	slices.SortFunc(idx, func(i, j int) int { return cmpF(a[i], a[j]) })
	const classes = 10
	for c := range classes {
		cls := idx[c*len(idx)/classes : (c+1)*len(idx)/classes]
		logs := make([]float64, len(cls))
		for k, i := range cls {
			logs[k] = math.Log(float64(e[i]) + 0.05)
		}
		sorted := slices.Clone(logs)
		slices.Sort(sorted)
		med := sorted[len(sorted)/2]
		for k, i := range cls {
			z[i] = logs[k] - med
		}
	}
	return z
}

func cmpF(x, y float32) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// fieldZones tiles the block grid with overlapping zones the size of a printed field: a
// twentieth of the card high, an eighth wide, at half-zone steps.
func fieldZones(bw, bh int) []image.Rectangle {
	zw, zh := max(4, bw/8), max(2, bh/20)
	var out []image.Rectangle
	for y := 0; y+zh <= bh; y += max(1, zh/2) {
		for x := 0; x+zw <= bw; x += max(1, zw/2) {
			out = append(out, image.Rect(x, y, x+zw, y+zh))
		}
	}
	return out
}
