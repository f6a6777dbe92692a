package nn

import (
	"encoding/binary"
	"math"
)

// The subset of onnx.proto (IR version 7, default domain) that the converter writes. Field
// numbers are those of onnx/onnx.proto; keep them in sync by name when adding fields.

const (
	onnxIRVersion = 7
	onnxOpset     = 11 // Pad takes its pads as an input from opset 11; OpenCV 4.6 reads both forms

	tensorFloat = 1 // TensorProto.DataType FLOAT
	tensorInt64 = 7 // TensorProto.DataType INT64

	attrFloat  = 1 // AttributeProto.AttributeType
	attrInt    = 2
	attrString = 3
	attrFloats = 6
	attrInts   = 7
)

// Initializer is a constant tensor stored in the graph (weights, shapes, pads).
type Initializer struct {
	Name  string
	Dims  []int64
	Float []float32 // exactly one of Float and Int64 is set
	Int64 []int64
}

// Attr is one node attribute; Kind selects which value field is meaningful.
type Attr struct {
	Name   string
	Kind   int
	F      float32
	I      int64
	S      string
	Floats []float32
	Ints   []int64
}

// Node is one operator application.
type Node struct {
	OpType  string
	Name    string
	Inputs  []string
	Outputs []string
	Attrs   []Attr
}

// ValueInfo declares a graph input or output with a fixed float shape.
type ValueInfo struct {
	Name string
	Dims []int64
}

// Graph is a complete single-graph ONNX model.
type Graph struct {
	Name         string
	Nodes        []Node
	Initializers []Initializer
	Inputs       []ValueInfo
	Outputs      []ValueInfo
}

// MarshalModel encodes g as a serialized onnx.ModelProto.
func MarshalModel(g *Graph) []byte {
	var p protoBuf
	p.int64Field(1, onnxIRVersion)        // ir_version
	p.stringField(2, "kycd")              // producer_name
	p.messageField(7, g.encode)           // graph
	p.messageField(8, func(o *protoBuf) { // opset_import
		o.stringField(1, "")
		o.int64Field(2, onnxOpset)
	})
	return p.b
}

func (g *Graph) encode(p *protoBuf) {
	for i := range g.Nodes {
		p.messageField(1, g.Nodes[i].encode)
	}
	p.stringField(2, g.Name)
	for i := range g.Initializers {
		p.messageField(5, g.Initializers[i].encode)
	}
	for i := range g.Inputs {
		p.messageField(11, g.Inputs[i].encode)
	}
	for i := range g.Outputs {
		p.messageField(12, g.Outputs[i].encode)
	}
}

func (n *Node) encode(p *protoBuf) {
	for _, in := range n.Inputs {
		p.stringField(1, in)
	}
	for _, out := range n.Outputs {
		p.stringField(2, out)
	}
	p.stringField(3, n.Name)
	p.stringField(4, n.OpType)
	for i := range n.Attrs {
		p.messageField(5, n.Attrs[i].encode)
	}
}

func (a *Attr) encode(p *protoBuf) {
	p.stringField(1, a.Name)
	switch a.Kind {
	case attrFloat:
		p.float32Field(2, a.F)
	case attrInt:
		p.int64Field(3, a.I)
	case attrString:
		p.stringField(4, a.S)
	case attrFloats:
		p.packedFloat32Field(7, a.Floats)
	case attrInts:
		p.packedInt64Field(8, a.Ints)
	}
	p.int64Field(20, int64(a.Kind))
}

func (t *Initializer) encode(p *protoBuf) {
	p.packedInt64Field(1, t.Dims)
	if t.Int64 != nil {
		p.int64Field(2, tensorInt64)
	} else {
		p.int64Field(2, tensorFloat)
	}
	p.stringField(8, t.Name)
	// raw_data is little-endian by the ONNX spec, independent of the host.
	var raw []byte
	if t.Int64 != nil {
		raw = make([]byte, 0, 8*len(t.Int64))
		for _, v := range t.Int64 {
			raw = binary.LittleEndian.AppendUint64(raw, uint64(v))
		}
	} else {
		raw = make([]byte, 0, 4*len(t.Float))
		for _, v := range t.Float {
			raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
		}
	}
	p.bytesField(9, raw)
}

func (v *ValueInfo) encode(p *protoBuf) {
	p.stringField(1, v.Name)
	p.messageField(2, func(tp *protoBuf) { // TypeProto
		tp.messageField(1, func(tt *protoBuf) { // TypeProto.Tensor
			tt.int64Field(1, tensorFloat)
			tt.messageField(2, func(sh *protoBuf) { // TensorShapeProto
				for _, d := range v.Dims {
					sh.messageField(1, func(dim *protoBuf) { dim.int64Field(1, d) })
				}
			})
		})
	})
}
