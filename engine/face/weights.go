package face

import (
	"fmt"
	"strings"

	"github.com/kycd/kycd/engine/nn"
)

// weightSet hands out named TF.js tensors in ONNX layouts and remembers the first problem,
// so a network definition reads straight through and checks once at the end.
type weightSet struct {
	m map[string]nn.Tensor
	// oihw, when set, holds conv filters already in ONNX layout (see convertFilters), so
	// graphs built repeatedly from one weight set (SSD sizes) transpose them once.
	oihw map[string]nn.Tensor
	err  error
}

// convertFilters returns every rank-4 filter of m in ONNX layout: depthwise filters
// (names ending in depthwise_weights) as DepthwiseToOIHW, the others as HWIOToOIHW.
func convertFilters(m map[string]nn.Tensor) (map[string]nn.Tensor, error) {
	out := map[string]nn.Tensor{}
	for name, t := range m {
		if len(t.Shape) != 4 {
			continue
		}
		conv := nn.HWIOToOIHW
		if strings.HasSuffix(name, "depthwise_weights") {
			conv = nn.DepthwiseToOIHW
		}
		c, err := conv(t)
		if err != nil {
			return nil, fmt.Errorf("weight %q: %w", name, err)
		}
		out[name] = c
	}
	return out, nil
}

func (w *weightSet) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *weightSet) get(name string, rank int) nn.Tensor {
	t, ok := w.m[name]
	if !ok {
		w.fail(fmt.Errorf("missing weight %q", name))
		return nn.Tensor{Shape: make([]int, rank)}
	}
	if len(t.Shape) != rank {
		w.fail(fmt.Errorf("weight %q has shape %v, want rank %d", name, t.Shape, rank))
	}
	return t
}

// conv returns a TF conv filter [kh, kw, in, out] as [out, in, kh, kw].
func (w *weightSet) conv(name string) nn.Tensor {
	if t, ok := w.oihw[name]; ok {
		return t
	}
	t, err := nn.HWIOToOIHW(w.get(name, 4))
	if err != nil {
		w.fail(fmt.Errorf("weight %q: %w", name, err))
	}
	return t
}

// depthwise returns a TF depthwise filter [kh, kw, c, 1] as [c, 1, kh, kw].
func (w *weightSet) depthwise(name string) nn.Tensor {
	if t, ok := w.oihw[name]; ok {
		return t
	}
	t, err := nn.DepthwiseToOIHW(w.get(name, 4))
	if err != nil {
		w.fail(fmt.Errorf("weight %q: %w", name, err))
	}
	return t
}

// dense returns a TF matMul weight [in, out] as Gemm's B [out, in].
func (w *weightSet) dense(name string) nn.Tensor {
	t, err := nn.Transpose2D(w.get(name, 2))
	if err != nil {
		w.fail(fmt.Errorf("weight %q: %w", name, err))
	}
	return t
}

func (w *weightSet) vec(name string) []float32 { return w.get(name, 1).Data }

// foldScale folds face-api's "conv + bias, then ·scale + scale_bias" into one conv:
// w' = w·s per output channel, b' = b·s + sb.
func foldScale(w nn.Tensor, b, s, sb []float32) (nn.Tensor, []float32) {
	per := w.Len() / w.Shape[0]
	out := nn.Tensor{Shape: w.Shape, Data: make([]float32, len(w.Data))}
	bias := make([]float32, len(b))
	for o := range b {
		for i := 0; i < per; i++ {
			out.Data[o*per+i] = w.Data[o*per+i] * s[o]
		}
		bias[o] = b[o]*s[o] + sb[o]
	}
	return out, bias
}

// samePads returns TF "same" padding [top, left, bottom, right] for a square kernel k and
// stride s on an input of size n: the odd pixel goes to the bottom/right, as in TF.
func samePads(n, k, s int) [4]int {
	out := (n + s - 1) / s
	total := max((out-1)*s+k-n, 0)
	lo := total / 2
	return [4]int{lo, lo, total - lo, total - lo}
}

// samePads2 is samePads for an h×w input: [top, left, bottom, right].
func samePads2(h, w, k, s int) [4]int {
	ph, pw := samePads(h, k, s), samePads(w, k, s)
	return [4]int{ph[0], pw[1], ph[2], pw[3]}
}

func zeros(n int) []float32 { return make([]float32, n) }
