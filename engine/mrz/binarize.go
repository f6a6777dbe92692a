package mrz

import (
	"image"
	"strings"

	"gocv.io/x/gocv"
)

// binarizer turns an upright gray band into the image given to Tesseract; the caller closes it.
type binarizer func(gocv.Mat) gocv.Mat

// binarizers are tried in order until a reading passes every check: a global Otsu threshold
// (clean prints), then a local threshold that survives glare and uneven light.
var binarizers = []binarizer{otsu, adaptive}

func otsu(src gocv.Mat) gocv.Mat {
	out := gocv.NewMat()
	gocv.GaussianBlur(src, &out, image.Pt(3, 3), 0, 0, gocv.BorderReplicate)
	gocv.Threshold(out, &out, 0, 255, gocv.ThresholdBinary|gocv.ThresholdOtsu)
	return out
}

func adaptive(src gocv.Mat) gocv.Mat {
	out := gocv.NewMat()
	gocv.AdaptiveThreshold(src, &out, 255, gocv.AdaptiveThresholdGaussian, gocv.ThresholdBinary, 41, 12)
	return out
}

func splitLines(text string) []string {
	return strings.Split(strings.ReplaceAll(text, " ", ""), "\n")
}
