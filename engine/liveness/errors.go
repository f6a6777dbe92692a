package liveness

import "errors"

var (
	// ErrNoFace: the image has no face to judge.
	ErrNoFace = errors.New("no face")
	// ErrBadInput: an image or a frame sequence that cannot be used.
	ErrBadInput = errors.New("unusable liveness input")
)
