package face

import (
	"fmt"
	"image"
	"math"

	"github.com/kycd/kycd/engine/nn"
)

// SSD MobileNetV1 constants (face-api SsdMobilenetv1).
const (
	ssdInput     = 512 // face-api's square input; the longer side of ours
	ssdAnchors   = 5118
	ssdBNEpsilon = 0.0010000000474974513
)

// ssdNorm maps pixels to −1..1 as face-api does (x/127.5 − 1).
var ssdNorm = normalization{mean: [3]float64{127.5, 127.5, 127.5}, scale: 1 / 127.5}

// ssdHeads is the number of anchors per cell of the six box predictors.
var ssdHeads = [6]int{3, 6, 6, 6, 6, 6}

// ssdModel is the SSD graph converted for one input size. Its one output is the 12 head
// outputs flattened and concatenated — box encodings [1, A·4, h, w] of heads 0..5, then class
// logits [1, A·3, h, w] — because gocv's ForwardLayers, which returns several outputs, leaks
// the C strings of the names asked for (~800 bytes a detection). grids are the heads' w×h.
type ssdModel struct {
	onnx  []byte
	grids []image.Point
	w, h  int
}

// buildSSDNet ports face-api's mobileNetV1 + predictionLayer for a w×h input (multiples
// of 32). Input: RGB, x/127.5 − 1. The convolutions do not care about the input shape, but
// TF "same" padding does (odd sizes pad both sides), so each size gets its own graph. The
// box decoding and NMS of outputLayer run in Go (decodeSSD).
func buildSSDNet(m map[string]nn.Tensor, w, h int) (ssdModel, error) {
	return buildSSDNetFrom(&weightSet{m: m}, w, h)
}

// buildSSDNetFrom is buildSSDNet on a weight set (possibly with pre-converted filters).
func buildSSDNetFrom(ws *weightSet, w, h int) (ssdModel, error) {
	b := nn.NewBuilder("ssd_mobilenetv1", "input", []int64{1, 3, int64(h), int64(w)})
	nh, nw := h, w
	pw := func(x, prefix string, stride int) string {
		f := ws.conv(prefix + "/weights")
		y := b.Conv(x, f, ws.vec(prefix+"/convolution_bn_offset"), nn.ConvOpts{Stride: stride, Pads: samePads2(nh, nw, f.Shape[2], stride)})
		nh, nw = (nh+stride-1)/stride, (nw+stride-1)/stride
		return b.Clip(y, 0, 6)
	}
	x := pw("input", "MobilenetV1/Conv2d_0_pointwise", 2)
	var conv11 string
	var grids []image.Point // of each feature map, as the heads see them
	for i := 1; i <= 13; i++ {
		stride := 1
		if i == 2 || i == 4 || i == 6 || i == 12 {
			stride = 2
		}
		x = depthwiseBN(b, ws, x, fmt.Sprintf("MobilenetV1/Conv2d_%d_depthwise", i), stride, nh, nw)
		nh, nw = (nh+stride-1)/stride, (nw+stride-1)/stride
		x = pw(x, fmt.Sprintf("MobilenetV1/Conv2d_%d_pointwise", i), 1)
		if i == 11 {
			conv11 = x
			grids = append(grids, image.Pt(nw, nh))
		}
	}
	feats := []string{conv11, x}
	grids = append(grids, image.Pt(nw, nh))
	y := x
	for i := 0; i < 8; i++ {
		y = pw(y, fmt.Sprintf("Prediction/Conv2d_%d_pointwise", i), 1+i%2) // conv_1, 3, 5, 7 halve
		if i%2 == 1 {
			feats = append(feats, y)
			grids = append(grids, image.Pt(nw, nh))
		}
	}
	var boxes, classes []string
	for i, f := range feats {
		p := fmt.Sprintf("Prediction/BoxPredictor_%d/", i)
		boxes = append(boxes, b.Conv(f, ws.conv(p+"BoxEncodingPredictor/weights"), ws.vec(p+"BoxEncodingPredictor/biases"), nn.ConvOpts{}))
		classes = append(classes, b.Conv(f, ws.conv(p+"ClassPredictor/weights"), ws.vec(p+"ClassPredictor/biases"), nn.ConvOpts{}))
	}
	heads := append(append([]string(nil), boxes...), classes...)
	flat := make([]string, len(heads))
	for i, o := range heads {
		flat[i] = b.Flatten(o)
	}
	b.Output(b.Concat(flat, 1), nil)
	if ws.err != nil {
		return ssdModel{}, fmt.Errorf("ssd mobilenetv1 weights: %w", ws.err)
	}
	model, err := b.Marshal()
	if err != nil {
		return ssdModel{}, err
	}
	return ssdModel{onnx: model, grids: grids, w: w, h: h}, nil
}

// depthwiseBN is a depthwise 3×3 "same" conv followed by batch norm (folded into the
// conv: s = γ/√(σ²+ε), w' = w·s, b' = β − μ·s) and relu6.
func depthwiseBN(b *nn.Builder, w *weightSet, x, prefix string, stride, nh, nw int) string {
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
	y := b.Conv(x, f, bias, nn.ConvOpts{Stride: stride, Pads: samePads2(nh, nw, 3, stride), Group: c})
	return b.Clip(y, 0, 6)
}

// ssdAnchorShapes reads the prior box sizes per head and anchor from face-api's
// Output/extra_dim (5118 boxes for the 512×512 grids 32, 16, 8, 4, 2, 1). The priors are
// regular — every cell of a head repeats the same sizes, centered at (i+½)/n — so the
// sizes (in pixels of the 512 input) are all that is needed to lay priors over any grid.
func ssdAnchorShapes(m map[string]nn.Tensor) ([][][2]float64, error) {
	t, ok := m["Output/extra_dim"]
	if !ok || t.Len() != ssdAnchors*4 || len(t.Data) != ssdAnchors*4 {
		return nil, fmt.Errorf("ssd prior boxes Output/extra_dim missing or not [1 %d 4]", ssdAnchors)
	}
	shapes := make([][][2]float64, len(ssdHeads))
	off, n := 0, 32
	for head, a := range ssdHeads {
		for k := 0; k < a; k++ {
			p := t.Data[4*(off+k) : 4*(off+k)+4]
			shapes[head] = append(shapes[head], [2]float64{float64(p[2]-p[0]) * ssdInput, float64(p[3]-p[1]) * ssdInput})
		}
		off += n * n * a
		n /= 2
	}
	return shapes, nil
}
