package imageio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"runtime"
	"testing"
)

func encodePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 100, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeaderOnly builds a PNG whose IHDR claims w×h; the pixel data is absent. It is the
// cheapest possible decompression bomb: a decoder that trusted the header would allocate w*h*4.
func pngHeaderOnly(w, h uint32) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := func(typ string, data []byte) {
		binary.Write(&buf, binary.BigEndian, uint32(len(data)))
		buf.WriteString(typ)
		buf.Write(data)
		binary.Write(&buf, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	chunk("IHDR", ihdr)
	chunk("IEND", nil)
	return buf.Bytes()
}

func TestProbe(t *testing.T) {
	lim := DefaultLimits()
	small := encodePNG(t, 40, 30)
	tests := []struct {
		name     string
		data     []byte
		lim      Limits
		wantCode string
	}{
		{"png ok", small, lim, ""},
		{"empty", nil, lim, CodeUnsupported},
		{"text", []byte("hello, this is not an image"), lim, CodeUnsupported},
		{"truncated header", small[:20], lim, CodeUnsupported},
		{"bomb 20000x20000", pngHeaderOnly(20000, 20000), lim, CodeTooLarge},
		{"too many pixels", pngHeaderOnly(8000, 8000), lim, CodeTooLarge},
		{"too many bytes", small, Limits{MaxBytes: 10}, CodeTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Probe(tt.data, tt.lim)
			var ie *Error
			switch {
			case tt.wantCode == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantCode != "" && (!errors.As(err, &ie) || ie.Code != tt.wantCode):
				t.Fatalf("err = %v, want code %s", err, tt.wantCode)
			}
		})
	}
}

// TestBombRefusedWithoutAllocation checks that refusing a 20000×20000 PNG allocates next to
// nothing: the header is all that is read.
func TestBombRefusedWithoutAllocation(t *testing.T) {
	bomb := pngHeaderOnly(20000, 20000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 10 {
		if _, err := Decode(bomb, DefaultLimits()); err == nil {
			t.Fatal("bomb accepted")
		}
	}
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 1<<20 {
		t.Fatalf("refusing 10 bombs allocated %d bytes", grown)
	}
}

func TestDecodeAppliesOrientation(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 60, 20))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	for _, tt := range []struct {
		orientation int
		w, h        int
	}{{1, 60, 20}, {3, 60, 20}, {6, 20, 60}, {8, 20, 60}} {
		data := withOrientation(plain, tt.orientation)
		im, err := Decode(data, DefaultLimits())
		if err != nil {
			t.Fatalf("orientation %d: %v", tt.orientation, err)
		}
		if im.Orientation != tt.orientation || im.Mat.Cols() != tt.w || im.Mat.Rows() != tt.h {
			t.Errorf("orientation %d: got o=%d %dx%d, want %dx%d", tt.orientation, im.Orientation, im.Mat.Cols(), im.Mat.Rows(), tt.w, tt.h)
		}
		im.Close()
		im.Close()
	}
}

// withOrientation inserts an APP1 Exif segment with one orientation tag after SOI.
func withOrientation(jpg []byte, o int) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00")
	binary.BigEndian.PutUint16(tiff[18:], uint16(o))
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

func TestDecodeCorrupt(t *testing.T) {
	data := encodePNG(t, 64, 64)
	data = data[:len(data)/2]
	if im, err := Decode(data, DefaultLimits()); err == nil {
		im.Close()
		t.Fatal("truncated PNG accepted")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(encodePNG(f, 8, 8))
	f.Add(pngHeaderOnly(20000, 20000))
	f.Add(withOrientation([]byte{0xFF, 0xD8, 0xFF, 0xD9}, 6))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxBytes: 1 << 20, MaxSide: 2000, MaxPixels: 1_000_000}
		im, err := Decode(data, lim)
		if err != nil {
			var ie *Error
			if !errors.As(err, &ie) && Sniff(data) == "" {
				t.Fatalf("untyped error for unknown data: %v", err)
			}
			return
		}
		if im.Mat.Cols()*im.Mat.Rows() > lim.MaxPixels {
			t.Fatalf("decoded %dx%d past the limit", im.Mat.Cols(), im.Mat.Rows())
		}
		im.Close()
	})
}

func FuzzJPEGOrientation(f *testing.F) {
	f.Add(withOrientation([]byte{0xFF, 0xD8, 0xFF, 0xD9}, 6))
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d out of range", o)
		}
	})
}
