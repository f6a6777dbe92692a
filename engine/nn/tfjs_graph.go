package nn

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// TF.js graph models (a model.json whose modelTopology is a TensorFlow GraphDef node list,
// as @vladmandic/human ships them) are converted op by op into the same ONNX subset the
// face-api ports use. Activations stay NCHW in ONNX; the converter tracks each value's TF
// (NHWC) shape so it can reorder a dense layer's rows after a flatten, as the hand ports do.

// GraphInfo describes a converted graph model's fixed input and output.
type GraphInfo struct {
	// Input is the TF input shape [1, H, W, C]; feed the ONNX model the NCHW blob [1, C, H, W].
	Input []int
	// Output is the ONNX output shape ([1, N] for a classifier head).
	Output []int
	// Parts are the widths of the requested outputs in the order asked, when several were
	// concatenated into Output ([1, Σ Parts]); nil for a single output.
	Parts []int
}

// graphModel is the part of model.json the converter reads.
type graphModel struct {
	Format        string `json:"format"`
	ModelTopology struct {
		Node []graphNode `json:"node"`
	} `json:"modelTopology"`
	Signature struct {
		Outputs map[string]struct {
			Name string `json:"name"`
		} `json:"outputs"`
	} `json:"signature"`
}

type graphNode struct {
	Name  string               `json:"name"`
	Op    string               `json:"op"`
	Input []string             `json:"input"`
	Attr  map[string]graphAttr `json:"attr"`
}

// graphAttr is a GraphDef AttrValue as TF.js serializes it: int64s are strings, strings
// are base64 (which encoding/json decodes into []byte).
type graphAttr struct {
	S     []byte   `json:"s"`
	I     string   `json:"i"`
	F     *float64 `json:"f"`
	B     *bool    `json:"b"`
	Shape *struct {
		Dim []struct {
			Size string `json:"size"`
		} `json:"dim"`
	} `json:"shape"`
	List *struct {
		I []string `json:"i"`
		S [][]byte `json:"s"`
	} `json:"list"`
}

func (n *graphNode) str(name string) string { return string(n.Attr[name].S) }

func (n *graphNode) ints(name string) ([]int, error) {
	a, ok := n.Attr[name]
	if !ok || a.List == nil {
		return nil, nil
	}
	out := make([]int, len(a.List.I))
	for i, s := range a.List.I {
		v, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("node %s attr %s: %w", n.Name, name, err)
		}
		out[i] = v
	}
	return out, nil
}

func (n *graphNode) strs(name string) []string {
	a, ok := n.Attr[name]
	if !ok || a.List == nil {
		return nil
	}
	out := make([]string, len(a.List.S))
	for i, s := range a.List.S {
		out[i] = string(s)
	}
	return out
}

