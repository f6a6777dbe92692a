package engine

import "github.com/kycd/kycd/engine/imageio"

// ImageError names the image a decode failed on (document_front, document_back or selfie).
type ImageError struct {
	Field string
	Err   error
}

func (e *ImageError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *ImageError) Unwrap() error { return e.Err }

// DecodeImages decodes each given image once into in, within lim; nil images are skipped. On
// an error the images decoded so far are closed and the error is an *ImageError.
func (in *Input) DecodeImages(lim imageio.Limits, front, back, selfie []byte) error {
	for _, f := range []struct {
		field string
		data  []byte
		dst   **imageio.Image
	}{{"document_front", front, &in.Front}, {"document_back", back, &in.Back}, {"selfie", selfie, &in.Selfie}} {
		if f.data == nil {
			continue
		}
		im, err := imageio.Decode(f.data, lim)
		if err != nil {
			in.Close()
			return &ImageError{Field: f.field, Err: err}
		}
		*f.dst = im
	}
	return nil
}

// Close frees the decoded images; safe to call twice.
func (in *Input) Close() {
	in.Front.Close()
	in.Back.Close()
	in.Selfie.Close()
}
