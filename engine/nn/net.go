package nn

import (
	"fmt"
	"sync"

	"gocv.io/x/gocv"
)

// Net is an ONNX model loaded into OpenCV DNN. A cv::dnn::Net keeps per-forward state, so
// calls are serialized with a mutex; load several Nets for parallel inference.
type Net struct {
	mu  sync.Mutex
	net gocv.Net
}

// LoadONNX loads a serialized ONNX model into OpenCV DNN (CPU).
func LoadONNX(model []byte) (*Net, error) {
	net, err := gocv.ReadNetFromONNXBytes(model)
	if err != nil {
		return nil, fmt.Errorf("loading onnx into opencv: %w", err)
	}
	if net.Empty() {
		net.Close()
		return nil, fmt.Errorf("loading onnx into opencv: empty net")
	}
	if err := net.SetPreferableBackend(gocv.NetBackendOpenCV); err != nil {
		net.Close()
		return nil, fmt.Errorf("selecting opencv backend: %w", err)
	}
	if err := net.SetPreferableTarget(gocv.NetTargetCPU); err != nil {
		net.Close()
		return nil, fmt.Errorf("selecting cpu target: %w", err)
	}
	return &Net{net: net}, nil
}

// Close releases the OpenCV network.
func (n *Net) Close() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.net.Close()
}

// Forward runs the network on an NCHW float32 blob and returns a copy of its (single)
// output, so no OpenCV memory outlives the call.
func (n *Net) Forward(blob gocv.Mat) (Tensor, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.net.SetInput(blob, "")
	out := n.net.Forward("")
	defer out.Close()
	if out.Empty() {
		return Tensor{}, fmt.Errorf("forward pass produced no output")
	}
	data, err := out.DataPtrFloat32()
	if err != nil {
		return Tensor{}, fmt.Errorf("reading output: %w", err)
	}
	return Tensor{Shape: out.Size(), Data: append([]float32(nil), data...)}, nil
}

// There is no ForwardNamed: gocv's ForwardLayers never frees the C strings of the names it
// is given, so a graph with several outputs is built with them concatenated into one.

// ForwardTensor runs the network on an NCHW tensor given as Go memory.
func (n *Net) ForwardTensor(in Tensor) (Tensor, error) {
	blob, err := TensorToBlob(in)
	if err != nil {
		return Tensor{}, err
	}
	defer blob.Close()
	return n.Forward(blob)
}

// TensorToBlob copies an NCHW tensor into a new float32 Mat; the caller closes it.
func TensorToBlob(t Tensor) (gocv.Mat, error) {
	if t.Len() != len(t.Data) {
		return gocv.Mat{}, fmt.Errorf("tensor shape %v holds %d values, have %d", t.Shape, t.Len(), len(t.Data))
	}
	blob := gocv.NewMatWithSizes(t.Shape, gocv.MatTypeCV32F)
	dst, err := blob.DataPtrFloat32()
	if err != nil {
		blob.Close()
		return gocv.Mat{}, fmt.Errorf("writing blob: %w", err)
	}
	copy(dst, t.Data)
	return blob, nil
}
