package liveness

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/kycd/kycd/engine/nn"
)

// Models holds human's two presentation-attack networks, and its face mesh and iris models
// (the eyelids for the blink challenge, eyelids.go), on OpenCV DNN. Safe for concurrent
// use: each nn.Net serializes its forward passes.
type Models struct {
	antispoof *nn.Net // sigmoid: probability the face is real
	live      *nn.Net // softmax [live, spoof]
	mesh      *nn.Net // [468×3 mesh points, face flag]
	iris      *nn.Net // 76×3 eye contour, brow and iris points
	brisque   *brisque
}

// Input sizes of human's models (their graph Placeholders).
const (
	antispoofInput = 128
	livenessInput  = 32
)

// LoadModels converts dir/human/{antispoof,liveness,facemesh,iris}.json to ONNX, loads
// them with OpenCV's BRISQUE model (opencv-data) and runs one forward pass through each
// network: OpenCV aborts the process on some malformed graphs, so a broken conversion must
// fail here at start-up, not on the first selfie.
func LoadModels(dir string) (*Models, error) {
	m := &Models{}
	for _, s := range []struct {
		name    string
		size    int
		outputs []string
		dst     **nn.Net
	}{
		{"antispoof", antispoofInput, nil, &m.antispoof},
		{"liveness", livenessInput, nil, &m.live},
		// The mesh and its face flag, joined; the contours output is unused.
		{"facemesh", meshInput, []string{"output_mesh", "output_faceflag"}, &m.mesh},
		{"iris", irisInput, nil, &m.iris},
	} {
		path := filepath.Join(dir, "human", s.name+".json")
		if _, err := os.Stat(path); err != nil {
			m.Close()
			return nil, fmt.Errorf("human %s model missing (the model fetch step provides it): %w", s.name, err)
		}
		model, info, err := nn.ConvertTFJSGraph(path, s.outputs...)
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
	if _, _, err := m.runMesh(grey(meshInput)); err != nil {
		m.Close()
		return nil, fmt.Errorf("face mesh smoke test: %w", err)
	}
	if _, err := m.runIris(grey(irisInput), grey(irisInput)); err != nil { // the batch EyeOpenness runs
		m.Close()
		return nil, fmt.Errorf("iris smoke test: %w", err)
	}
	return m, nil
}

// Close releases the networks.
func (m *Models) Close() error {
	var errs []error
	for _, n := range []*nn.Net{m.antispoof, m.live, m.mesh, m.iris} {
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
