package nn

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// weightsGroup is one entry of a TF.js weights manifest: shard files read back to back and
// the tensors stored in them, in order.
type weightsGroup struct {
	Paths   []string     `json:"paths"`
	Weights []weightSpec `json:"weights"`
}

type weightSpec struct {
	Name         string        `json:"name"`
	Shape        []int         `json:"shape"`
	Dtype        string        `json:"dtype"`
	Quantization *quantization `json:"quantization"`
}

type quantization struct {
	Dtype string  `json:"dtype"`
	Scale float64 `json:"scale"`
	Min   float64 `json:"min"`
}

// LoadTFJSWeights reads a TF.js weights manifest (face-api's "*-weights_manifest.json" or a
// graph model's "model.json" with a weightsManifest) and returns every tensor by name,
// dequantized to float32 exactly as tfjs does (value = q·scale + min, or float16 decode).
func LoadTFJSWeights(manifestPath string) (map[string]Tensor, error) {
	raw, err := os.ReadFile(manifestPath)
	if err != nil {
		return nil, fmt.Errorf("reading manifest: %w", err)
	}
	groups, err := parseManifest(raw)
	if err != nil {
		return nil, fmt.Errorf("parsing manifest %s: %w", manifestPath, err)
	}
	dir := filepath.Dir(manifestPath)
	out := make(map[string]Tensor)
	for _, g := range groups {
		var buf []byte
		for _, p := range g.Paths {
			b, err := os.ReadFile(filepath.Join(dir, filepath.Base(p)))
			if err != nil {
				return nil, fmt.Errorf("reading weights shard: %w", err)
			}
			buf = append(buf, b...)
		}
		if err := decodeGroup(g.Weights, buf, out); err != nil {
			return nil, fmt.Errorf("decoding %s: %w", manifestPath, err)
		}
	}
	return out, nil
}

func parseManifest(raw []byte) ([]weightsGroup, error) {
	var groups []weightsGroup
	if err := json.Unmarshal(raw, &groups); err == nil {
		return groups, nil
	}
	var model struct {
		WeightsManifest []weightsGroup `json:"weightsManifest"`
	}
	if err := json.Unmarshal(raw, &model); err != nil {
		return nil, err
	}
	if model.WeightsManifest == nil {
		return nil, fmt.Errorf("no weightsManifest")
	}
	return model.WeightsManifest, nil
}

func decodeGroup(specs []weightSpec, buf []byte, out map[string]Tensor) error {
	off := 0
	for _, s := range specs {
		t := Tensor{Shape: append([]int(nil), s.Shape...)}
		n := t.Len()
		size, err := elemSize(s)
		if err != nil {
			return fmt.Errorf("tensor %s: %w", s.Name, err)
		}
		if off+n*size > len(buf) {
			return fmt.Errorf("tensor %s: %d bytes past the end of the shards", s.Name, off+n*size-len(buf))
		}
		t.Data = decodeValues(s, buf[off:off+n*size], n)
		out[s.Name] = t
		off += n * size
	}
	if off != len(buf) {
		return fmt.Errorf("%d bytes left after the last tensor", len(buf)-off)
	}
	return nil
}

func elemSize(s weightSpec) (int, error) {
	if q := s.Quantization; q != nil {
		switch q.Dtype {
		case "uint8":
			return 1, nil
		case "uint16", "float16":
			return 2, nil
		}
		return 0, fmt.Errorf("unsupported quantization %q", q.Dtype)
	}
	switch s.Dtype {
	case "float32", "int32":
		return 4, nil
	}
	return 0, fmt.Errorf("unsupported dtype %q", s.Dtype)
}

func decodeValues(s weightSpec, b []byte, n int) []float32 {
	v := make([]float32, n)
	q := s.Quantization
	switch {
	case q != nil && q.Dtype == "uint8":
		for i := range v {
			v[i] = float32(float64(b[i])*q.Scale + q.Min)
		}
	case q != nil && q.Dtype == "uint16":
		for i := range v {
			v[i] = float32(float64(binary.LittleEndian.Uint16(b[2*i:]))*q.Scale + q.Min)
		}
	case q != nil: // float16
		for i := range v {
			v[i] = float16ToFloat32(binary.LittleEndian.Uint16(b[2*i:]))
		}
	case s.Dtype == "int32":
		for i := range v {
			v[i] = float32(int32(binary.LittleEndian.Uint32(b[4*i:])))
		}
	default:
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
	}
	if q != nil && s.Dtype == "int32" {
		for i := range v {
			v[i] = float32(math.Round(float64(v[i])))
		}
	}
	return v
}
