package capture

import "errors"

var (
	// ErrClosed: the camera's reader has stopped for good (the daemon is shutting down).
	ErrClosed = errors.New("camera stopped")
	// ErrUnknownCamera: no camera has that name.
	ErrUnknownCamera = errors.New("unknown camera")
	// errEnded: the source stopped delivering frames (stream closed, device unplugged).
	errEnded = errors.New("source delivered no frame")
)
