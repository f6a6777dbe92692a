package document

import (
	"context"
	"image"
	"strings"

	"gocv.io/x/gocv"
)

// A name's Arabic caption printed on its row ("إبراهيم  الاسم الشخصي") is read with the name
// and stripped from the reading (stripArabicCaption); but read together, the caption's last
// letters and the name's first run into one context, and a letter standing apart at the
// name's start was lost: "إبراهيم"'s alef, which joins nothing, was read as the space between
// the two ("براهيم"; twice in each 50 of the second generator's licences, clean and
// degraded, of seed 21000).
// Read alone, cut at the widest gap of the run, the name kept it.

// nameAlone reads the name part of an Arabic run read with its caption (raw, the reading,
// starts with caption words when the caption stands right of the name, and ends with them
// when it stands left), cut at the run's widest gap, and returns the reading when it is no
// further from the Latin name than best; ok is false otherwise.
func (r *Reader) nameAlone(ctx context.Context, card gocv.Mat, box image.Rectangle, best arabicReading, latin string) (arabicReading, bool, error) {
	words := strings.Fields(best.raw)
	if len(words) < 2 || best.letters < 2 {
		return arabicReading{}, false, nil
	}
	captionFirst := arabicCaptionWord(words[0]) || arabicCaptionHead(words[0])
	captionLast := arabicCaptionWord(words[len(words)-1])
	if captionFirst == captionLast {
		return arabicReading{}, false, nil // no caption, or one on both ends: nothing to cut
	}
	gapFrom, gapTo, ok := widestGap(card, box)
	if !ok {
		return arabicReading{}, false, nil
	}
	name := image.Rect(box.Min.X, box.Min.Y, gapFrom, box.Max.Y) // the caption right of it
	if captionLast {
		name = image.Rect(gapTo, box.Min.Y, box.Max.X, box.Max.Y)
	}
	if name.Dx() < box.Dy() {
		return arabicReading{}, false, nil
	}
	c, err := r.bestArabic(ctx, card, name, latin)
	if err != nil {
		return arabicReading{}, false, err
	}
	if c.letters < 2 || c.dist > best.dist || c.fit < best.fit || c.text == best.text {
		return arabicReading{}, false, nil
	}
	return c, true, nil
}

// widestGap finds the widest run of ink-free columns inside box of card (Otsu within the box),
// not touching its ends; ok only for a gap of at least half the box's height, a word gap
// wider than the ones between a word's letters.
func widestGap(card gocv.Mat, box image.Rectangle) (from, to int, ok bool) {
	box = box.Intersect(image.Rect(0, 0, card.Cols(), card.Rows()))
	if box.Dx() < 4 || box.Dy() < 4 {
		return 0, 0, false
	}
	crop := card.Region(box)
	defer crop.Close()
	bin := gocv.NewMat()
	defer bin.Close()
	gocv.Threshold(crop, &bin, 0, 1, gocv.ThresholdBinaryInv|gocv.ThresholdOtsu)
	cols := gocv.NewMat()
	defer cols.Close()
	gocv.Reduce(bin, &cols, 0, gocv.ReduceSum, gocv.MatTypeCV32S)
	// A column with a pixel or two of ink is background noise (the guilloche under the run).
	noise := max(1, box.Dy()/12)
	bestFrom, bestLen, runFrom := 0, 0, -1
	for x := range box.Dx() + 1 {
		empty := x < box.Dx() && int(cols.GetIntAt(0, x)) <= noise
		switch {
		case empty && runFrom < 0:
			runFrom = x
		case !empty && runFrom >= 0:
			if runFrom > 0 && x < box.Dx() && x-runFrom > bestLen {
				bestFrom, bestLen = runFrom, x-runFrom
			}
			runFrom = -1
		}
	}
	if 2*bestLen < box.Dy() {
		return 0, 0, false
	}
	return box.Min.X + bestFrom, box.Min.X + bestFrom + bestLen, true
}
