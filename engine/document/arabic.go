package document

import (
	"context"
	"image"
	"sort"
	"strings"
	"unicode"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/ocr"
)

// arabicSettings: a raw line. With layout analysis (single line or block) Tesseract drops
// many short Arabic names as non-text and returns nothing; as a raw line it reads them.
var arabicSettings = ocr.Settings{PSM: ocr.PSMRawLine}

// arabicCrop: Arabic runs are read from a tight crop (neighbouring captions confuse the
// model), binarized (the guilloche behind a short bold name made the model return digits or
// nothing) and scaled larger than Latin text (the box spans ascenders and descenders, so the
// letters' bodies are a smaller share of it).
var arabicCrop = cropStyle{pad: 2, height: 60, border: 10, binarize: true}

// arabicWant asks for the Arabic counterpart of a Latin field: the segment printed to the
// right of its value on the same line.
type arabicWant struct {
	field string // e.g. "first_name_arabic"
	seg   int    // the segment to read; -1 when no segment beside the value looked Arabic
	value int    // the Latin value's segment
	latin string // the Latin name when the side's fields do not hold it (ArabicByName)
	// strict: a reading is kept only when it spells latin (spellsLatin); the Latin value
	// beside it was not read, so nothing else vouches for the run.
	strict bool
}

// arabicVariants are the ways an Arabic run is cut out and binarized, tried in turn while the
// reading is doubtful: Otsu on the run (the default), the gray crop (Otsu broke thin strokes
// of a few glyphs, reading خ as خت or ج as ح), a larger Otsu crop, and the run squeezed to 70 %
// of its width: a monospaced Arabic font stretches the narrow letters and their joins, which
// the model, trained on proportional print, misreads ("زنعب" for "زينب"; on 50 cards of the
// second generator it added 4 right Arabic given names).
var arabicVariants = []cropStyle{
	arabicCrop,
	{pad: 2, height: 60, border: 10},
	{pad: 3, height: 84, border: 12, binarize: true},
	{pad: 2, height: 60, border: 10, binarize: true, squeeze: 0.7},
}

// arabicSure is the Tesseract confidence at which a reading that agrees with the Latin name
// is not read again.
const arabicSure = 0.85

// readArabic reads the wanted segments with the Arabic model and sets the Arabic fields. A
// doubtful reading (low confidence, or a spelling that does not transliterate to the Latin
// name read on the card) is read again with another binarization, and the reading closest to
// the Latin name, then the most confident, is kept. Misplaced dots are repaired where the
// Latin name decides them (arabicdots.go).
func (r *Reader) readArabic(ctx context.Context, card gocv.Mat, side *Side, wanted []arabicWant) error {
	for _, w := range wanted {
		latin := w.latin
		if latin == "" {
			latin = side.Fields[strings.TrimSuffix(w.field, "_arabic")].Text
		}
		seg, best := w.seg, arabicReading{}
		if seg >= 0 {
			var err error
			box := withLetterMarks(side.Segments, seg) // the box best was read in
			if best, err = r.bestArabic(ctx, card, box, latin); err != nil {
				return err
			}
			if band, ok := valueBand(box, side.Segments, w.value); ok && latin != "" && !spellsLatin(best, latin) {
				c, err := r.bestArabic(ctx, card, band, latin)
				if err != nil {
					return err
				}
				if c.letters >= 2 && (best.letters < 2 || c.better(best)) {
					best, box = c, band
				}
			}
			if latin != "" {
				c, ok, err := r.nameAlone(ctx, card, box, best, latin)
				if err != nil {
					return err
				}
				if ok {
					best = c
				}
			}
		}
		if best.letters < 2 && latin != "" {
			// Nothing beside the value read as a name in Arabic (the run taken for Arabic was
			// only the caption): a short bold name can pass the script test as Latin ("عادل"
			// read "Jle"). The runs between the value and the caption are read as Arabic, and
			// one is kept only when it spells the Latin name.
			for _, j := range latinBetween(side.Segments, w.value, seg) {
				c, err := r.bestArabic(ctx, card, side.Segments[j].Box, latin)
				if err != nil {
					return err
				}
				if c.letters >= 2 && c.dist <= len(latinSkeleton(latin))/3 {
					seg, best = j, c
					break
				}
			}
		}
		if latin != "" && w.value >= 0 && !spellsLatin(best, latin) {
			// No reading on the value's row spells the name: the Arabic may be printed off
			// it (arabicoffrow.go).
			for _, j := range arabicOffRow(side.Segments, w.value, seg) {
				box, joined := joinedArabicBox(side.Segments, j)
				c, err := r.bestArabic(ctx, card, box, latin)
				if err != nil {
					return err
				}
				if spellsLatin(c, latin) {
					copy(side.Segments, joined)
					seg, best = j, c
					break
				}
			}
		}
		if best.letters < 2 || w.strict && !spellsLatin(best, latin) {
			continue
		}
		s := &side.Segments[seg]
		s.Text, s.Conf, s.Arabic, s.pending = best.raw, best.conf, true, false
		setValue(side.Fields, w.field, best.text, best.conf)
		if lf := strings.TrimSuffix(w.field, "_arabic"); w.latin == "" && best.conf >= arabicSure {
			// A sure Arabic reading mends a Latin one misread by a lookalike letter.
			if v, ok := side.Fields[lf]; ok {
				if fixed, ok := mendLatinByArabic(v.Text, best.text); ok {
					side.Fields[lf] = Value{fixed, v.Conf}
				}
			}
		}
		if lf := strings.TrimSuffix(w.field, "_arabic"); w.latin == "" {
			if v, ok := side.Fields[lf]; ok {
				if joined, ok := joinSplitName(v.Text, best.text); ok {
					side.Fields[lf] = Value{joined, v.Conf}
				}
			}
		}
	}
	return nil
}

