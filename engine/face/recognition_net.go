package face

import (
	"fmt"

	"github.com/kycd/kycd/engine/nn"
)

// Recognition network constants (face-api FaceRecognitionNet: dlib's ResNet-34 variant).
const (
	descriptorInput = 150
	descriptorSize  = 128
)

// descriptorMean is the per-channel RGB mean the network subtracts before dividing by 255
// (the landmark network uses the same).
var descriptorMean = [3]float64{122.782, 117.001, 104.298}

var descriptorNorm = normalization{mean: descriptorMean, scale: 1.0 / 255}

// buildRecognitionNet ports face-api's FaceRecognitionNet.forwardInput to ONNX. Input:
// [1, 3, 150, 150] RGB, already (x − mean)/255. Output: [1, 128].
func buildRecognitionNet(m map[string]nn.Tensor) ([]byte, error) {
	w := &weightSet{m: m}
	b := nn.NewBuilder("face_recognition", "input", []int64{1, 3, descriptorInput, descriptorInput})
	r := resnetBuilder{b: b, w: w}

	x, n := r.convLayer("input", "conv32_down", 2, [4]int{}, true), (descriptorInput-7)/2+1
	x, n = b.MaxPool(x, 3, 2, [4]int{}), (n-3)/2+1
	c := 32
	for _, blk := range []struct {
		name string
		down bool
		out  int
	}{
		{"conv32_1", false, 32}, {"conv32_2", false, 32}, {"conv32_3", false, 32},
		{"conv64_down", true, 64}, {"conv64_1", false, 64}, {"conv64_2", false, 64}, {"conv64_3", false, 64},
		{"conv128_down", true, 128}, {"conv128_1", false, 128}, {"conv128_2", false, 128},
		{"conv256_down", true, 256}, {"conv256_1", false, 256}, {"conv256_2", false, 256},
		{"conv256_down_out", true, 256},
	} {
		if blk.down {
			x, n = r.residualDown(x, blk.name, n, c, blk.out)
		} else {
			x = r.residual(x, blk.name)
		}
		c = blk.out
	}
	x = b.Flatten(b.GlobalAveragePool(x))
	x = b.Gemm(x, w.dense("fc"), zeros(descriptorSize))
	b.Output(x, []int64{1, descriptorSize})
	if w.err != nil {
		return nil, fmt.Errorf("face recognition weights: %w", w.err)
	}
	return b.Marshal()
}

type resnetBuilder struct {
	b *nn.Builder
	w *weightSet
}

// convLayer is face-api's convLayer: conv + bias, ·scale + bias (folded), optional relu.
func (r resnetBuilder) convLayer(x, prefix string, stride int, pads [4]int, relu bool) string {
	w, bias := foldScale(r.w.conv(prefix+"/conv/filters"), r.w.vec(prefix+"/conv/bias"),
		r.w.vec(prefix+"/scale/weights"), r.w.vec(prefix+"/scale/biases"))
	y := r.b.Conv(x, w, bias, nn.ConvOpts{Stride: stride, Pads: pads})
	if relu {
		y = r.b.Relu(y)
	}
	return y
}

func (r resnetBuilder) residual(x, prefix string) string {
	same := [4]int{1, 1, 1, 1}
	y := r.convLayer(x, prefix+"/conv1", 1, same, true)
	y = r.convLayer(y, prefix+"/conv2", 1, same, false)
	return r.b.Relu(r.b.Add(y, x))
}

// residualDown is face-api's residualDown on an n×n input with cin channels. The shortcut
// is avgPool(2, 2, valid) followed by zero channels up to cout: one 2×2 stride-2 conv with
// weight ¼ on the identity channels does both. When the 3×3 stride-2 valid main path comes
// out one pixel smaller than the pooled shortcut (the last two blocks), it is zero-padded
// bottom/right exactly as face-api concatenates zeros.
func (r resnetBuilder) residualDown(x, prefix string, n, cin, cout int) (string, int) {
	y := r.convLayer(x, prefix+"/conv1", 2, [4]int{}, true)
	y = r.convLayer(y, prefix+"/conv2", 1, [4]int{1, 1, 1, 1}, false)
	main, pooled := (n-3)/2+1, n/2
	if main != pooled {
		y = r.b.PadSpatial(y, [4]int{0, 0, pooled - main, pooled - main})
	}
	var short string
	if cin == cout {
		short = r.b.AveragePool(x, 2, 2)
	} else {
		short = r.b.Conv(x, poolAndWiden(cin, cout), zeros(cout), nn.ConvOpts{Stride: 2})
	}
	return r.b.Relu(r.b.Add(y, short)), pooled
}

// poolAndWiden is the [cout, cin, 2, 2] kernel of a 2×2 average pool that copies channel i
// to output i and leaves outputs cin..cout−1 zero.
func poolAndWiden(cin, cout int) nn.Tensor {
	t := nn.Tensor{Shape: []int{cout, cin, 2, 2}, Data: make([]float32, cout*cin*4)}
	for i := 0; i < cin; i++ {
		for k := 0; k < 4; k++ {
			t.Data[(i*cin+i)*4+k] = 0.25
		}
	}
	return t
}
