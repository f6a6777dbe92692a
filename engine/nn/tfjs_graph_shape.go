package nn

import (
	"fmt"
	"slices"
)

// binary converts BiasAdd/Add/AddV2/Sub/Mul. With a per-channel (or scalar) constant it
// becomes an affine layer that OpenCV imports reliably — a 1×1 depthwise Conv on NCHW
// values, a diagonal Gemm on [N, F] values — instead of a broadcasting ONNX Mul/Add whose
// constant-operand handling differs across OpenCV versions. Two activations of the same
// shape use the ONNX element-wise op.
func (c *graphConverter) binary(n *graphNode, in []gval) (gval, error) {
	if len(in) != 2 {
		return gval{}, fmt.Errorf("%d inputs, want 2", len(in))
	}
	x, k := in[0], in[1]
	if x.konst != nil && n.Op != "Sub" {
		x, k = k, x // commutative ops may carry the constant first
	}
	if x.konst != nil {
		return gval{}, fmt.Errorf("constant left operand")
	}
	if k.konst == nil {
		if !slices.Equal(x.shape, k.shape) {
			return gval{}, fmt.Errorf("shapes %v and %v: broadcasting is not supported", x.shape, k.shape)
		}
		op := map[string]string{"Add": "Add", "AddV2": "Add", "BiasAdd": "Add", "Sub": "Sub", "Mul": "Mul"}[n.Op]
		return gval{onnx: c.b.node(op, []string{x.onnx, k.onnx}), shape: x.shape}, nil
	}
	ch := x.shape[len(x.shape)-1]
	kv, err := perChannel(*k.konst, ch)
	if err != nil {
		return gval{}, err
	}
	scale, shift := make([]float32, ch), make([]float32, ch)
	for i := range scale {
		switch n.Op {
		case "Mul":
			scale[i] = kv[i]
		case "Sub":
			scale[i], shift[i] = 1, -kv[i]
		default:
			scale[i], shift[i] = 1, kv[i]
		}
	}
	return c.affine(x, scale, shift)
}

// perChannel broadcasts a scalar or a [..., C] constant whose other dimensions are 1.
func perChannel(t Tensor, ch int) ([]float32, error) {
	if len(t.Data) == 1 {
		v := make([]float32, ch)
		for i := range v {
			v[i] = t.Data[0]
		}
		return v, nil
	}
	if len(t.Data) != ch || (len(t.Shape) > 0 && t.Shape[len(t.Shape)-1] != ch) {
		return nil, fmt.Errorf("constant %v does not broadcast over %d channels", t.Shape, ch)
	}
	return t.Data, nil
}

// affine is x·scale + shift per channel.
func (c *graphConverter) affine(x gval, scale, shift []float32) (gval, error) {
	ch := len(scale)
	out := x
	switch len(x.shape) {
	case 4:
		w := Tensor{Shape: []int{ch, 1, 1, 1}, Data: append([]float32(nil), scale...)}
		out.onnx = c.b.Conv(x.onnx, w, shift, ConvOpts{Group: ch})
	case 2:
		diag := make([]float32, ch*ch)
		for i, s := range scale {
			diag[i*ch+i] = s
		}
		out.onnx = c.b.Gemm(x.onnx, Tensor{Shape: []int{ch, ch}, Data: diag}, shift)
	default:
		return gval{}, fmt.Errorf("per-channel op on rank %d", len(x.shape))
	}
	return out, nil
}

// pool converts MaxPool and AvgPool with square windows. OpenCV skips padded cells for
// both, which is TF's "SAME" behaviour.
func (c *graphConverter) pool(n *graphNode, in []gval) (gval, error) {
	if len(in) != 1 || in[0].konst != nil || len(in[0].shape) != 4 {
		return gval{}, fmt.Errorf("want one NHWC activation")
	}
	x := in[0]
	k, err := n.ints("ksize")
	if err != nil || len(k) != 4 || k[1] != k[2] {
		return gval{}, fmt.Errorf("ksize %v: want a square NHWC window", k)
	}
	s, err := stride(n)
	if err != nil {
		return gval{}, err
	}
	oh, ow, pads, err := windowGeometry(n, x.shape[1], x.shape[2], k[1], k[2], s)
	if err != nil {
		return gval{}, err
	}
	out := gval{shape: []int{x.shape[0], oh, ow, x.shape[3]}}
	if n.Op == "MaxPool" {
		out.onnx = c.b.MaxPool(x.onnx, k[1], s, pads)
		return out, nil
	}
	out.onnx = c.b.node("AveragePool", []string{x.onnx},
		ints("kernel_shape", k[1], k[2]), ints("strides", s, s),
		ints("pads", pads[0], pads[1], pads[2], pads[3]))
	return out, nil
}

// reshape supports the one reshape classifier heads use: flattening [1,H,W,C] to [1,H·W·C].
func (c *graphConverter) reshape(in []gval) (gval, error) {
	if len(in) != 2 || in[0].konst != nil || in[1].konst == nil {
		return gval{}, fmt.Errorf("want an activation and a constant shape")
	}
	x, to := in[0], in[1].konst.Data
	if len(x.shape) != 4 || len(to) != 2 {
		return gval{}, fmt.Errorf("reshape %v to %v: only a flatten is supported", x.shape, to)
	}
	n := x.shape[1] * x.shape[2] * x.shape[3]
	if !(to[0] == -1 || int(to[0]) == x.shape[0]) || !(to[1] == -1 || int(to[1]) == n) {
		return gval{}, fmt.Errorf("reshape %v to %v: only a flatten is supported", x.shape, to)
	}
	return gval{onnx: c.b.Flatten(x.onnx), shape: []int{x.shape[0], n},
		flat: []int{x.shape[1], x.shape[2], x.shape[3]}}, nil
}

