package nn

import "fmt"

// Tensor is a dense float32 tensor in row-major order with the given shape.
type Tensor struct {
	Shape []int
	Data  []float32
}

// Len is the number of elements the shape describes.
func (t Tensor) Len() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

func (t Tensor) dims64() []int64 {
	d := make([]int64, len(t.Shape))
	for i, v := range t.Shape {
		d[i] = int64(v)
	}
	return d
}

// HWIOToOIHW converts a TF conv filter [kh, kw, in, out] to ONNX's [out, in, kh, kw].
func HWIOToOIHW(t Tensor) (Tensor, error) {
	if len(t.Shape) != 4 {
		return Tensor{}, fmt.Errorf("conv filter rank %d, want 4", len(t.Shape))
	}
	kh, kw, ci, co := t.Shape[0], t.Shape[1], t.Shape[2], t.Shape[3]
	out := make([]float32, len(t.Data))
	for y := 0; y < kh; y++ {
		for x := 0; x < kw; x++ {
			for i := 0; i < ci; i++ {
				for o := 0; o < co; o++ {
					out[((o*ci+i)*kh+y)*kw+x] = t.Data[((y*kw+x)*ci+i)*co+o]
				}
			}
		}
	}
	return Tensor{Shape: []int{co, ci, kh, kw}, Data: out}, nil
}

// DepthwiseToOIHW converts a TF depthwise filter [kh, kw, c, 1] to ONNX's grouped-conv
// layout [c, 1, kh, kw] (group = c).
func DepthwiseToOIHW(t Tensor) (Tensor, error) {
	if len(t.Shape) != 4 || t.Shape[3] != 1 {
		return Tensor{}, fmt.Errorf("depthwise filter shape %v, want [kh kw c 1]", t.Shape)
	}
	kh, kw, c := t.Shape[0], t.Shape[1], t.Shape[2]
	out := make([]float32, len(t.Data))
	for y := 0; y < kh; y++ {
		for x := 0; x < kw; x++ {
			for i := 0; i < c; i++ {
				out[(i*kh+y)*kw+x] = t.Data[(y*kw+x)*c+i]
			}
		}
	}
	return Tensor{Shape: []int{c, 1, kh, kw}, Data: out}, nil
}

// Transpose2D turns a TF matMul weight [in, out] into Gemm's B for transB=1: [out, in].
func Transpose2D(t Tensor) (Tensor, error) {
	if len(t.Shape) != 2 {
		return Tensor{}, fmt.Errorf("matrix rank %d, want 2", len(t.Shape))
	}
	r, c := t.Shape[0], t.Shape[1]
	out := make([]float32, len(t.Data))
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out[j*r+i] = t.Data[i*c+j]
		}
	}
	return Tensor{Shape: []int{c, r}, Data: out}, nil
}

// NHWCRowsToNCHW reorders the rows of a TF dense weight [h*w*c, out] that follows a
// flatten: TF flattens activations in NHWC order, ONNX (and OpenCV) in NCHW, so row
// (y, x, ch) must move to (ch, y, x) for the product to stay the same.
func NHWCRowsToNCHW(t Tensor, h, w, c int) (Tensor, error) {
	if len(t.Shape) != 2 || t.Shape[0] != h*w*c {
		return Tensor{}, fmt.Errorf("dense weight shape %v does not flatten %dx%dx%d", t.Shape, h, w, c)
	}
	cols := t.Shape[1]
	out := make([]float32, len(t.Data))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			for ch := 0; ch < c; ch++ {
				src := ((y*w+x)*c + ch) * cols
				dst := ((ch*h+y)*w + x) * cols
				copy(out[dst:dst+cols], t.Data[src:src+cols])
			}
		}
	}
	return Tensor{Shape: []int{h * w * c, cols}, Data: out}, nil
}
