package nn

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// humanModelsDir is the fetched models/human directory, or a skip.
func humanModelsDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
	dir = filepath.Join(dir, "models", "human")
	if _, err := os.Stat(filepath.Join(dir, "antispoof.json")); err != nil {
		t.Skipf("human models not fetched (run `make setup`): %v", err)
	}
	return dir
}

// synthInput reproduces synth() of testdata/gen/graph_golden.js as an NCHW tensor.
func synthInput(h, w int, seed uint32) Tensor {
	t := Tensor{Shape: []int{1, 3, h, w}, Data: make([]float32, 3*h*w)}
	s := seed
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			for c := 0; c < 3; c++ {
				s = s*1664525 + 1013904223
				v := (x*2 + y*3 + c*70 + int(s>>26)) % 256
				t.Data[(c*h+y)*w+x] = float32(v) / 255
			}
		}
	}
	return t
}

// TestGraphParity runs human's antispoof, liveness, facemesh and iris graphs converted to
// ONNX on OpenCV and compares them with tfjs's own outputs (testdata/graph_golden.json).
// facemesh's mesh and face flag are joined into one output; its golden entries keep a
// sample of it (Index): every 7th value and the eye points. Mesh and iris points are in
// input pixels (0..192, 0..64), so the tolerance is relative: 1e-4 of max(1, |value|).
func TestGraphParity(t *testing.T) {
	dir := humanModelsDir(t)
	raw, err := os.ReadFile(filepath.Join("testdata", "graph_golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var golden map[string][]struct {
		Seed   uint32    `json:"seed"`
		Size   int       `json:"size"`
		Index  []int     `json:"index"` // positions of Output in the model's output; nil: all
		Output []float32 `json:"output"`
	}
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		outputs []string
		width   int
	}{
		{"antispoof", nil, 1},
		{"liveness", nil, 2},
		{"facemesh", []string{"output_mesh", "output_faceflag"}, 1405},
		{"iris", nil, 228},
	} {
		name := c.name
		t.Run(name, func(t *testing.T) {
			if len(golden[name]) == 0 {
				t.Fatalf("no golden outputs for %s", name)
			}
			model, info, err := ConvertTFJSGraph(filepath.Join(dir, name+".json"), c.outputs...)
			if err != nil {
				t.Fatal(err)
			}
			net, err := LoadONNX(model)
			if err != nil {
				t.Fatal(err)
			}
			defer net.Close()
			worst, worstRel := 0.0, 0.0
			for _, g := range golden[name] {
				if info.Input[1] != g.Size || info.Input[2] != g.Size {
					t.Fatalf("input %v, golden size %d", info.Input, g.Size)
				}
				out, err := net.ForwardTensor(synthInput(g.Size, g.Size, g.Seed))
				if err != nil {
					t.Fatal(err)
				}
				if len(out.Data) != c.width || (g.Index == nil && len(g.Output) != c.width) || (g.Index != nil && len(g.Index) != len(g.Output)) {
					t.Fatalf("seed %d: %d outputs (want %d), %d golden values", g.Seed, len(out.Data), c.width, len(g.Output))
				}
				for i, w := range g.Output {
					k := i
					if g.Index != nil {
						k = g.Index[i]
					}
					d := math.Abs(float64(out.Data[k] - w))
					worst = math.Max(worst, d)
					worstRel = math.Max(worstRel, d/math.Max(1, math.Abs(float64(w))))
					if d > 1e-4*math.Max(1, math.Abs(float64(w))) {
						t.Errorf("seed %d output %d: %.7f, tfjs %.7f (|Δ| %.2g)", g.Seed, k, out.Data[k], w, d)
					}
				}
			}
			t.Logf("%s: worst |Δ| vs tfjs %.2g (relative to max(1, |v|): %.2g) over %d inputs", name, worst, worstRel, len(golden[name]))
		})
	}
}

// TestGraphUnsupported: an op outside the supported set is an error naming it, never a
// silently wrong model.
func TestGraphUnsupported(t *testing.T) {
	dir := t.TempDir()
	model := `{"format":"graph-model","modelTopology":{"node":[
	 {"name":"x","op":"Placeholder","attr":{"shape":{"shape":{"dim":[{"size":"-1"},{"size":"4"},{"size":"4"},{"size":"3"}]}}}},
	 {"name":"y","op":"Cumsum","input":["x"]}]},
	 "weightsManifest":[{"paths":["w.bin"],"weights":[]}]}`
	for _, c := range []struct{ file, body string }{{"m.json", model}, {"w.bin", ""}} {
		if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := ConvertTFJSGraph(filepath.Join(dir, "m.json"))
	if err == nil || !contains(err.Error(), "Cumsum") {
		t.Fatalf("error %v, want one naming Cumsum", err)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestSamePad(t *testing.T) {
	for _, c := range []struct{ n, k, s, out, before, after int }{
		{32, 3, 1, 32, 1, 1}, {32, 3, 2, 16, 0, 1}, {7, 2, 2, 4, 0, 1}, {8, 1, 1, 8, 0, 0},
	} {
		out, b, a := samePad(c.n, c.k, c.s)
		if out != c.out || b != c.before || a != c.after {
			t.Errorf("samePad(%d,%d,%d) = %d,%d,%d want %d,%d,%d", c.n, c.k, c.s, out, b, a, c.out, c.before, c.after)
		}
	}
}