// mean supports the spatial mean (axes 1 and 2, keep_dims false) that ends MobileNet-style
// feature extractors.
func (c *graphConverter) mean(n *graphNode, in []gval) (gval, error) {
	if len(in) != 2 || in[0].konst != nil || in[1].konst == nil || len(in[0].shape) != 4 {
		return gval{}, fmt.Errorf("want an NHWC activation and constant axes")
	}
	ax := in[1].konst.Data
	if len(ax) != 2 || ax[0] != 1 || ax[1] != 2 {
		return gval{}, fmt.Errorf("mean over axes %v: only [1 2] is supported", ax)
	}
	if kd := n.Attr["keep_dims"].B; kd != nil && *kd {
		return gval{}, fmt.Errorf("keep_dims is not supported")
	}
	x := in[0]
	return gval{onnx: c.b.Flatten(c.b.GlobalAveragePool(x.onnx)), shape: []int{x.shape[0], x.shape[3]}}, nil
}

// prelu converts TF.js's Prelu (x for x > 0, alpha·x otherwise) with a per-channel (or
// scalar) constant alpha. TF.js's converter names that constant after the Neg node it
// folded (p_re_lu/Neg), but the tensor holds alpha itself, as tf.prelu takes it.
func (c *graphConverter) prelu(x, alpha gval) (gval, error) {
	if x.konst != nil || alpha.konst == nil {
		return gval{}, fmt.Errorf("want an activation and a constant alpha")
	}
	if r := len(x.shape); r != 4 && r != 2 {
		return gval{}, fmt.Errorf("prelu on rank %d", r)
	}
	a, err := perChannel(*alpha.konst, x.shape[len(x.shape)-1])
	if err != nil {
		return gval{}, err
	}
	out := x
	out.onnx = c.b.PRelu(x.onnx, a, len(x.shape))
	return out, nil
}

// pad converts a zero Pad with constant paddings [[before, after] per NHWC axis], the
// batch axis unpadded. BlazeFace-style nets pad the channel axis to widen a down-sampling
// shortcut; ONNX Pad on the NCHW value takes the same amounts reordered.
func (c *graphConverter) pad(in []gval) (gval, error) {
	if len(in) != 2 || in[0].konst != nil || in[1].konst == nil || len(in[0].shape) != 4 {
		return gval{}, fmt.Errorf("want an NHWC activation and constant paddings")
	}
	x, p := in[0], in[1].konst.Data
	if len(p) != 8 || p[0] != 0 || p[1] != 0 {
		return gval{}, fmt.Errorf("paddings %v: want [4, 2] with the batch axis unpadded", p)
	}
	nhwc := make([]int, 8)
	for i, v := range p {
		if v < 0 || v != float32(int(v)) {
			return gval{}, fmt.Errorf("paddings %v: want non-negative integers", p)
		}
		nhwc[i] = int(v)
	}
	// NHWC axis i pads nhwc[2i] before and nhwc[2i+1] after; ONNX wants NCHW order.
	before := []int{0, nhwc[6], nhwc[2], nhwc[4]}
	after := []int{0, nhwc[7], nhwc[3], nhwc[5]}
	shape := make([]int, 4)
	for i := range shape {
		shape[i] = x.shape[i] + nhwc[2*i] + nhwc[2*i+1]
	}
	return gval{onnx: c.b.Pad(x.onnx, before, after), shape: shape}, nil
}

// concat converts ConcatV2 of activations along a constant axis (its last input). A TF
// NHWC axis becomes the NCHW one; rank-2 values keep theirs.
func (c *graphConverter) concat(in []gval) (gval, error) {
	if len(in) < 3 || in[len(in)-1].konst == nil || len(in[len(in)-1].konst.Data) != 1 {
		return gval{}, fmt.Errorf("want two or more activations and a constant axis")
	}
	xs := in[:len(in)-1]
	rank := len(xs[0].shape)
	axis := int(in[len(in)-1].konst.Data[0])
	if axis < 0 {
		axis += rank
	}
	if (rank != 4 && rank != 2) || axis < 1 || axis >= rank {
		return gval{}, fmt.Errorf("concat on axis %d of rank %d", axis, rank)
	}
	shape := append([]int(nil), xs[0].shape...)
	shape[axis] = 0
	names := make([]string, len(xs))
	for i, x := range xs {
		if x.konst != nil || x.flat != nil || len(x.shape) != rank {
			return gval{}, fmt.Errorf("input %d: want an activation of rank %d (not flattened)", i, rank)
		}
		for d := range rank {
			if d != axis && x.shape[d] != xs[0].shape[d] {
				return gval{}, fmt.Errorf("shapes %v and %v differ off the concat axis", xs[0].shape, x.shape)
			}
		}
		shape[axis] += x.shape[axis]
		names[i] = x.onnx
	}
	onnxAxis := axis
	if rank == 4 {
		onnxAxis = [4]int{0, 2, 3, 1}[axis] // NHWC → NCHW
	}
	return gval{onnx: c.b.Concat(names, onnxAxis), shape: shape}, nil
}
