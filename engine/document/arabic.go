package document

import (
	"context"
	"strings"
	"unicode"

	"github.com/otiai10/gosseract/v2"
	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/ocr"
)

// arabicSettings: a raw line. With layout analysis (single line or block) Tesseract drops
// many short Arabic names as non-text and returns nothing; as a raw line it reads them.
var arabicSettings = ocr.Settings{PSM: gosseract.PSM_RAW_LINE}

// arabicCrop: Arabic runs are read from a tight crop (neighbouring captions confuse the
// model), binarized (the guilloche behind a short bold name made the model return digits or
// nothing) and scaled larger than Latin text (the box spans ascenders and descenders, so the
// letters' bodies are a smaller share of it).
var arabicCrop = cropStyle{pad: 2, height: 60, border: 10, binarize: true}

// arabicWant asks for the Arabic counterpart of a Latin field: the segment printed to the
// right of its value on the same line.
type arabicWant struct {
	field string // e.g. "first_name_arabic"
	seg   int    // the segment to read
}

// readArabic reads the wanted segments with the Arabic model and sets the Arabic fields.
func (r *Reader) readArabic(ctx context.Context, card gocv.Mat, side *Side, wanted []arabicWant) error {
	for _, w := range wanted {
		s := &side.Segments[w.seg]
		rd, err := r.readCrop(ctx, r.arabic, arabicSettings, card, s.Box, arabicCrop)
		if err != nil {
			return err
		}
		ar := arabicText(rd.Text)
		if arabicLetters(ar) < 2 {
			continue
		}
		s.Text, s.Conf, s.Arabic, s.pending = ar, rd.Conf, true, false
		setValue(side.Fields, w.field, stripArabicCaption(ar), rd.Conf)
	}
	return nil
}

// arabicCaptions are Arabic field captions that may precede a value on the same segment.
var arabicCaptions = []string{"الاسم الشخصي", "الإسم الشخصي", "الاسم العائلي", "الإسم العائلي", "النسب", "الاسم", "الإسم"}

func stripArabicCaption(s string) string {
	for _, c := range arabicCaptions {
		s = strings.TrimSpace(strings.TrimPrefix(s, c))
	}
	return s
}

// arabicText keeps Arabic letters, digits and spaces (Tesseract adds stray Latin marks).
func arabicText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x0621 && r <= 0x064A, unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func arabicLetters(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x0621 && r <= 0x064A {
			n++
		}
	}
	return n
}

func latinLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Latin, r) {
			n++
		}
	}
	return n
}
