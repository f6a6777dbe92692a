package face

import (
	"fmt"

	"github.com/kycd/kycd/engine/nn"
)

// Tiny face detector constants (face-api TinyFaceDetector: a separable-conv Tiny YOLOv2).
const (
	detectorAnchors  = 5
	detectorBoxSize  = 5 // x, y, w, h, objectness per anchor (one class: no class scores)
	detectorCellSize = 32
	leakyAlpha       = 0.1
)

// detectorMean is the tiny face detector's RGB mean (not the descriptor's).
var detectorMean = [3]float64{117.001, 114.697, 97.404}

var detectorNorm = normalization{mean: detectorMean, scale: 1.0 / 255}

// detectorAnchorSizes are the anchor box sizes in cells (BOX_ANCHORS in face-api).
var detectorAnchorSizes = [detectorAnchors][2]float64{
	{1.603231, 2.094468}, {6.041143, 7.080126}, {2.882459, 3.518061}, {4.266906, 5.178857}, {9.041765, 10.66308},
}

// buildDetectorNet ports face-api's TinyYolov2Base.runMobilenet (as configured by
// TinyFaceDetector) to ONNX for a size×size input (a multiple of 32). Input: RGB,
// (x − detectorMean)/255. Output: [1, 25, size/32, size/32], raw (no sigmoid).
func buildDetectorNet(m map[string]nn.Tensor, size int) ([]byte, error) {
	if size%detectorCellSize != 0 || size < 2*detectorCellSize {
		return nil, fmt.Errorf("detector input %d is not a multiple of %d", size, detectorCellSize)
	}
	w := &weightSet{m: m}
	b := nn.NewBuilder("tiny_face_detector", "input", []int64{1, 3, int64(size), int64(size)})
	x := b.Conv("input", w.conv("conv0/filters"), w.vec("conv0/bias"), nn.ConvOpts{})
	x, n := b.LeakyRelu(x, leakyAlpha), size-2
	for i := 1; i <= 5; i++ {
		// TF "same" 2×2/2 max pooling: an odd size gets one ignored pad row/column.
		x = b.MaxPool(x, 2, 2, samePads(n, 2, 2))
		n = (n + 1) / 2
		x = b.LeakyRelu(separableConv(b, w, x, fmt.Sprintf("conv%d", i), 1, [4]int{1, 1, 1, 1}), leakyAlpha)
	}
	x = b.MaxPool(x, 2, 1, samePads(n, 2, 1))
	x = b.Conv(x, w.conv("conv8/filters"), w.vec("conv8/bias"), nn.ConvOpts{})
	b.Output(x, []int64{1, detectorAnchors * detectorBoxSize, int64(n), int64(n)})
	if w.err != nil {
		return nil, fmt.Errorf("tiny face detector weights: %w", w.err)
	}
	return b.Marshal()
}
