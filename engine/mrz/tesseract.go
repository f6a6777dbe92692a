package mrz

import (
	"context"
	"errors"
	"fmt"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/ocr"
)

// The Tesseract path: the fallback for bands the glyph classifier cannot segment (characters
// touching, a print that is not OCR-B), and the only reader when the OCR-B font is missing.

// readBand OCRs one candidate band, binarised in several ways, and parses what it reads.
func (r *Reader) readBand(ctx context.Context, gray gocv.Mat, b band, flip bool) (ReadResult, error) {
	img := rectify(gray, b, flip, 0)
	defer img.Close()
	var best ReadResult
	for _, bin := range binarizers {
		text, err := r.ocr(ctx, img, bin)
		if err != nil {
			return ReadResult{}, err
		}
		for _, lines := range fitCandidates(splitLines(text)) {
			res, err := ParseLines(lines, r.opt)
			if err != nil {
				continue
			}
			if !best.Found || better(res, best.Result) {
				best = ReadResult{Found: true, Result: res, Confidence: confidence(res)}
			}
		}
		if trusted(best) {
			break
		}
	}
	return best, nil
}

// ocrSettings restrict Tesseract to the MRZ alphabet, one block of uniform text.
var ocrSettings = ocr.Settings{Whitelist: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"}

func (r *Reader) ocr(ctx context.Context, img gocv.Mat, bin binarizer) (string, error) {
	prepared := bin(img)
	defer prepared.Close()
	text, err := r.pool.ReadGrayText(ctx, ocrSettings, prepared.ToBytes(), prepared.Cols(), prepared.Rows())
	if err != nil && !errors.Is(err, context.Canceled) {
		return "", fmt.Errorf("recognising mrz band: %w", err)
	}
	return text, err
}
