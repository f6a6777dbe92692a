package engine

import (
	"sync"

	"github.com/kycd/kycd/engine/imageio"
)

// ImageError names the image a decode failed on (document_front, document_back or selfie).
type ImageError struct {
	Field string
	Err   error
}

func (e *ImageError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *ImageError) Unwrap() error { return e.Err }

// DecodeImages decodes each given image once into in, within lim; nil images are skipped. On
// an error every image is closed and the error is an *ImageError, for the first failing image
// in the order front, back, selfie. The images are decoded at the same time: a verification's
// three JPEGs took 40 ms one after the other, with a core idle.
func (in *Input) DecodeImages(lim imageio.Limits, front, back, selfie []byte) error {
	fields := []struct {
		field string
		data  []byte
		dst   **imageio.Image
	}{{"document_front", front, &in.Front}, {"document_back", back, &in.Back}, {"selfie", selfie, &in.Selfie}}
	errs := make([]error, len(fields))
	var wg sync.WaitGroup
	for i, f := range fields {
		if f.data == nil {
			continue
		}
		wg.Go(func() {
			im, err := imageio.Decode(f.data, lim)
			if err != nil {
				errs[i] = &ImageError{Field: f.field, Err: err}
				return
			}
			*f.dst = im
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			in.Close()
			return err
		}
	}
	return nil
}

// Close frees the decoded images; safe to call twice.
func (in *Input) Close() {
	in.Front.Close()
	in.Back.Close()
	in.Selfie.Close()
}
