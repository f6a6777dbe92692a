package specimen

import (
	"fmt"
	"os"

	"golang.org/x/image/font/sfnt"
)

// DefaultFontPath is the OCR-B font of Debian's fonts-ocr-b package. FallbackFontPath is its
// "Sharp" cut: x/image cannot draw OCRB.otf's `8` and `<` (their outlines use the CFF flex1
// operator, which x/image's parser rejects), so those glyphs come from the Sharp cut.
const (
	DefaultFontPath  = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
	FallbackFontPath = "/usr/share/fonts/opentype/ocr-b/OCRBS.otf"
)

// loadFont reads and parses an OpenType font file.
func loadFont(path string) (*sfnt.Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading font: %w", err)
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("parsing font %s: %w", path, err)
	}
	return f, nil
}
