package api

import (
	"bytes"
	"encoding/json"
)

// marshal encodes like json.Marshal but leaves <, > and & as they are: MRZ lines are full of
// '<', and "P\u003cUTO" is valid JSON that no integrator wants to read.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
