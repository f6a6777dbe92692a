package nn

import (
	"math"
	"testing"
)

// TestForwardSmallGraph runs a tiny graph through OpenCV: it pins the ONNX encoding and the
// Gemm convention (B stored [out, in], transB=1, explicit bias) against hand-computed values.
func TestForwardSmallGraph(t *testing.T) {
	b := NewBuilder("t", "input", []int64{1, 3, 2, 2})
	x := b.GlobalAveragePool("input") // [1,3,1,1] = channel means
	x = b.Flatten(x)
	x = b.Gemm(x, Tensor{Shape: []int{2, 3}, Data: []float32{1, 0, 0, 0, 1, 1}}, []float32{0.5, -1})
	x = b.Clip(x, 0, 6)
	b.Output(x, []int64{1, 2})
	model, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	net, err := LoadONNX(model)
	if err != nil {
		t.Fatal(err)
	}
	defer net.Close()
	in := Tensor{Shape: []int{1, 3, 2, 2}, Data: []float32{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}}
	out, err := net.ForwardTensor(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1.5, 4} // [1·1 + 0.5, 2 + 3 − 1]
	for i, w := range want {
		if math.Abs(float64(out.Data[i]-w)) > 1e-6 {
			t.Fatalf("output %v, want %v", out.Data, want)
		}
	}
}