// bestArabic reads the run in box with the Arabic model, again with other crops while the
// reading is doubtful, and keeps the reading closest to the Latin name, then the most
// confident; letters < 2 when no reading is a name.
func (r *Reader) bestArabic(ctx context.Context, card gocv.Mat, box image.Rectangle, latin string) (arabicReading, error) {
	var best arabicReading
	for i, st := range arabicVariants {
		rd, err := r.readCrop(ctx, r.arabic, arabicSettings, card, box, st)
		if err != nil {
			return arabicReading{}, err
		}
		c := newArabicReading(rd.Text, rd.Conf, latin)
		if c.letters >= 2 && (best.letters < 2 || c.better(best)) {
			best = c
		}
		if i == 0 && best.letters >= 2 && best.conf >= arabicSure && best.dist == 0 && !best.guessed {
			break
		}
	}
	return best, nil
}

// withLetterMarks is segment seg's box with the marks beside it that are letters of the same
// name: Arabic letters that do not join their neighbour leave a gap, and a tall one beside low
// ones ("أ" of "أحمد", an alef beside ح م د) is kept out of the run (joinGap takes a blob twice
// the text's height for portrait texture), so the name was read without it ("حمد"). A mark
// counts when it is no farther than the run's height, stands on the run's baseline and
// reaches at least as high.
func withLetterMarks(segs []Segment, seg int) image.Rectangle {
	box := segs[seg].Box
	for changed := true; changed; {
		changed = false
		for j, m := range segs {
			b := m.Box
			if j == seg || !m.pending || box.Union(b) == box {
				continue
			}
			h := box.Dy()
			gap := max(b.Min.X-box.Max.X, box.Min.X-b.Max.X)
			base := b.Max.Y - box.Max.Y
			if gap < h && 4*max(base, -base) <= h && b.Min.Y <= box.Min.Y && b.Dx() < h {
				box, changed = box.Union(b), true
			}
		}
	}
	return box
}

// latinBetween lists the segments read as Latin on the row of segment value, right of it and
// left of segment stop (anywhere right of it when stop is -1), nearest first: where a name's
// Arabic spelling stands when the script test missed it.
func latinBetween(segs []Segment, value, stop int) []int {
	v := segs[value].Box
	var out []int
	for j, s := range segs {
		if j == value || s.Arabic || s.pending || s.Box.Min.X <= v.Max.X || !sameRow(s.Box, v) {
			continue
		}
		if stop >= 0 && s.Box.Min.X >= segs[stop].Box.Min.X {
			continue
		}
		out = append(out, j)
	}
	sort.Slice(out, func(a, b int) bool { return segs[out[a]].Box.Min.X < segs[out[b]].Box.Min.X })
	return out
}

