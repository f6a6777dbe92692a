package nn

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestProtoWire(t *testing.T) {
	for _, c := range []struct {
		name string
		enc  func(*protoBuf)
		want []byte
	}{
		// Expected bytes from the protobuf encoding spec examples.
		{"varint 150", func(p *protoBuf) { p.int64Field(1, 150) }, []byte{0x08, 0x96, 0x01}},
		{"negative int64", func(p *protoBuf) { p.int64Field(1, -1) }, []byte{0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{"string", func(p *protoBuf) { p.stringField(2, "testing") }, append([]byte{0x12, 0x07}, "testing"...)},
		{"float", func(p *protoBuf) { p.float32Field(2, 1) }, []byte{0x15, 0x00, 0x00, 0x80, 0x3f}},
		{"packed int64", func(p *protoBuf) { p.packedInt64Field(4, []int64{3, 270, 86942}) }, []byte{0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05}},
		{"nested", func(p *protoBuf) { p.messageField(3, func(q *protoBuf) { q.int64Field(1, 150) }) }, []byte{0x1a, 0x03, 0x08, 0x96, 0x01}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var p protoBuf
			c.enc(&p)
			if !bytes.Equal(p.b, c.want) {
				t.Errorf("got % x, want % x", p.b, c.want)
			}
		})
	}
}

func TestFloat16(t *testing.T) {
	for _, c := range []struct {
		h    uint16
		want float32
	}{
		{0x0000, 0}, {0x3c00, 1}, {0xc000, -2}, {0x3555, 0.333251953125}, {0x7bff, 65504},
		{0x0001, 5.9604645e-08}, {0x03ff, 6.097555e-05}, {0x7c00, float32(math.Inf(1))},
	} {
		if got := float16ToFloat32(c.h); got != c.want {
			t.Errorf("float16 %#04x = %g, want %g", c.h, got, c.want)
		}
	}
}

func TestLayouts(t *testing.T) {
	seq := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(i)
		}
		return v
	}
	t.Run("HWIO to OIHW", func(t *testing.T) {
		in := Tensor{Shape: []int{2, 3, 4, 5}, Data: seq(120)} // [kh kw in out]
		out, err := HWIOToOIHW(in)
		if err != nil {
			t.Fatal(err)
		}
		// out[o][i][y][x] == in[y][x][i][o]
		y, x, i, o := 1, 2, 3, 4
		if got, want := out.Data[((o*4+i)*2+y)*3+x], in.Data[((y*3+x)*4+i)*5+o]; got != want {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("depthwise", func(t *testing.T) {
		in := Tensor{Shape: []int{3, 3, 4, 1}, Data: seq(36)}
		out, err := DepthwiseToOIHW(in)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := out.Data[(2*3+1)*3+0], in.Data[(1*3+0)*4+2]; got != want {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("NHWC rows to NCHW", func(t *testing.T) {
		h, w, c, cols := 2, 3, 4, 2
		in := Tensor{Shape: []int{h * w * c, cols}, Data: seq(h * w * c * cols)}
		out, err := NHWCRowsToNCHW(in, h, w, c)
		if err != nil {
			t.Fatal(err)
		}
		// Flattened NCHW activation index (ch, y, x) must meet the weight row TF used for (y, x, ch).
		ch, y, x := 3, 1, 2
		if got, want := out.Data[((ch*h+y)*w+x)*cols+1], in.Data[((y*w+x)*c+ch)*cols+1]; got != want {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("bad ranks", func(t *testing.T) {
		if _, err := HWIOToOIHW(Tensor{Shape: []int{3, 3}}); err == nil {
			t.Error("HWIOToOIHW accepted rank 2")
		}
		if _, err := Transpose2D(Tensor{Shape: []int{3}}); err == nil {
			t.Error("Transpose2D accepted rank 1")
		}
	})
}

func TestLoadTFJSWeights(t *testing.T) {
	dir := t.TempDir()
	var bin []byte
	bin = append(bin, 0, 10, 255)                                      // uint8: q·0.5 − 1
	bin = binary.LittleEndian.AppendUint16(bin, 0x3c00)                // float16 1.0
	bin = binary.LittleEndian.AppendUint32(bin, math.Float32bits(2.5)) // float32
	manifest := `[{"paths":["w.bin"],"weights":[
		{"name":"q","shape":[3],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.5,"min":-1}},
		{"name":"h","shape":[1],"dtype":"float32","quantization":{"dtype":"float16"}},
		{"name":"f","shape":[],"dtype":"float32"}]}]`
	for name, data := range map[string][]byte{"w.bin": bin, "m.json": []byte(manifest)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	w, err := LoadTFJSWeights(filepath.Join(dir, "m.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]float32{"q": {-1, 4, 126.5}, "h": {1}, "f": {2.5}} {
		got := w[name].Data
		if len(got) != len(want) {
			t.Fatalf("%s: %v, want %v", name, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s[%d] = %v, want %v", name, i, got[i], want[i])
			}
		}
	}

	if err := os.WriteFile(filepath.Join(dir, "w.bin"), bin[:5], 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadTFJSWeights(filepath.Join(dir, "m.json")); err == nil {
		t.Error("no error for truncated weights")
	}
}

func TestBuilderRejectsShapeErrors(t *testing.T) {
	b := NewBuilder("t", "input", []int64{1, 3, 4, 4})
	y := b.Conv("input", Tensor{Shape: []int{2, 3, 1, 1}, Data: make([]float32, 6)}, []float32{0}, ConvOpts{})
	b.Output(y, []int64{1, 2, 4, 4})
	if _, err := b.Marshal(); err == nil {
		t.Error("Marshal accepted a conv with 1 bias for 2 filters")
	}
}
