package face

import "errors"

var (
	// ErrEmptyImage is returned for an empty or undecodable image.
	ErrEmptyImage = errors.New("empty image")
	// ErrUnsupportedImage is returned for pixel formats other than 8-bit grey, BGR or BGRA.
	ErrUnsupportedImage = errors.New("unsupported image format")
	// ErrNoFace is returned when an operation needs a face and none was found.
	ErrNoFace = errors.New("no face found")
)
