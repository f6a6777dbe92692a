package face

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/kycd/kycd/engine/nn"
)

// golden is testdata/golden.json, written by testdata/gen/golden.js with face-api's own
// networks on the tfjs cpu backend.
type golden struct {
	Cases []struct {
		Model  string    `json:"model"`
		Seed   uint32    `json:"seed"`
		Size   int       `json:"size"`
		Shape  []int     `json:"shape"`
		Output []float64 `json:"output"`
	} `json:"cases"`
}

// synthPixels reproduces synth() of golden.js: NHWC RGB integers 0..255 from an LCG.
func synthPixels(h, w int, seed uint32) []float32 {
	s := seed
	d := make([]float32, 0, h*w*3)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			for c := 0; c < 3; c++ {
				s = s*1664525 + 1013904223
				d = append(d, float32((x*2+y*3+c*70+int(s>>26))%256))
			}
		}
	}
	return d
}

// normalizedNCHW turns NHWC RGB pixels into the network input (x − mean)/div in NCHW.
func normalizedNCHW(px []float32, n int, mean [3]float64, div float64) nn.Tensor {
	t := nn.Tensor{Shape: []int{1, 3, n, n}, Data: make([]float32, len(px))}
	for i := 0; i < n*n; i++ {
		for c := 0; c < 3; c++ {
			t.Data[c*n*n+i] = float32((float64(px[i*3+c]) - mean[c]) / div)
		}
	}
	return t
}

func TestParityWithFaceAPI(t *testing.T) {
	dir := modelsDir(t)
	raw, err := os.ReadFile(filepath.Join("testdata", "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	weights := map[string]string{
		"face_recognition":   "face_recognition_model",
		"face_landmark_68":   "face_landmark_68_model",
		"tiny_face_detector": "tiny_face_detector_model",
		"ssd_mobilenetv1":    "ssd_mobilenetv1_model",
	}
	for _, c := range g.Cases {
		t.Run(fmt.Sprintf("%s/seed%d", c.Model, c.Seed), func(t *testing.T) {
			m, err := nn.LoadTFJSWeights(filepath.Join(dir, "face-api", weights[c.Model]+"-weights_manifest.json"))
			if err != nil {
				t.Fatal(err)
			}
			var model []byte
			var ssd ssdModel
			mean, div := descriptorMean, 255.0
			switch c.Model {
			case "face_recognition":
				model, err = buildRecognitionNet(m)
			case "face_landmark_68":
				model, err = buildLandmarkNet(m)
			case "tiny_face_detector":
				model, err = buildDetectorNet(m, c.Size)
				mean = detectorMean
			case "ssd_mobilenetv1":
				ssd, err = buildSSDNet(m, c.Size, c.Size)
				model, mean, div = ssd.onnx, [3]float64{127.5, 127.5, 127.5}, 127.5
			}
			if err != nil {
				t.Fatal(err)
			}
			net, err := nn.LoadONNX(model)
			if err != nil {
				t.Fatal(err)
			}
			defer net.Close()
			in := normalizedNCHW(synthPixels(c.Size, c.Size, c.Seed), c.Size, mean, div)
			var got []float32
			switch c.Model {
			case "ssd_mobilenetv1":
				got = ssdSample(t, net, ssd, in)
			case "tiny_face_detector": // golden is NHWC, OpenCV gives NCHW
				got = nchwToNHWC(forward(t, net, in))
			default:
				got = forward(t, net, in).Data
			}
			if len(got) != len(c.Output) {
				t.Fatalf("output has %d values, golden %d", len(got), len(c.Output))
			}
			worst := 0.0
			for i := range got {
				worst = math.Max(worst, math.Abs(float64(got[i])-c.Output[i]))
			}
			t.Logf("%s seed %d: max |go − js| = %.2e over %d values", c.Model, c.Seed, worst, len(got))
			if worst > 1e-4 {
				t.Errorf("max abs difference %.3e > 1e-4", worst)
			}
		})
	}
}

func nchwToNHWC(t nn.Tensor) []float32 {
	c, h, w := t.Shape[1], t.Shape[2], t.Shape[3]
	out := make([]float32, len(t.Data))
	for ch := 0; ch < c; ch++ {
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out[(y*w+x)*c+ch] = t.Data[(ch*h+y)*w+x]
			}
		}
	}
	return out
}

func forward(t *testing.T, net *nn.Net, in nn.Tensor) nn.Tensor {
	t.Helper()
	out, err := net.ForwardTensor(in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// ssdSample decodes the SSD output and keeps every 16th anchor as (ymin, xmin, ymax,
// xmax, score), like golden.js.
func ssdSample(t *testing.T, net *nn.Net, ssd ssdModel, in nn.Tensor) []float32 {
	t.Helper()
	blob, err := nn.TensorToBlob(in)
	if err != nil {
		t.Fatal(err)
	}
	defer blob.Close()
	packed, err := net.Forward(blob)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := unpackSSD(packed, ssd.grids)
	if err != nil {
		t.Fatal(err)
	}
	m, err := nn.LoadTFJSWeights(filepath.Join(modelsDir(t), "face-api", "ssd_mobilenetv1_model-weights_manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	shapes, err := ssdAnchorShapes(m)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := decodeSSD(outs, shapes, ssd.w, ssd.h)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw.scores) != ssdAnchors {
		t.Fatalf("%d anchors, want %d", len(raw.scores), ssdAnchors)
	}
	var s []float32 // face-api's boxes are relative to the 512 square
	for i := 0; i < len(raw.scores); i += 16 {
		b := raw.boxes[i]
		s = append(s, float32(b[0]/ssdInput), float32(b[1]/ssdInput), float32(b[2]/ssdInput), float32(b[3]/ssdInput), float32(raw.scores[i]))
	}
	return s
}