// ConvertTFJSGraph reads a TF.js graph model (model.json next to its weight shards) and
// returns the equivalent ONNX model with its input and output shapes. A dynamic batch
// dimension becomes 1. Ops outside the supported set are an error naming the op.
//
// outputs are signature output names (facemesh's "output_mesh", …); none means the
// first by name. Several rank-2 outputs are concatenated along axis 1 in the order given,
// because the runtime reads a single output (see Net.Forward); GraphInfo.Parts splits it.
func ConvertTFJSGraph(modelJSON string, outputs ...string) ([]byte, GraphInfo, error) {
	raw, err := os.ReadFile(modelJSON)
	if err != nil {
		return nil, GraphInfo{}, fmt.Errorf("reading graph model: %w", err)
	}
	var gm graphModel
	if err := json.Unmarshal(raw, &gm); err != nil {
		return nil, GraphInfo{}, fmt.Errorf("parsing graph model %s: %w", modelJSON, err)
	}
	if len(gm.ModelTopology.Node) == 0 {
		return nil, GraphInfo{}, fmt.Errorf("graph model %s: no modelTopology nodes (a layers model?)", modelJSON)
	}
	weights, err := LoadTFJSWeights(modelJSON)
	if err != nil {
		return nil, GraphInfo{}, err
	}
	refs, err := graphOutputNames(&gm, outputs)
	if err != nil {
		return nil, GraphInfo{}, fmt.Errorf("converting %s: %w", modelJSON, err)
	}
	c := newGraphConverter(gm.ModelTopology.Node, weights)
	var outs []gval
	for _, ref := range refs {
		v, err := c.value(ref)
		if err != nil {
			return nil, GraphInfo{}, fmt.Errorf("converting %s: %w", modelJSON, err)
		}
		if v.konst != nil || (len(v.flat) == 3 && v.flat[0]*v.flat[1] > 1 && v.flat[2] > 1) {
			// A flattened H×W×C activation comes out in NCHW order, not TF's.
			return nil, GraphInfo{}, fmt.Errorf("converting %s: output %s is a constant or a spatial flatten", modelJSON, ref)
		}
		outs = append(outs, v)
	}
	if c.b == nil {
		return nil, GraphInfo{}, fmt.Errorf("converting %s: no Placeholder input", modelJSON)
	}
	out, parts, err := c.joinOutputs(outs)
	if err != nil {
		return nil, GraphInfo{}, fmt.Errorf("converting %s: %w", modelJSON, err)
	}
	dims := out.onnxShape()
	c.b.Output(out.onnx, toInt64(dims))
	model, err := c.b.Marshal()
	if err != nil {
		return nil, GraphInfo{}, err
	}
	return model, GraphInfo{Input: c.input, Output: dims, Parts: parts}, nil
}

// joinOutputs concatenates several rank-2 outputs along axis 1; one output is returned as
// it is.
func (c *graphConverter) joinOutputs(outs []gval) (gval, []int, error) {
	if len(outs) == 1 {
		return outs[0], nil, nil
	}
	var names []string
	var parts []int
	for _, v := range outs {
		if len(v.shape) != 2 || v.shape[0] != outs[0].shape[0] {
			return gval{}, nil, fmt.Errorf("outputs %v: only rank-2 outputs of one batch can be joined", v.shape)
		}
		names = append(names, v.onnx)
		parts = append(parts, v.shape[1])
	}
	total := 0
	for _, p := range parts {
		total += p
	}
	return gval{onnx: c.b.Concat(names, 1), shape: []int{outs[0].shape[0], total}}, parts, nil
}

// graphOutputNames resolves signature output names to node references; none asked is the
// default output (graphOutputName).
func graphOutputNames(gm *graphModel, asked []string) ([]string, error) {
	if len(asked) == 0 {
		return []string{graphOutputName(gm)}, nil
	}
	refs := make([]string, len(asked))
	for i, name := range asked {
		o, ok := gm.Signature.Outputs[name]
		if !ok {
			return nil, fmt.Errorf("no output %q in the signature", name)
		}
		refs[i] = o.Name
	}
	return refs, nil
}

// graphOutputName is the node the signature names as output (the first by key when there
// are several), or else the last node of the list.
func graphOutputName(gm *graphModel) string {
	if len(gm.Signature.Outputs) > 0 {
		keys := make([]string, 0, len(gm.Signature.Outputs))
		for k := range gm.Signature.Outputs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return gm.Signature.Outputs[keys[0]].Name
	}
	nodes := gm.ModelTopology.Node
	return nodes[len(nodes)-1].Name
}

// baseName strips a GraphDef input reference down to its node name ("x:0" → "x"); control
// inputs ("^x") are reported by ok=false.
func baseName(ref string) (name string, ok bool) {
	if strings.HasPrefix(ref, "^") {
		return "", false
	}
	if i := strings.LastIndexByte(ref, ':'); i >= 0 {
		if _, err := strconv.Atoi(ref[i+1:]); err == nil {
			ref = ref[:i]
		}
	}
	return ref, true
}

func toInt64(v []int) []int64 {
	out := make([]int64, len(v))
	for i, x := range v {
		out[i] = int64(x)
	}
	return out
}
