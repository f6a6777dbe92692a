package nn

import (
	"fmt"
)

// samePad is TF's "SAME" padding for one axis: the output is ceil(n/s) and the extra
// cell goes to the end (bottom/right).
func samePad(n, k, s int) (out, before, after int) {
	out = (n + s - 1) / s
	total := max((out-1)*s+k-n, 0)
	return out, total / 2, total - total/2
}

// windowGeometry is the output size and [top, left, bottom, right] pads of a TF window op.
func windowGeometry(n *graphNode, h, w, kh, kw, s int) (oh, ow int, pads [4]int, err error) {
	switch pad := n.str("padding"); pad {
	case "VALID":
		return (h-kh)/s + 1, (w-kw)/s + 1, pads, nil
	case "SAME":
		oh, pads[0], pads[2] = samePad(h, kh, s)
		ow, pads[1], pads[3] = samePad(w, kw, s)
		return oh, ow, pads, nil
	case "EXPLICIT":
		p, err := n.ints("explicit_paddings") // [N0 N1 H0 H1 W0 W1 C0 C1]
		if err != nil || len(p) != 8 {
			return 0, 0, pads, fmt.Errorf("explicit_paddings %v", p)
		}
		pads = [4]int{p[2], p[4], p[3], p[5]}
		return (h+p[2]+p[3]-kh)/s + 1, (w+p[4]+p[5]-kw)/s + 1, pads, nil
	default:
		return 0, 0, pads, fmt.Errorf("padding %q", pad)
	}
}

// stride reads a square NHWC stride (and checks dilations are 1 where present).
func stride(n *graphNode) (int, error) {
	s, err := n.ints("strides")
	if err != nil {
		return 0, err
	}
	if len(s) != 4 || s[1] != s[2] {
		return 0, fmt.Errorf("strides %v: want square NHWC strides", s)
	}
	if f := n.str("data_format"); f != "" && f != "NHWC" {
		return 0, fmt.Errorf("data_format %s", f)
	}
	if d, _ := n.ints("dilations"); len(d) == 4 && (d[1] != 1 || d[2] != 1) {
		return 0, fmt.Errorf("dilations %v are not supported", d)
	}
	return s[1], nil
}

// conv converts Conv2D, DepthwiseConv2dNative and their fused forms (BiasAdd then an
// optional Relu/Relu6).
func (c *graphConverter) conv(n *graphNode, in []gval) (gval, error) {
	if len(in) < 2 || in[0].konst != nil || in[1].konst == nil || len(in[0].shape) != 4 {
		return gval{}, fmt.Errorf("want an NHWC activation and a constant filter")
	}
	x, f := in[0], *in[1].konst
	s, err := stride(n)
	if err != nil {
		return gval{}, err
	}
	depthwise := n.Op == "DepthwiseConv2dNative" || n.Op == "FusedDepthwiseConv2dNative"
	var w Tensor
	group := 1
	if depthwise {
		if len(f.Shape) == 4 && f.Shape[3] != 1 {
			return gval{}, fmt.Errorf("depthwise multiplier %d is not supported", f.Shape[3])
		}
		w, err = DepthwiseToOIHW(f)
		group = x.shape[3]
	} else {
		w, err = HWIOToOIHW(f)
	}
	if err != nil {
		return gval{}, err
	}
	if w.Shape[1]*group != x.shape[3] {
		return gval{}, fmt.Errorf("filter %v does not fit %d input channels", f.Shape, x.shape[3])
	}
	oh, ow, pads, err := windowGeometry(n, x.shape[1], x.shape[2], f.Shape[0], f.Shape[1], s)
	if err != nil {
		return gval{}, err
	}
	bias := make([]float32, w.Shape[0])
	ops := n.strs("fused_ops")
	if len(ops) > 0 {
		if ops[0] != "BiasAdd" || len(in) < 3 || in[2].konst == nil || len(in[2].konst.Data) != len(bias) {
			return gval{}, fmt.Errorf("fused ops %v: want BiasAdd with a constant bias first", ops)
		}
		copy(bias, in[2].konst.Data)
	}
	out := gval{onnx: c.b.Conv(x.onnx, w, bias, ConvOpts{Stride: s, Pads: pads, Group: group}),
		shape: []int{x.shape[0], oh, ow, w.Shape[0]}}
	return c.fusedActivation(ops, out, in[min(3, len(in)):])
}

// fusedActivation applies what follows BiasAdd in a fused op's list. args are the op's
// inputs after the bias: a fused Prelu's alpha is the first of them.
func (c *graphConverter) fusedActivation(ops []string, v gval, args []gval) (gval, error) {
	if len(ops) <= 1 {
		return v, nil
	}
	if len(ops) > 2 {
		return gval{}, fmt.Errorf("fused ops %v", ops)
	}
	switch ops[1] {
	case "Relu", "Relu6", "Sigmoid", "Tanh", "Elu":
		return c.activation(ops[1], v)
	case "Prelu":
		if len(args) < 1 {
			return gval{}, fmt.Errorf("fused Prelu without its alpha input")
		}
		return c.prelu(v, args[0])
	}
	return gval{}, fmt.Errorf("fused activation %q is not supported", ops[1])
}

// matMul converts a dense layer. OpenCV 4.6 needs Gemm with transB=1 and an explicit bias
// (see Builder.Gemm), so the TF [in, out] weight is transposed here.
func (c *graphConverter) matMul(n *graphNode, in []gval) (gval, error) {
	if len(in) < 2 || in[0].konst != nil || in[1].konst == nil || len(in[0].shape) != 2 {
		return gval{}, fmt.Errorf("want a rank-2 activation and a constant weight")
	}
	if a := n.Attr["transpose_a"].B; a != nil && *a {
		return gval{}, fmt.Errorf("transpose_a is not supported")
	}
	x, w := in[0], *in[1].konst
	var err error
	if b := n.Attr["transpose_b"].B; b != nil && *b {
		if w, err = Transpose2D(w); err != nil {
			return gval{}, err
		}
	}
	if len(w.Shape) != 2 || w.Shape[0] != x.shape[1] {
		return gval{}, fmt.Errorf("weight %v does not fit %d inputs", w.Shape, x.shape[1])
	}
	if f := x.flat; f != nil {
		if w, err = NHWCRowsToNCHW(w, f[0], f[1], f[2]); err != nil {
			return gval{}, err
		}
	}
	wt, err := Transpose2D(w)
	if err != nil {
		return gval{}, err
	}
	bias := make([]float32, wt.Shape[0])
	ops := n.strs("fused_ops")
	if len(ops) > 0 {
		if ops[0] != "BiasAdd" || len(in) < 3 || in[2].konst == nil || len(in[2].konst.Data) != len(bias) {
			return gval{}, fmt.Errorf("fused ops %v: want BiasAdd with a constant bias first", ops)
		}
		copy(bias, in[2].konst.Data)
	}
	out := gval{onnx: c.b.Gemm(x.onnx, wt, bias), shape: []int{x.shape[0], wt.Shape[0]}}
	return c.fusedActivation(ops, out, in[min(3, len(in)):])
}
