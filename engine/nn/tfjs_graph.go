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
func ConvertTFJSGraph(modelJSON string) ([]byte, GraphInfo, error) {
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
	c := newGraphConverter(gm.ModelTopology.Node, weights)
	out, err := c.value(graphOutputName(&gm))
	if err != nil {
		return nil, GraphInfo{}, fmt.Errorf("converting %s: %w", modelJSON, err)
	}
	if c.b == nil {
		return nil, GraphInfo{}, fmt.Errorf("converting %s: no Placeholder input", modelJSON)
	}
	dims := out.onnxShape()
	c.b.Output(out.onnx, toInt64(dims))
	model, err := c.b.Marshal()
	if err != nil {
		return nil, GraphInfo{}, err
	}
	return model, GraphInfo{Input: c.input, Output: dims}, nil
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
