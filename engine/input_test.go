package engine

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/kycd/kycd/engine/imageio"
)

// TestDecodeImages: the images decode at the same time, and a failure names the first failing
// image in the order front, back, selfie and leaves no image open.
func TestDecodeImages(t *testing.T) {
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.White)
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	good, bad := buf.Bytes(), []byte("not an image")
	tests := []struct {
		name                string
		front, back, selfie []byte
		wantField           string // "" when every image decodes
	}{
		{"all three", good, good, good, ""},
		{"no back", good, nil, good, ""},
		{"bad back", good, bad, good, "document_back"},
		{"bad back and selfie", good, bad, bad, "document_back"},
		{"bad selfie only", good, good, bad, "selfie"},
		{"bad front", bad, good, bad, "document_front"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := &Input{}
			err := in.DecodeImages(imageio.DefaultLimits(), tc.front, tc.back, tc.selfie)
			if tc.wantField == "" {
				if err != nil {
					t.Fatal(err)
				}
				defer in.Close()
				if in.Front == nil || in.Front.Mat.Cols() != 64 || (tc.back != nil) != (in.Back != nil) || in.Selfie == nil {
					t.Fatalf("decoded front %v back %v selfie %v", in.Front, in.Back, in.Selfie)
				}
				return
			}
			var ie *ImageError
			if !errors.As(err, &ie) || ie.Field != tc.wantField {
				t.Fatalf("error %v, want one on %s", err, tc.wantField)
			}
			for name, im := range map[string]*imageio.Image{"front": in.Front, "back": in.Back, "selfie": in.Selfie} {
				if im != nil && im.Mat.Ptr() != nil { // Close sets the pointer to nil
					t.Errorf("%s left open after the error", name)
				}
			}
		})
	}
}
