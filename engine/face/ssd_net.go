package face

import (
	"fmt"
	"math"

	"github.com/kycd/kycd/engine/nn"
)

// SSD MobileNetV1 constants (face-api SsdMobilenetv1).
const (
	ssdInput     = 512
	ssdAnchors   = 5118
	ssdBNEpsilon = 0.0010000000474974513
)

// ssdNorm maps pixels to −1..1 as face-api does (x/127.5 − 1).
var ssdNorm = normalization{mean: [3]float64{127.5, 127.5, 127.5}, scale: 1 / 127.5}

// ssdHeads is the number of anchors per cell of the six box predictors.
var ssdHeads = [6]int{3, 6, 6, 6, 6, 6}

// ssdModel is the converted SSD graph plus the names of its 12 outputs: box encodings
// [1, A·4, h, w] of heads 0..5, then class logits [1, A·3, h, w] of heads 0..5.
type ssdModel struct {
	onnx    []byte
	outputs []string
	anchors []float32 // Output/extra_dim: [5118][4] prior boxes (ymin, xmin, ymax, xmax)
}

// buildSSDNet ports face-api's mobileNetV1 + predictionLayer. Input: [1, 3, 512, 512]
// RGB, x/127.5 − 1. The box decoding and NMS of outputLayer run in Go (decodeSSD).
func buildSSDNet(m map[string]nn.Tensor) (ssdModel, error) {
	w := &weightSet{m: m}
	b := nn.NewBuilder("ssd_mobilenetv1", "input", []int64{1, 3, ssdInput, ssdInput})
	pw := func(x, prefix string, stride, n int) string {
		f := w.conv(prefix + "/weights")
		y := b.Conv(x, f, w.vec(prefix+"/convolution_bn_offset"), nn.ConvOpts{Stride: stride, Pads: samePads(n, f.Shape[2], stride)})
		return b.Clip(y, 0, 6)
	}
	x, n := pw("input", "MobilenetV1/Conv2d_0_pointwise", 2, ssdInput), ssdInput/2
	var conv11 string
	for i := 1; i <= 13; i++ {
		stride := 1
		if i == 2 || i == 4 || i == 6 || i == 12 {
			stride = 2
		}
		x = depthwiseBN(b, w, x, fmt.Sprintf("MobilenetV1/Conv2d_%d_depthwise", i), stride, n)
		n = (n + stride - 1) / stride
		x = pw(x, fmt.Sprintf("MobilenetV1/Conv2d_%d_pointwise", i), 1, n)
		if i == 11 {
			conv11 = x
		}
	}
	feats := []string{conv11, x}
	y := x
	for i := 0; i < 8; i++ {
		stride := 1 + i%2 // conv_1, 3, 5, 7 halve the size
		y = pw(y, fmt.Sprintf("Prediction/Conv2d_%d_pointwise", i), stride, n)
		n = (n + stride - 1) / stride
		if i%2 == 1 {
			feats = append(feats, y)
		}
	}
	var boxes, classes []string
	for i, f := range feats {
		p := fmt.Sprintf("Prediction/BoxPredictor_%d/", i)
		boxes = append(boxes, b.Conv(f, w.conv(p+"BoxEncodingPredictor/weights"), w.vec(p+"BoxEncodingPredictor/biases"), nn.ConvOpts{}))
		classes = append(classes, b.Conv(f, w.conv(p+"ClassPredictor/weights"), w.vec(p+"ClassPredictor/biases"), nn.ConvOpts{}))
	}
	for _, o := range append(append([]string(nil), boxes...), classes...) {
		b.Output(o, nil)
	}
	anchors := w.get("Output/extra_dim", 3)
	if w.err == nil && anchors.Len() != ssdAnchors*4 {
		w.fail(fmt.Errorf("Output/extra_dim shape %v", anchors.Shape))
	}
	if w.err != nil {
		return ssdModel{}, fmt.Errorf("ssd mobilenetv1 weights: %w", w.err)
	}
	model, err := b.Marshal()
	if err != nil {
		return ssdModel{}, err
	}
	return ssdModel{onnx: model, outputs: append(boxes, classes...), anchors: anchors.Data}, nil
}

// depthwiseBN is a depthwise 3×3 "same" conv followed by batch norm (folded into the
// conv: s = γ/√(σ²+ε), w' = w·s, b' = β − μ·s) and relu6.
func depthwiseBN(b *nn.Builder, w *weightSet, x, prefix string, stride, n int) string {
	f := w.depthwise(prefix + "/depthwise_weights")
	gamma, beta := w.vec(prefix+"/BatchNorm/gamma"), w.vec(prefix+"/BatchNorm/beta")
	mean, variance := w.vec(prefix+"/BatchNorm/moving_mean"), w.vec(prefix+"/BatchNorm/moving_variance")
	if w.err != nil {
		return x
	}
	c := f.Shape[0]
	scale, bias := make([]float32, c), make([]float32, c)
	for i := 0; i < c; i++ {
		scale[i] = gamma[i] / float32(math.Sqrt(float64(variance[i])+ssdBNEpsilon))
		bias[i] = beta[i] - mean[i]*scale[i]
	}
	f, bias = foldScale(f, zeros(c), scale, bias)
	y := b.Conv(x, f, bias, nn.ConvOpts{Stride: stride, Pads: samePads(n, 3, stride), Group: c})
	return b.Clip(y, 0, 6)
}
