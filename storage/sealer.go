package storage

import "fmt"

// Sealer encrypts blobs and templates at rest. aad is the bucket and key the
// value is stored under; Open must fail if it differs from Seal's.
type Sealer interface {
	Seal(plain, aad []byte) ([]byte, error)
	Open(sealed, aad []byte) ([]byte, error)
}

// Scheme bytes at the start of every stored blob, so a database sealed with a
// key is never silently read without it (and vice versa).
const (
	schemePlain  byte = 0x00
	schemeAESGCM byte = 0x01
)

// NoopSealer stores values in the clear (prefixed with a scheme byte) and
// ignores aad. It is what Open uses when Options.Sealer is nil: fine for tests
// and the hub's read-only mirror, not for images on a kiosk.
type NoopSealer struct{}

// Seal returns a copy of plain behind the plain scheme byte.
func (NoopSealer) Seal(plain, _ []byte) ([]byte, error) {
	return append([]byte{schemePlain}, plain...), nil
}

// Open returns a copy of the plain bytes; it refuses sealed ones.
func (NoopSealer) Open(sealed, _ []byte) ([]byte, error) {
	if len(sealed) == 0 || sealed[0] != schemePlain {
		return nil, fmt.Errorf("opening unsealed value: %w (stored with an encryption key)", ErrSealMismatch)
	}
	return append([]byte(nil), sealed[1:]...), nil
}
