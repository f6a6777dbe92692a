package ocr

import "errors"

// ErrClosed is returned by Get and With once the pool is closed.
var ErrClosed = errors.New("ocr pool closed")
