package nn

import (
	"fmt"
)

// gval is one converted GraphDef value: either a constant (weights) or an ONNX value with
// its TF shape ([1,H,W,C] or [1,F]).
type gval struct {
	konst *Tensor
	onnx  string
	shape []int
	// flat is [H, W, C] when the value is a flattened NHWC activation: the dense layer that
	// reads it must reorder its rows, because ONNX flattens NCHW.
	flat []int
}

// onnxShape is the value's shape as ONNX holds it (NCHW for rank 4).
func (v gval) onnxShape() []int {
	if len(v.shape) == 4 {
		return []int{v.shape[0], v.shape[3], v.shape[1], v.shape[2]}
	}
	return append([]int(nil), v.shape...)
}

type graphConverter struct {
	nodes   map[string]*graphNode
	weights map[string]Tensor
	done    map[string]gval
	busy    map[string]bool
	b       *Builder
	input   []int
}

func newGraphConverter(nodes []graphNode, weights map[string]Tensor) *graphConverter {
	c := &graphConverter{nodes: map[string]*graphNode{}, weights: weights,
		done: map[string]gval{}, busy: map[string]bool{}}
	for i := range nodes {
		c.nodes[nodes[i].Name] = &nodes[i]
	}
	return c
}

// value converts the node producing ref (and, first, everything it depends on).
func (c *graphConverter) value(ref string) (gval, error) {
	name, _ := baseName(ref)
	if v, ok := c.done[name]; ok {
		return v, nil
	}
	n, ok := c.nodes[name]
	if !ok {
		return gval{}, fmt.Errorf("unknown node %q", name)
	}
	if c.busy[name] {
		return gval{}, fmt.Errorf("cycle at node %q", name)
	}
	c.busy[name] = true
	var in []gval
	for _, r := range n.Input {
		if _, ok := baseName(r); !ok {
			continue
		}
		v, err := c.value(r)
		if err != nil {
			return gval{}, err
		}
		in = append(in, v)
	}
	v, err := c.convert(n, in)
	if err != nil {
		return gval{}, fmt.Errorf("node %s (%s): %w", n.Name, n.Op, err)
	}
	c.done[name] = v
	return v, nil
}

func (c *graphConverter) convert(n *graphNode, in []gval) (gval, error) {
	switch n.Op {
	case "Placeholder":
		return c.placeholder(n)
	case "Const":
		t, ok := c.weights[n.Name]
		if !ok {
			return gval{}, fmt.Errorf("constant has no tensor in the weights manifest")
		}
		return gval{konst: &t, shape: t.Shape}, nil
	case "Identity":
		return need(in, 1, func() (gval, error) { return in[0], nil })
	case "Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative":
		return c.conv(n, in)
	case "MatMul", "_FusedMatMul":
		return c.matMul(n, in)
	case "BiasAdd", "Add", "AddV2", "Sub", "Mul":
		return c.binary(n, in)
	case "Relu", "Relu6", "Sigmoid", "Softmax", "Tanh", "Elu":
		return need(in, 1, func() (gval, error) { return c.activation(n.Op, in[0]) })
	case "MaxPool", "AvgPool":
		return c.pool(n, in)
	case "Reshape":
		return c.reshape(in)
	case "Mean":
		return c.mean(n, in)
	case "Prelu":
		return need(in, 2, func() (gval, error) { return c.prelu(in[0], in[1]) })
	case "Pad":
		return c.pad(in)
	case "ConcatV2":
		return c.concat(in)
	}
	return gval{}, fmt.Errorf("unsupported op")
}

func need(in []gval, k int, f func() (gval, error)) (gval, error) {
	if len(in) < k {
		return gval{}, fmt.Errorf("%d inputs, want %d", len(in), k)
	}
	for _, v := range in[:k] {
		if v.konst == nil && v.onnx == "" {
			return gval{}, fmt.Errorf("empty input")
		}
	}
	return f()
}

func (c *graphConverter) placeholder(n *graphNode) (gval, error) {
	if c.b != nil {
		return gval{}, fmt.Errorf("a second input: only single-input graphs are supported")
	}
	sh := n.Attr["shape"].Shape
	if sh == nil || len(sh.Dim) != 4 {
		return gval{}, fmt.Errorf("input must be rank 4 NHWC")
	}
	dims := make([]int, 4)
	for i, d := range sh.Dim {
		fmt.Sscan(d.Size, &dims[i])
		if dims[i] <= 0 {
			dims[i] = 1 // dynamic batch (or size) → 1
		}
	}
	c.input = dims
	c.b = NewBuilder("tfjs_graph", "input", []int64{int64(dims[0]), int64(dims[3]), int64(dims[1]), int64(dims[2])})
	return gval{onnx: "input", shape: dims}, nil
}

// activation applies a unary op; Relu6 is a one-input Clip (see Builder.Clip).
func (c *graphConverter) activation(op string, x gval) (gval, error) {
	if x.konst != nil {
		return gval{}, fmt.Errorf("activation of a constant")
	}
	out := x
	out.flat = nil
	switch op {
	case "Relu":
		out.onnx = c.b.Relu(x.onnx)
	case "Relu6":
		out.onnx = c.b.Clip(x.onnx, 0, 6)
	case "Sigmoid":
		out.onnx = c.b.Sigmoid(x.onnx)
	case "Tanh", "Elu":
		out.onnx = c.b.node(op, []string{x.onnx})
	case "Softmax":
		if len(x.shape) != 2 {
			return gval{}, fmt.Errorf("softmax on rank %d, only rank 2 is supported", len(x.shape))
		}
		out.onnx = c.b.node("Softmax", []string{x.onnx}, Attr{Name: "axis", Kind: attrInt, I: 1})
	}
	out.flat = x.flat // element-wise: the layout is unchanged
	return out, nil
}
