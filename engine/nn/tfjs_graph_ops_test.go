package nn

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// graphConst is a constant of a hand-written test graph.
type graphConst struct {
	name  string
	shape []int
	dtype string // "float32" or "int32"
	data  []float32
}

// writeGraph writes a TF.js graph model (model.json + w.bin) from node JSON and constants,
// with the signature outputs given as name → node reference, and returns its path.
func writeGraph(t *testing.T, nodes string, consts []graphConst, outputs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	var bin []byte
	var specs []map[string]any
	for _, c := range consts {
		for _, v := range c.data {
			if c.dtype == "int32" {
				bin = binary.LittleEndian.AppendUint32(bin, uint32(int32(v)))
			} else {
				bin = binary.LittleEndian.AppendUint32(bin, math.Float32bits(v))
			}
		}
		specs = append(specs, map[string]any{"name": c.name, "shape": c.shape, "dtype": c.dtype})
		nodes += fmt.Sprintf(`,{"name":%q,"op":"Const"}`, c.name)
	}
	sig := map[string]map[string]string{}
	for k, v := range outputs {
		sig[k] = map[string]string{"name": v}
	}
	var topo struct {
		Node []json.RawMessage `json:"node"`
	}
	if err := json.Unmarshal([]byte("["+nodes+"]"), &topo.Node); err != nil {
		t.Fatalf("test graph nodes: %v", err)
	}
	model, err := json.Marshal(map[string]any{"format": "graph-model", "modelTopology": topo,
		"signature":       map[string]any{"outputs": sig},
		"weightsManifest": []map[string]any{{"paths": []string{"w.bin"}, "weights": specs}}})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"model.json": model, "w.bin": bin} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "model.json")
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// TestGraphPadPrelu converts and runs a BlazeFace-style block on OpenCV: a channel-axis
// Pad (the widened shortcut), a standalone Prelu, a _FusedConv2D with BiasAdd and Prelu,
// their sum, then two heads joined into one output as facemesh's are (a spatial mean, and a
// 2×2 valid conv to one value reshaped to [-1, 1] like output_faceflag). Expected values
// are computed by hand.
func TestGraphPadPrelu(t *testing.T) {
	const placeholder = `{"name":"x","op":"Placeholder","attr":{"shape":{"shape":{"dim":[{"size":"-1"},{"size":"2"},{"size":"2"},{"size":"2"}]}}}}`
	valid := `"strides":{"list":{"i":["1","1","1","1"]}},"padding":{"s":"` + b64("VALID") + `"}`
	nodes := placeholder + `,
	 {"name":"wide","op":"Pad","input":["x","paddings"]},
	 {"name":"act","op":"Prelu","input":["wide","alpha"]},
	 {"name":"conv","op":"_FusedConv2D","input":["x","filter","bias","alpha2"],
	  "attr":{` + valid + `,"fused_ops":{"list":{"s":["` + b64("BiasAdd") + `","` + b64("Prelu") + `"]}},"num_args":{"i":"2"}}},
	 {"name":"sum","op":"AddV2","input":["act","conv"]},
	 {"name":"mean","op":"Mean","input":["sum","axes"]},
	 {"name":"head","op":"_FusedConv2D","input":["sum","hfilter","hbias"],
	  "attr":{` + valid + `,"fused_ops":{"list":{"s":["` + b64("BiasAdd") + `"]}},"num_args":{"i":"1"}}},
	 {"name":"flag","op":"Reshape","input":["head","shape"]},
	 {"name":"spatial","op":"Reshape","input":["sum","shape16"]}`
	consts := []graphConst{
		{"paddings", []int{4, 2}, "int32", []float32{0, 0, 0, 0, 0, 0, 0, 2}}, // C: 2 → 4
		{"alpha", []int{1, 1, 4}, "float32", []float32{0.5, 0.25, 2, 3}},
		// 1×1 conv 2 → 4: out c = x0·w[0][c] + x1·w[1][c] + bias[c], then PReLU.
		{"filter", []int{1, 1, 2, 4}, "float32", []float32{1, 0, 1, -1, 0, 1, 1, 0}},
		{"bias", []int{4}, "float32", []float32{0, 0, -10, 0}},
		{"alpha2", []int{1, 1, 4}, "float32", []float32{0.1, 0.1, 0.1, 0.5}},
		{"axes", []int{2}, "int32", []float32{1, 2}},
		// 2×2 conv 4 → 1 summing every value of sum, HWIO.
		{"hfilter", []int{2, 2, 4, 1}, "float32", []float32{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"hbias", []int{1}, "float32", []float32{0.5}},
		{"shape", []int{2}, "int32", []float32{-1, 1}},
		{"shape16", []int{2}, "int32", []float32{-1, 16}},
	}
	path := writeGraph(t, nodes, consts,
		map[string]string{"out_mean": "mean:0", "out_flag": "flag:0", "out_spatial": "spatial:0"})
	// Input NHWC [1,2,2,2]: pixel p = 2y+x has channels (p-1.5, 2-p).
	nhwc := func(y, x, c int) float32 {
		p := float32(2*y + x)
		if c == 0 {
			return p - 1.5
		}
		return 2 - p
	}
	prelu := func(v, a float32) float32 {
		if v > 0 {
			return v
		}
		return a * v
	}
	w, bias, a1, a2 := consts[2].data, consts[3].data, consts[1].data, consts[4].data
	var want [5]float32 // mean per channel, then the flag
	want[4] = 0.5
	for c := range 4 {
		for y := range 2 {
			for x := range 2 {
				var wide float32
				if c < 2 {
					wide = nhwc(y, x, c)
				}
				conv := prelu(nhwc(y, x, 0)*w[c]+nhwc(y, x, 1)*w[4+c]+bias[c], a2[c])
				sum := prelu(wide, a1[c]) + conv
				want[c] += sum / 4
				want[4] += sum
			}
		}
	}
	in := Tensor{Shape: []int{1, 2, 2, 2}, Data: make([]float32, 8)}
	for c := range 2 {
		for y := range 2 {
			for x := range 2 {
				in.Data[(c*2+y)*2+x] = nhwc(y, x, c)
			}
		}
	}

	model, info, err := ConvertTFJSGraph(path, "out_mean", "out_flag")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(info.Output, info.Parts) != "[1 5] [4 1]" {
		t.Fatalf("output %v parts %v, want [1 5] [4 1]", info.Output, info.Parts)
	}
	net, err := LoadONNX(model)
	if err != nil {
		t.Fatal(err)
	}
	defer net.Close()
	out, err := net.ForwardTensor(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Data) != len(want) {
		t.Fatalf("%d outputs, want %d", len(out.Data), len(want))
	}
	for i, v := range want {
		if math.Abs(float64(out.Data[i]-v)) > 1e-5 {
			t.Errorf("output %v, want %v", out.Data, want)
			break
		}
	}

	// A flatten of a 2×2×4 activation would come out in NCHW order: refused as an output.
	if _, _, err := ConvertTFJSGraph(path, "out_spatial"); err == nil || !contains(err.Error(), "spatial flatten") {
		t.Errorf("spatial flatten output: error %v", err)
	}
	if _, _, err := ConvertTFJSGraph(path, "out_nothing"); err == nil || !contains(err.Error(), "out_nothing") {
		t.Errorf("unknown output: error %v", err)
	}
}

// TestGraphPadRejects: paddings the converter cannot express are errors, not wrong models.
func TestGraphPadRejects(t *testing.T) {
	const placeholder = `{"name":"x","op":"Placeholder","attr":{"shape":{"shape":{"dim":[{"size":"-1"},{"size":"2"},{"size":"2"},{"size":"2"}]}}}}`
	for name, p := range map[string][]float32{
		"batch":    {1, 0, 0, 0, 0, 0, 0, 0},
		"negative": {0, 0, 0, -1, 0, 0, 0, 0},
		"rank 3":   {0, 0, 0, 0, 0, 2},
	} {
		t.Run(name, func(t *testing.T) {
			path := writeGraph(t, placeholder+`,{"name":"y","op":"Pad","input":["x","p"]}`,
				[]graphConst{{"p", []int{len(p) / 2, 2}, "int32", p}}, map[string]string{"y": "y:0"})
			if _, _, err := ConvertTFJSGraph(path); err == nil || !contains(err.Error(), "paddings") {
				t.Errorf("error %v, want one about the paddings", err)
			}
		})
	}
}

// TestGraphConcat: ConcatV2 along the channel axis (as -1) and along H maps the NHWC axis to
// the NCHW one; the spatial means of the results show which axis was joined.
func TestGraphConcat(t *testing.T) {
	const placeholder = `{"name":"x","op":"Placeholder","attr":{"shape":{"shape":{"dim":[{"size":"-1"},{"size":"2"},{"size":"2"},{"size":"2"}]}}}}`
	nodes := placeholder + `,
	 {"name":"twice","op":"Mul","input":["x","two"]},
	 {"name":"bych","op":"ConcatV2","input":["x","twice","minus1"]},
	 {"name":"byh","op":"ConcatV2","input":["x","twice","one"]},
	 {"name":"mch","op":"Mean","input":["bych","axes"]},
	 {"name":"mh","op":"Mean","input":["byh","axes"]}`
	consts := []graphConst{
		{"two", []int{}, "float32", []float32{2}},
		{"minus1", []int{}, "int32", []float32{-1}},
		{"one", []int{}, "int32", []float32{1}},
		{"axes", []int{2}, "int32", []float32{1, 2}},
	}
	path := writeGraph(t, nodes, consts, map[string]string{"a": "mch:0", "b": "mh:0"})
	model, info, err := ConvertTFJSGraph(path, "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(info.Parts) != "[4 2]" {
		t.Fatalf("parts %v, want [4 2]", info.Parts)
	}
	net, err := LoadONNX(model)
	if err != nil {
		t.Fatal(err)
	}
	defer net.Close()
	// Channel 0 holds 1..4 (mean 2.5), channel 1 holds 10..40 (mean 25), NCHW.
	in := Tensor{Shape: []int{1, 2, 2, 2}, Data: []float32{1, 2, 3, 4, 10, 20, 30, 40}}
	out, err := net.ForwardTensor(in)
	if err != nil {
		t.Fatal(err)
	}
	// By channel: x's two means then twice's; by H: each channel's mean over x and twice.
	want := []float32{2.5, 25, 5, 50, 3.75, 37.5}
	for i, w := range want {
		if len(out.Data) != len(want) || math.Abs(float64(out.Data[i]-w)) > 1e-5 {
			t.Fatalf("output %v, want %v", out.Data, want)
		}
	}
}
