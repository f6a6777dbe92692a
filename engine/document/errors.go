package document

import "errors"

// ErrNotFound: no document outline could be found in the photo.
var ErrNotFound = errors.New("document not found")
