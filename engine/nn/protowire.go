package nn

import (
	"encoding/binary"
	"math"
)

// protoBuf is a minimal protobuf wire-format writer: only the encodings ONNX messages use
// (varint, 32-bit float, length-delimited). Fields are written in call order.
type protoBuf struct {
	b []byte
}

const (
	wireVarint  = 0
	wireFixed32 = 5
	wireBytes   = 2
)

func (p *protoBuf) tag(field, wire int) {
	p.varint(uint64(field)<<3 | uint64(wire))
}

func (p *protoBuf) varint(v uint64) {
	p.b = binary.AppendUvarint(p.b, v)
}

// int64Field writes a varint field; negative values use the 10-byte two's complement form
// as protobuf requires for int64.
func (p *protoBuf) int64Field(field int, v int64) {
	p.tag(field, wireVarint)
	p.varint(uint64(v))
}

func (p *protoBuf) float32Field(field int, v float32) {
	p.tag(field, wireFixed32)
	p.b = binary.LittleEndian.AppendUint32(p.b, math.Float32bits(v))
}

func (p *protoBuf) bytesField(field int, v []byte) {
	p.tag(field, wireBytes)
	p.varint(uint64(len(v)))
	p.b = append(p.b, v...)
}

func (p *protoBuf) stringField(field int, v string) {
	p.bytesField(field, []byte(v))
}

// messageField writes an embedded message produced by enc.
func (p *protoBuf) messageField(field int, enc func(*protoBuf)) {
	var sub protoBuf
	enc(&sub)
	p.bytesField(field, sub.b)
}

// packedInt64Field writes a repeated int64 in packed form (the proto3 default).
func (p *protoBuf) packedInt64Field(field int, vs []int64) {
	var sub protoBuf
	for _, v := range vs {
		sub.varint(uint64(v))
	}
	p.bytesField(field, sub.b)
}

// packedFloat32Field writes a repeated float in packed form.
func (p *protoBuf) packedFloat32Field(field int, vs []float32) {
	buf := make([]byte, 0, 4*len(vs))
	for _, v := range vs {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
	}
	p.bytesField(field, buf)
}
