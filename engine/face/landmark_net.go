package face

import (
	"fmt"

	"github.com/kycd/kycd/engine/nn"
)

// landmarkInput is the side of the square face crop the 68-point network reads.
const landmarkInput = 112

// buildLandmarkNet ports face-api's FaceLandmark68Net (FaceFeatureExtractor: four dense
// blocks, then avgPool 7/2 and a dense layer) to ONNX. Input: [1, 3, 112, 112] RGB,
// (x − mean)/255 with the descriptor mean. Output: [1, 136] = (x0, y0, x1, y1, …) relative
// to the square input.
func buildLandmarkNet(m map[string]nn.Tensor) ([]byte, error) {
	w := &weightSet{m: m}
	b := nn.NewBuilder("face_landmark_68", "input", []int64{1, 3, landmarkInput, landmarkInput})
	x, n := "input", landmarkInput
	for i := 0; i < 4; i++ {
		x, n = denseBlock4(b, w, x, fmt.Sprintf("dense%d", i), n, i == 0)
	}
	x = b.AveragePool(x, 7, 2)
	x = b.Flatten(x) // 1×1 spatial: NHWC and NCHW flatten orders agree, no row reordering
	x = b.Gemm(x, w.dense("fc/weights"), w.vec("fc/bias"))
	b.Output(x, []int64{1, 136})
	if w.err != nil {
		return nil, fmt.Errorf("face landmark weights: %w", w.err)
	}
	return b.Marshal()
}

// denseBlock4 is face-api's denseBlock4 with scale-down on an n×n input; it returns the
// block output and its size.
func denseBlock4(b *nn.Builder, w *weightSet, x, prefix string, n int, first bool) (string, int) {
	down := samePads(n, 3, 2)
	var out1 string
	if first {
		out1 = b.Conv(x, w.conv(prefix+"/conv0/filters"), w.vec(prefix+"/conv0/bias"), nn.ConvOpts{Stride: 2, Pads: down})
	} else {
		out1 = separableConv(b, w, x, prefix+"/conv0", 2, down)
	}
	out1 = b.Relu(out1)
	same := [4]int{1, 1, 1, 1}
	out2 := separableConv(b, w, out1, prefix+"/conv1", 1, same)
	sum := b.Add(out1, out2)
	out3 := separableConv(b, w, b.Relu(sum), prefix+"/conv2", 1, same)
	sum = b.Add(sum, out3)
	out4 := separableConv(b, w, b.Relu(sum), prefix+"/conv3", 1, same)
	return b.Relu(b.Add(sum, out4)), (n + 1) / 2
}

// separableConv is tf.separableConv2d + bias: a depthwise conv (group = channels, no bias)
// then a 1×1 pointwise conv carrying the bias.
func separableConv(b *nn.Builder, w *weightSet, x, prefix string, stride int, pads [4]int) string {
	dw := w.depthwise(prefix + "/depthwise_filter")
	y := b.Conv(x, dw, zeros(dw.Shape[0]), nn.ConvOpts{Stride: stride, Pads: pads, Group: dw.Shape[0]})
	pw := w.conv(prefix + "/pointwise_filter")
	return b.Conv(y, pw, w.vec(prefix+"/bias"), nn.ConvOpts{})
}
