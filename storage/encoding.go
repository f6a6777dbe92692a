package storage

import (
	"encoding/json"
	"fmt"
)

// Stored values are an envelope: one version byte, then the JSON of that
// version's struct (recordV1, keyV1, …). A future layout gets version 2 and a
// migration or a decode branch; this binary rejects versions it does not know
// instead of misreading them.
const encodingV1 byte = 1

// encodeV1 wraps v (a *V1 struct) in the version-1 envelope.
func encodeV1(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding value: %w", err)
	}
	return append([]byte{encodingV1}, b...), nil
}

// decodeV1 unwraps data into v1. what names the value in errors.
func decodeV1(what string, data []byte, v1 any) error {
	if len(data) == 0 {
		return fmt.Errorf("decoding %s: empty value: %w", what, ErrCorrupt)
	}
	if data[0] != encodingV1 {
		return fmt.Errorf("decoding %s: version %d: %w", what, data[0], ErrUnknownVersion)
	}
	if err := json.Unmarshal(data[1:], v1); err != nil {
		return fmt.Errorf("decoding %s: %w: %w", what, ErrCorrupt, err)
	}
	return nil
}
