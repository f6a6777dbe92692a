package imageio

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"
)

// Formats.
const (
	JPEG = "jpeg"
	PNG  = "png"
	WebP = "webp"
)

// Info is what the header says, read without decoding pixels.
type Info struct {
	Format      string
	Width       int
	Height      int
	Orientation int // EXIF orientation 1..8; 1 when absent
}

// Sniff names the format from the magic bytes, or "" for anything else.
func Sniff(data []byte) string {
	switch {
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		return JPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case len(data) >= 12 && string(data[0:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP
	}
	return ""
}

// Probe checks size, format and declared dimensions against the limits.
func Probe(data []byte, lim Limits) (Info, error) {
	if len(data) == 0 {
		return Info{}, unsupported("image is empty")
	}
	if lim.MaxBytes > 0 && len(data) > lim.MaxBytes {
		return Info{}, tooLarge("image is %d bytes, the limit is %d", len(data), lim.MaxBytes)
	}
	format := Sniff(data)
	var (
		cfg image.Config
		err error
	)
	switch format {
	case JPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case PNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case WebP:
		cfg, err = webp.DecodeConfig(bytes.NewReader(data))
	default:
		return Info{}, unsupported("image is not JPEG, PNG or WebP")
	}
	if err != nil {
		return Info{}, unsupported("reading the %s header: %v", format, err)
	}
	info := Info{Format: format, Width: cfg.Width, Height: cfg.Height, Orientation: 1}
	if info.Width <= 0 || info.Height <= 0 {
		return Info{}, unsupported("image has no pixels (%d×%d)", info.Width, info.Height)
	}
	if lim.MaxSide > 0 && (info.Width > lim.MaxSide || info.Height > lim.MaxSide) {
		return Info{}, tooLarge("image is %d×%d px, the limit is %d px per side", info.Width, info.Height, lim.MaxSide)
	}
	// Both sides are ≤ MaxSide here, so the product cannot overflow an int.
	if lim.MaxPixels > 0 && info.Width*info.Height > lim.MaxPixels {
		return Info{}, tooLarge("image is %d×%d = %d px, the limit is %d", info.Width, info.Height, info.Width*info.Height, lim.MaxPixels)
	}
	if format == JPEG {
		info.Orientation = jpegOrientation(data)
	}
	return info, nil
}
