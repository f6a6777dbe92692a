package nn

import "fmt"

// Builder assembles an NCHW float graph node by node. Each op method returns the name of
// the value it produces, so model definitions read like the TF.js code they port.
type Builder struct {
	g    Graph
	seq  int
	errs []error
}

// NewBuilder starts a graph with one input of the given NCHW shape.
func NewBuilder(name, input string, dims []int64) *Builder {
	b := &Builder{g: Graph{Name: name}}
	b.g.Inputs = append(b.g.Inputs, ValueInfo{Name: input, Dims: dims})
	return b
}

// ConvOpts are the Conv attributes the ported models need. Pads are [top, left, bottom,
// right]; TF "same" with stride 2 on an even size pads only bottom/right.
type ConvOpts struct {
	Stride int
	Pads   [4]int
	Group  int
}

func (b *Builder) name(op string) string {
	b.seq++
	return fmt.Sprintf("%s_%d", op, b.seq)
}

func (b *Builder) node(op string, inputs []string, attrs ...Attr) string {
	out := b.name(op)
	b.g.Nodes = append(b.g.Nodes, Node{OpType: op, Name: out, Inputs: inputs, Outputs: []string{out}, Attrs: attrs})
	return out
}

// Const adds an initializer and returns its name.
func (b *Builder) Const(t Tensor) string {
	n := b.name("w")
	if t.Len() != len(t.Data) {
		b.errs = append(b.errs, fmt.Errorf("constant %s: shape %v holds %d values, have %d", n, t.Shape, t.Len(), len(t.Data)))
	}
	b.g.Initializers = append(b.g.Initializers, Initializer{Name: n, Dims: t.dims64(), Float: t.Data})
	return n
}

func (b *Builder) constInt64(v []int64) string {
	n := b.name("i")
	b.g.Initializers = append(b.g.Initializers, Initializer{Name: n, Dims: []int64{int64(len(v))}, Int64: v})
	return n
}

func ints(name string, v ...int) Attr {
	a := Attr{Name: name, Kind: attrInts}
	for _, x := range v {
		a.Ints = append(a.Ints, int64(x))
	}
	return a
}

// Conv applies w [out, in/group, kh, kw] with an explicit bias (OpenCV fuses it either way).
func (b *Builder) Conv(x string, w Tensor, bias []float32, o ConvOpts) string {
	if o.Stride == 0 {
		o.Stride = 1
	}
	if o.Group == 0 {
		o.Group = 1
	}
	if len(bias) != w.Shape[0] {
		b.errs = append(b.errs, fmt.Errorf("conv bias has %d values for %d filters", len(bias), w.Shape[0]))
	}
	return b.node("Conv", []string{x, b.Const(w), b.Const(Tensor{Shape: []int{len(bias)}, Data: bias})},
		ints("kernel_shape", w.Shape[2], w.Shape[3]),
		ints("strides", o.Stride, o.Stride),
		ints("pads", o.Pads[0], o.Pads[1], o.Pads[2], o.Pads[3]),
		ints("dilations", 1, 1),
		Attr{Name: "group", Kind: attrInt, I: int64(o.Group)})
}

// Relu is max(x, 0).
func (b *Builder) Relu(x string) string { return b.node("Relu", []string{x}) }

// LeakyRelu is x for x > 0, alpha·x otherwise.
func (b *Builder) LeakyRelu(x string, alpha float32) string {
	return b.node("LeakyRelu", []string{x}, Attr{Name: "alpha", Kind: attrFloat, F: alpha})
}

// Clip bounds x to [lo, hi] (relu6 is Clip(x, 0, 6)). The bounds are written as the
// opset-6 min/max attributes, not as opset-11 inputs: OpenCV 4.6's importer accepts only a
// one-input Clip and aborts the process (SIGABRT) on the three-input form.
func (b *Builder) Clip(x string, lo, hi float32) string {
	return b.node("Clip", []string{x},
		Attr{Name: "min", Kind: attrFloat, F: lo}, Attr{Name: "max", Kind: attrFloat, F: hi})
}

// Sigmoid is 1 / (1 + e^-x).
func (b *Builder) Sigmoid(x string) string { return b.node("Sigmoid", []string{x}) }

// Add is the element-wise sum of two values of the same shape.
func (b *Builder) Add(x, y string) string { return b.node("Add", []string{x, y}) }