// arabicReading is one reading of an Arabic run, scored against the Latin name.
type arabicReading struct {
	raw, text string // the Arabic text read; the value (caption and stray marks dropped)
	conf      float64
	letters   int
	dist      int // skeleton distance to the Latin name; 0 when there is none to compare
	fit       int // vowelFit to the Latin name, for readings the skeleton finds equal
	// guessed: a letter was dropped to meet the Latin skeleton (dropStrayLetter); it may
	// have been a misread letter of the name ("هدق" for "هدى"), so other crops are read too.
	guessed bool
}

func newArabicReading(text string, conf float64, latin string) arabicReading {
	raw := arabicText(text)
	v := collapseRepeats(joinSplitWords(dropStrayWords(stripArabicCaption(raw), latin), latin), latin)
	if fixed, ok := repairDots(v, latin); ok {
		// A letter repaired into its neighbour's twin ("خحمزة" → "ححمزة") is one letter read
		// twice.
		v = collapseRepeats(fixed, latin)
	} else if d, ok := toothVowel(v, latin); ok {
		v = d
	}
	if d, ok := dropStrayInitial(v, latin); ok {
		v = d
	}
	guessed := false
	if d, ok := dropStrayLetter(v, latin); ok {
		v, guessed = d, true
	}
	if d, ok := recountTeeth(v, latin); ok {
		v, guessed = d, true
	}
	v = mendInnerHa(v, latin)
	v = finalDal(finalAlefMaqsura(finalYa(dropFinalTaMarbuta(finalTaMarbuta(v, latin), latin), latin), latin), latin)
	v = missingFinalYa(v, latin)
	v = initialHamza(dropSilentAlef(dropDoubledAlef(dropInnerHamza(v, latin)), latin), latin)
	rd := arabicReading{raw: raw, text: v, conf: conf, letters: arabicLetters(v), dist: skeletonDistance(latin, v), guessed: guessed}
	if latin != "" {
		rd.fit = vowelFit(latin, v)
	}
	return rd
}

// better: closer to the Latin name's skeleton, then to the order of its written vowels
// ("زينب" before "زنعب" for ZINEB), then read as printed rather than mended by a dropped
// letter, then more confident.
func (a arabicReading) better(b arabicReading) bool {
	if a.dist != b.dist {
		return a.dist < b.dist
	}
	if a.fit != b.fit {
		return a.fit > b.fit
	}
	if a.guessed != b.guessed {
		return !a.guessed
	}
	return a.conf > b.conf
}

// skeletonDistance is the edit distance between the consonant skeletons of a Latin and an
// Arabic spelling (translit.go); 0 when the Latin one is empty (nothing to compare with). An
// Arabic reading without consonants is as far as the Latin skeleton is long ("اه" for AYOUB
// agreed with it before).
func skeletonDistance(latin, arabic string) int {
	l := latinSkeleton(latin)
	if l == "" {
		return 0
	}
	return levenshtein(l, arabicSkeleton(arabic))
}

// dropStrayWords removes a word at either end of an Arabic name when the rest transliterates
// closer to the Latin name (a speck of the guilloche, or a caption printed beside the name and
// misread past recognition: every word of the name is accounted for by the Latin spelling, a
// caption's is not); a one-letter word, or one without letters (a digit read in the
// guilloche), goes whenever the name has other words (no name is a single Arabic letter). An
// article with no consonant after it ("الى" before "الوزاني") goes too when the Arabic has
// more words than the Latin name: it spells none of its sounds. (The article written apart,
// "ال", stays, and so does a name split in two, "إي مان", which joinSplitWords mends.)
func dropStrayWords(ar, latin string) string {
	for {
		words := strings.Fields(ar)
		if len(words) < 2 {
			return ar
		}
		cur := skeletonDistance(latin, ar)
		changed := false
		for _, cand := range [][]string{words[1:], words[:len(words)-1]} {
			end := words[0]
			if &cand[0] == &words[0] {
				end = words[len(words)-1]
			}
			n := arabicLetters(end)
			rest := strings.Join(cand, " ")
			soundless := latin != "" && strings.HasPrefix(end, "ال") && end != "ال" && arabicSkeleton(end) == "" && latinSkeleton(latin) != "" &&
				len(words) > len(strings.Fields(NormalizeName(latin)))
			if n <= 1 || soundless || latin != "" && skeletonDistance(latin, rest) < cur {
				ar, changed = rest, true
				break
			}
		}
		if !changed {
			return ar
		}
	}
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
