package face

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"sync"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/nn"
)

// Config holds the tunables of the face pipeline; DefaultConfig documents the defaults.
type Config struct {
	// Detector is DetectorSSD or DetectorTiny.
	Detector string
	// DetectorSize is the square input of the tiny face detector (multiple of 32).
	DetectorSize int
	// CoarseDetectorSize, when > 0, is the longer side (multiple of 32) of a first, cheap
	// SSD pass whose result stands when its main face is large and certain (see
	// detectFaces); 0 always runs the SSD at 512.
	CoarseDetectorSize int
	// MinDetectorScore drops weaker detections (face-api's default is 0.5).
	MinDetectorScore float64
	// RefineLandmarks, when > 0, runs the landmark network a second time on a square of
	// this many times the first landmarks' extent (0 disables).
	RefineLandmarks float64
	// Deroll turns the aligned face crop so the eyes are level before the descriptor
	// (face-api does not; tilted faces in group photos come 0.08 closer to strangers).
	Deroll bool
	// FlipAverage averages the descriptors of the chip and its mirror image (one more
	// descriptor pass; widens the genuine/impostor gap from 0.02 to 0.07 on the eval set).
	FlipAverage bool
	// Threshold is the similarity_score at or above which two faces match.
	Threshold float64
}

// DefaultConfig is the evaluated configuration (see eval.go and the package tests).
func DefaultConfig() Config {
	return Config{
		Detector:           DetectorSSD,
		DetectorSize:       416,
		CoarseDetectorSize: 320,
		MinDetectorScore:   0.5,
		RefineLandmarks:    1.25,
		Deroll:             true,
		FlipAverage:        true,
		Threshold:          DefaultThreshold,
	}
}

// Models holds the three converted networks. It is safe for concurrent use; each network
// serializes its own forward passes.
type Models struct {
	cfg         Config
	detector    detector
	landmark    *nn.Net
	recognition *nn.Net
}

// Load converts face-api's TF.js weights under dir/face-api to ONNX, loads them into
// OpenCV DNN and runs one forward pass through each, so a broken model fails here at
// start-up rather than on the first request.
func Load(dir string) (*Models, error) { return LoadConfig(dir, DefaultConfig()) }

// LoadConfig is Load with a non-default configuration.
func LoadConfig(dir string, cfg Config) (*Models, error) {
	m := &Models{cfg: cfg}
	// The conversions are independent: run them side by side (2 cores: half the wall time).
	specs := []struct {
		file  string
		build func(map[string]nn.Tensor) ([]byte, error)
		dst   **nn.Net
	}{
		{"face_landmark_68_model", buildLandmarkNet, &m.landmark},
		{"face_recognition_model", buildRecognitionNet, &m.recognition},
	}
	errs := make([]error, len(specs)+1)
	var wg sync.WaitGroup
	for i, s := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			net, err := loadNet(manifestPath(dir, s.file), s.build)
			if err != nil {
				errs[i] = fmt.Errorf("loading %s: %w", s.file, err)
				return
			}
			*s.dst = net
		}()
	}
	if det, err := loadDetector(dir, cfg); err != nil {
		errs[len(specs)] = err
	} else {
		m.detector = det
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		m.Close()
		return nil, err
	}
	if err := m.smokeTest(); err != nil {
		m.Close()
		return nil, fmt.Errorf("face models smoke test: %w", err)
	}
	return m, nil
}

func loadDetector(dir string, cfg Config) (detector, error) {
	switch cfg.Detector {
	case DetectorTiny:
		net, err := loadNet(manifestPath(dir, "tiny_face_detector_model"), func(w map[string]nn.Tensor) ([]byte, error) {
			return buildDetectorNet(w, cfg.DetectorSize)
		})
		if err != nil {
			return nil, fmt.Errorf("loading tiny_face_detector_model: %w", err)
		}
		return &tinyDetector{net: net, size: cfg.DetectorSize}, nil
	case DetectorSSD:
		w, err := nn.LoadTFJSWeights(manifestPath(dir, "ssd_mobilenetv1_model"))
		if err != nil {
			return nil, fmt.Errorf("loading ssd_mobilenetv1_model: %w", err)
		}
		// The square (documents, portrait photos, smoke test) and 16:9 landscape (kiosk
		// cameras) at full size, and the landscape at coarse size, all converted now.
		sizes := ssdSizes(ssdInput, cfg.CoarseDetectorSize)
		return newSSDDetector(w, sizes...)
	}
	return nil, fmt.Errorf("unknown face detector %q", cfg.Detector)
}

func manifestPath(dir, model string) string {
	return filepath.Join(dir, "face-api", model+"-weights_manifest.json")
}

func loadNet(manifest string, build func(map[string]nn.Tensor) ([]byte, error)) (*nn.Net, error) {
	w, err := nn.LoadTFJSWeights(manifest)
	if err != nil {
		return nil, err
	}
	model, err := build(w)
	if err != nil {
		return nil, fmt.Errorf("converting to onnx: %w", err)
	}
	return nn.LoadONNX(model)
}

// smokeTest runs each network once on a grey input and checks the output sizes and that
// every value is finite.
func (m *Models) smokeTest() error {
	grey := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(128, 128, 128, 0), 64, 64, gocv.MatTypeCV8UC3)
	defer grey.Close()
	if _, err := m.detector.detect(grey, 0); err != nil {
		return fmt.Errorf("detector: %w", err)
	}
	for _, c := range []struct {
		name string
		net  *nn.Net
		size int
		want int
	}{
		{"landmarks", m.landmark, landmarkInput, 136},
		{"descriptor", m.recognition, descriptorInput, descriptorSize},
	} {
		out, err := c.net.ForwardTensor(nn.Tensor{Shape: []int{1, 3, c.size, c.size}, Data: make([]float32, 3*c.size*c.size)})
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		if len(out.Data) != c.want {
			return fmt.Errorf("%s: %d outputs, want %d", c.name, len(out.Data), c.want)
		}
		for _, v := range out.Data {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("%s: non-finite output", c.name)
			}
		}
	}
	return nil
}

// Config returns the configuration the models were loaded with.
func (m *Models) Config() Config { return m.cfg }

// Close releases the OpenCV networks.
func (m *Models) Close() error {
	var errs []error
	if m.detector != nil {
		errs = append(errs, m.detector.close())
	}
	for _, n := range []*nn.Net{m.landmark, m.recognition} {
		if n != nil {
			errs = append(errs, n.Close())
		}
	}
	return errors.Join(errs...)
}
