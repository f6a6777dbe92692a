package liveness

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"

	"github.com/kycd/kycd/engine/nn"
)

// Models holds human's two presentation-attack networks on OpenCV DNN. Safe for concurrent
// use: each nn.Net serializes its forward passes.
type Models struct {
	antispoof *nn.Net // sigmoid: probability the face is real
	live      *nn.Net // softmax [live, spoof]
	brisque   *brisque
}

// Input sizes of human's models (their graph Placeholders).
const (
	antispoofInput = 128
	livenessInput  = 32
)

// LoadModels converts dir/human/{antispoof,liveness}.json to ONNX, loads them with
// OpenCV's BRISQUE model (opencv-data) and runs one forward pass through each network: OpenCV aborts the process on some malformed graphs, so a
// broken conversion must fail here at start-up, not on the first selfie.
func LoadModels(dir string) (*Models, error) {
	m := &Models{}
	for _, s := range []struct {
		name string
		size int
		dst  **nn.Net
	}{{"antispoof", antispoofInput, &m.antispoof}, {"liveness", livenessInput, &m.live}} {
		model, info, err := nn.ConvertTFJSGraph(filepath.Join(dir, "human", s.name+".json"))
		if err != nil {
			m.Close()
			return nil, fmt.Errorf("converting human %s: %w", s.name, err)
		}
		if info.Input[1] != s.size || info.Input[2] != s.size {
			m.Close()
			return nil, fmt.Errorf("human %s: input %v, want %d×%d", s.name, info.Input, s.size, s.size)
		}
		net, err := nn.LoadONNX(model)
		if err != nil {
			m.Close()
			return nil, fmt.Errorf("loading human %s: %w", s.name, err)
		}
		*s.dst = net
	}
	b, err := loadBrisque(brisqueDirs)
	if err != nil {
		m.Close()
		return nil, err
	}
	m.brisque = b
	if _, err := m.score(grey(cropSize)); err != nil {
		m.Close()
		return nil, fmt.Errorf("liveness models smoke test: %w", err)
	}
	return m, nil
}

// Close releases both networks.
func (m *Models) Close() error {
	var errs []error
	for _, n := range []*nn.Net{m.antispoof, m.live} {
		if n != nil {
			errs = append(errs, n.Close())
		}
	}
	if m.brisque != nil {
		m.brisque.Close()
	}
	return errors.Join(errs...)
}

// NetScores are the two networks' outputs on one face crop (1 = real).
type NetScores struct {
	Antispoof float64 `json:"antispoof"`
	Liveness  float64 `json:"liveness"`
}

// score runs both networks on a 256×256 face crop.
func (m *Models) score(crop hwc) (NetScores, error) {
	a, err := m.antispoof.ForwardTensor(nn.Tensor{Shape: []int{1, 3, antispoofInput, antispoofInput},
		Data: resizeLegacy(crop, antispoofInput).nchw()})
	if err != nil {
		return NetScores{}, fmt.Errorf("running antispoof: %w", err)
	}
	l, err := m.live.ForwardTensor(nn.Tensor{Shape: []int{1, 3, livenessInput, livenessInput},
		Data: resizeLegacy(crop, livenessInput).nchw()})
	if err != nil {
		return NetScores{}, fmt.Errorf("running liveness: %w", err)
	}
	if len(a.Data) != 1 || len(l.Data) != 2 {
		return NetScores{}, fmt.Errorf("output sizes %v and %v, want [1 1] and [1 2]", a.Shape, l.Shape)
	}
	s := NetScores{Antispoof: float64(a.Data[0]), Liveness: float64(l.Data[0])}
	if math.IsNaN(s.Antispoof) || math.IsNaN(s.Liveness) {
		return NetScores{}, fmt.Errorf("non-finite network output")
	}
	return s, nil
}

func grey(size int) hwc {
	im := hwc{h: size, w: size, d: make([]float32, size*size*3)}
	for i := range im.d {
		im.d[i] = 0.5
	}
	return im
}
