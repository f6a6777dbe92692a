package document

import (
	"image"

	"gocv.io/x/gocv"
)

// scriptFeatures measures how a text segment's ink is distributed: Arabic script joins its
// letters along a baseline, so one row band holds much more ink than the others and carries
// long unbroken horizontal runs; Latin capitals spread their ink over the whole height.
type scriptFeatures struct {
	peak float64 // ink of the densest 3-row band over the mean ink of a 3-row band
	run  float64 // longest horizontal ink run in that band, in box heights
}

// arabic: the baseline band is far denser than the rest (measured on the specimens: Arabic
// 2.1–3.1, Latin 1.1–1.9), or fairly dense with long joins along it.
func (f scriptFeatures) arabic() bool {
	return f.peak >= 2.1 || f.peak >= 1.8 && f.run >= 1.4
}

// unjoinedLine: a line ten heights wide or more whose densest band joins no ink over 0.7
// heights is Latin however dense. A small caption beside a bold date ("Valable jusqu'au
// 21.11.2033": 13 heights, peak 2.15–2.23) joins 0.54–0.61 heights at most, and on a Moroccan
// card was left for an Arabic reading that never came. Arabic joins letters along its baseline:
// the Arabic lines five heights wide or more of 48 seed-18000 cards join 1.36 heights or more,
// and a shorter one of mostly unjoined letters ("برادة" and its caption, 6 heights) 0.82.
func (f scriptFeatures) unjoinedLine(box image.Rectangle) bool {
	return box.Dx() >= 10*box.Dy() && f.run < 0.7
}

func measureScript(card gocv.Mat, box image.Rectangle) scriptFeatures {
	crop := card.Region(box.Intersect(image.Rect(0, 0, card.Cols(), card.Rows())))
	defer crop.Close()
	bin := gocv.NewMat()
	defer bin.Close()
	gocv.Threshold(crop, &bin, 0, 255, gocv.ThresholdBinaryInv|gocv.ThresholdOtsu)
	rows, cols := bin.Rows(), bin.Cols()
	if rows < 4 || cols < 4 {
		return scriptFeatures{}
	}
	pix := bin.ToBytes()
	ink := make([]int, rows)
	total := 0
	for y := range rows {
		for x := range cols {
			if pix[y*cols+x] != 0 {
				ink[y]++
			}
		}
		total += ink[y]
	}
	if total == 0 {
		return scriptFeatures{}
	}
	best, bestY := 0, 0
	for y := 1; y+1 < rows; y++ {
		if s := ink[y-1] + ink[y] + ink[y+1]; s > best {
			best, bestY = s, y
		}
	}
	mean := 3 * float64(total) / float64(rows)
	longest, cur := 0, 0
	for x := range cols {
		on := pix[(bestY-1)*cols+x] != 0 || pix[bestY*cols+x] != 0 || pix[(bestY+1)*cols+x] != 0
		if on {
			cur++
			longest = max(longest, cur)
		} else {
			cur = 0
		}
	}
	return scriptFeatures{peak: float64(best) / mean, run: float64(longest) / float64(rows)}
}
