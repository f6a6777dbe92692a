package altgen

import (
	"fmt"
	"os"

	"golang.org/x/image/font/sfnt"

	"github.com/kycd/kycd/engine/specimen"
)

// Font files. The condensed cuts come with Debian's fonts-dejavu-extra, which a machine may
// lack: the generator then prints with the serif and mono families only.
const (
	dejavu        = "/usr/share/fonts/truetype/dejavu/"
	condPath      = dejavu + "DejaVuSansCondensed.ttf"
	condBoldPath  = dejavu + "DejaVuSansCondensed-Bold.ttf"
	serifPath     = dejavu + "DejaVuSerif.ttf"
	serifBoldPath = dejavu + "DejaVuSerif-Bold.ttf"
	monoPath      = dejavu + "DejaVuSansMono.ttf"
	monoBoldPath  = dejavu + "DejaVuSansMono-Bold.ttf"
	// ocrbSharpPath is OCR-B's sharp cut, which golang.org/x/image draws whole (the regular
	// cut's 8 and < use a CFF operator it rejects).
	ocrbSharpPath = "/usr/share/fonts/opentype/ocr-b/OCRBS.otf"
)

// family is a regular and a bold cut; arabic tells whether it has the Arabic presentation
// forms.
type family struct {
	name          string
	regular, bold *sfnt.Font
	arabic        bool
}

// fontBook is every font the generator prints with.
type fontBook struct {
	families []family // Latin text: any of them
	arabic   []family // the families with Arabic glyphs
	ocrb     *sfnt.Font
}

func loadFonts() (fontBook, error) {
	var b fontBook
	for _, f := range []struct {
		name, regular, bold string
		arabic, optional    bool
	}{
		{"condensed", condPath, condBoldPath, true, true},
		{"serif", serifPath, serifBoldPath, false, false},
		{"mono", monoPath, monoBoldPath, true, false},
	} {
		if _, err := os.Stat(f.regular); err != nil && f.optional {
			continue
		}
		reg, err := specimen.LoadFont(f.regular)
		if err != nil {
			return b, fmt.Errorf("loading fonts: %w", err)
		}
		bold, err := specimen.LoadFont(f.bold)
		if err != nil {
			return b, fmt.Errorf("loading fonts: %w", err)
		}
		fam := family{name: f.name, regular: reg, bold: bold, arabic: f.arabic}
		b.families = append(b.families, fam)
		if fam.arabic {
			b.arabic = append(b.arabic, fam)
		}
	}
	ocrb, err := specimen.LoadFont(ocrbSharpPath)
	if err != nil {
		return b, fmt.Errorf("loading fonts: %w", err)
	}
	b.ocrb = ocrb
	return b, nil
}