// MaxPool with square kernel k; pads as in ConvOpts. OpenCV ignores padded cells for max,
// which is what TF's "same" max pooling does.
func (b *Builder) MaxPool(x string, k, stride int, pads [4]int) string {
	return b.node("MaxPool", []string{x},
		ints("kernel_shape", k, k), ints("strides", stride, stride),
		ints("pads", pads[0], pads[1], pads[2], pads[3]))
}

// AveragePool with square kernel k and no padding (TF "valid").
func (b *Builder) AveragePool(x string, k, stride int) string {
	return b.node("AveragePool", []string{x},
		ints("kernel_shape", k, k), ints("strides", stride, stride), ints("pads", 0, 0, 0, 0))
}

// GlobalAveragePool is the spatial mean (TF's mean over axes 1, 2).
func (b *Builder) GlobalAveragePool(x string) string { return b.node("GlobalAveragePool", []string{x}) }

// PadSpatial zero-pads an NCHW value by [top, left, bottom, right].
func (b *Builder) PadSpatial(x string, p [4]int) string {
	return b.Pad(x, []int{0, 0, p[0], p[1]}, []int{0, 0, p[2], p[3]})
}

// Pad zero-pads x by before[i] and after[i] cells on axis i (ONNX order: NCHW for images).
// OpenCV's padding layer fills the output with zeros and copies the input into it, so any
// axis can be padded, the channel axis included (BlazeFace-style shortcuts widen that way).
func (b *Builder) Pad(x string, before, after []int) string {
	if len(before) != len(after) {
		b.errs = append(b.errs, fmt.Errorf("pad %v before, %v after: ranks differ", before, after))
	}
	pads := make([]int64, 0, len(before)+len(after))
	for _, v := range before {
		pads = append(pads, int64(v))
	}
	for _, v := range after {
		pads = append(pads, int64(v))
	}
	return b.node("Pad", []string{x, b.constInt64(pads)}, Attr{Name: "mode", Kind: attrString, S: "constant"})
}

// PRelu is x for x > 0, slope[c]·x otherwise, with one slope per channel (axis 1). The
// slope is stored [C, 1, 1] for NCHW values ([C] for [N, C]) so it broadcasts as ONNX
// says; OpenCV 4.6 reads it as a flat per-channel blob either way (ChannelsPReLU).
func (b *Builder) PRelu(x string, slope []float32, rank int) string {
	shape := []int{len(slope)}
	if rank == 4 {
		shape = []int{len(slope), 1, 1}
	}
	return b.node("PRelu", []string{x, b.Const(Tensor{Shape: shape, Data: slope})})
}

// Flatten reshapes NCHW to [N, C·H·W] (NCHW order: see NHWCRowsToNCHW).
func (b *Builder) Flatten(x string) string {
	return b.node("Flatten", []string{x}, Attr{Name: "axis", Kind: attrInt, I: 1})
}

// Concat joins values along axis.
func (b *Builder) Concat(xs []string, axis int) string {
	return b.node("Concat", xs, Attr{Name: "axis", Kind: attrInt, I: int64(axis)})
}

// Gemm is x·wᵀ + bias with w stored [out, in]. It always writes transB=1 and an explicit
// bias: OpenCV 4.6 aborts the process (SIGABRT) on a Gemm with transB=0 and no bias.
func (b *Builder) Gemm(x string, w Tensor, bias []float32) string {
	if len(w.Shape) != 2 || len(bias) != w.Shape[0] {
		b.errs = append(b.errs, fmt.Errorf("gemm weight %v with %d biases", w.Shape, len(bias)))
	}
	return b.node("Gemm", []string{x, b.Const(w), b.Const(Tensor{Shape: []int{len(bias)}, Data: bias})},
		Attr{Name: "transB", Kind: attrInt, I: 1},
		Attr{Name: "alpha", Kind: attrFloat, F: 1}, Attr{Name: "beta", Kind: attrFloat, F: 1})
}

// Output declares x as a graph output of the given shape.
func (b *Builder) Output(x string, dims []int64) {
	b.g.Outputs = append(b.g.Outputs, ValueInfo{Name: x, Dims: dims})
}

// Marshal returns the serialized model, or the first shape error met while building.
func (b *Builder) Marshal() ([]byte, error) {
	if len(b.errs) > 0 {
		return nil, fmt.Errorf("building %s: %w", b.g.Name, b.errs[0])
	}
	if len(b.g.Outputs) == 0 {
		return nil, fmt.Errorf("building %s: no output", b.g.Name)
	}
	return MarshalModel(&b.g), nil
}
