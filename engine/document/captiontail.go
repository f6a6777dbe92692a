package document

import (
	"image"
	"strings"
	"unicode"
)

// Bilingual captions ("Lieu de naissance/Place of birth") are long runs of small print, and
// OCR segmentation splits them at their wider word spaces: the caption is matched on its first
// run and the rest ("of birth", "names") follows on the line. Values are printed in capitals
// or digits, so a run of lower-case words right after a caption is the caption's tail: it is
// neither the value beside the caption nor a field of its own.

// captionText: s reads as caption print, mostly lower-case letters (a value misread has a
// stray lower-case letter or two among capitals).
func captionText(s string) bool {
	lower, upper := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r):
			upper++
		}
	}
	return lower >= 2 && lower > 2*upper
}

// markCaptionTail makes the runs continuing caption i on its line part of it: the value
// beside the caption is looked for after its tail. A run that is a caption of its own ("Nom"
// then "Prénom" on one row) is no tail.
func markCaptionTail(segs []Segment, isLabel []bool, i int, docType string) {
	tail := func(s Segment) bool {
		_, toks := tokenize(s.Text)
		_, own := matchLabel(norms(toks), docType)
		return captionText(s.Text) && !own
	}
	for j := i + 1; j < len(segs); j++ {
		if isLabel[j] && segs[j].Line == segs[i].Line && segs[j].Box.Max.X <= segs[i].Box.Max.X {
			continue // a run already joined to the caption ("Date" · "de délivrance")
		}
		if !continuesCaption(segs[i], segs[j]) || !tail(segs[j]) {
			return
		}
		joinRun(segs, isLabel, i, j)
	}
}

// valueNear finds the value of caption l printed beside it or under it: the run beside it
// when it is a valid value of the field, else, for a caption standing alone (no text after
// it but its own tail), the run under it when that is valid (a stacked caption with a
// neighbouring field beside it), else the run beside it as before. A caption followed by text
// that is no value of its field is likely a misread ("4a." read "a"): what lies under it is
// another field's. Pending marks are read first (resolve). -1 when there is none.
func valueNear(segs []Segment, isLabel []bool, l labelled, resolve func(int) error) (int, error) {
	side, under := beside(segs, isLabel, l.seg), below(segs, isLabel, l.seg)
	// A caption's colon or dot set apart is a speck beside it ("Prénom" · ":" · "SAID"),
	// pending until read: once read as no letter and no digit, the value is beside it.
	for range 2 {
		if side < 0 || !segs[side].pending {
			break
		}
		if err := resolve(side); err != nil {
			return -1, err
		}
		if letters(segs[side].Text) > 0 || strings.ContainsAny(segs[side].Text, "0123456789") {
			break
		}
		if 3*segs[side].Box.Dy() > 4*segs[l.seg].Box.Dy() {
			// A speck taller than the caption is no colon of it but the portrait's edge,
			// and reaching past it measures the gap by its height ("(A" · "£ |" · "ZIANI"
			// took the surname for the place of birth).
			side = -1
			break
		}
		side = beside(segs, isLabel, side)
	}
	// A letter split from the caption's last word ("Lieu de naissant" · "e") or a speck read
	// as a digit ("{ 2]"), smaller than the caption's print, is no value: the value is beside
	// it. (A street number set apart, "13" · "RUE PASTEUR", is as tall as the rest.)
	if side >= 0 && !segs[side].pending && alnum(segs[side].Text) <= 2 && 5*segs[side].Box.Dy() < 4*segs[l.seg].Box.Dy() &&
		!validValue(l.field, segs[side].Text) {
		if next := beside(segs, isLabel, side); next >= 0 {
			side = next
		}
	}
	alone := l.value == "" || captionText(l.value)
	for _, j := range []int{side, under} {
		if j < 0 || j == under && side >= 0 && !alone {
			continue
		}
		if err := resolve(j); err != nil {
			return -1, err
		}
		if validValue(l.field, segs[j].Text) {
			if err := readAgain(segs, l.field, j, resolve); err != nil || j != side {
				return j, err
			}
			return j, readWithCaption(segs, l, j, resolve)
		}
	}
	j := side
	if j < 0 {
		j = under
	}
	if j >= 0 && dateField[l.field] && digits(segs[j].Text) >= 6 {
		// A date beside or under its caption misread past parsing ("1951252035" for
		// "19.12.2035", its dots read as 5s): read once more, binarized.
		return j, readAgain(segs, l.field, j, resolve)
	}
	return j, nil
}

// doubtfulConf is the Tesseract confidence under which a caption's value is read once more;
// under lostConf, Tesseract gives a reading as good as no reading.
const (
	doubtfulConf = 0.5
	lostConf     = 0.1
)

// readAgain reads value segment j of field once more, binarized (resolve), when it is no
// value of the field or was read with a doubtful confidence ("ELELE" at 0.39 for "LILLE"):
// the new reading is kept when it is a value of the field and read with more confidence.
func readAgain(segs []Segment, field string, j int, resolve func(int) error) error {
	valid := validValue(field, segs[j].Text)
	if valid && segs[j].Conf >= doubtfulConf || segs[j].reread || segs[j].pending {
		return nil
	}
	old := segs[j]
	segs[j].misread = true
	if err := resolve(j); err != nil {
		return err
	}
	if !validValue(field, segs[j].Text) || valid && segs[j].Conf <= old.Conf {
		reread := segs[j].reread
		segs[j] = old
		segs[j].reread = reread
	}
	segs[j].misread = false
	return nil
}

// readWithCaption reads value segment j, beside caption l on its line and read with next to
// no confidence even the second time, once more with its caption as one line, and keeps the
// words after the caption's when they are a surer value of the field: a name read alone may
// be read as a dictionary word at confidence 0 ("MOHAMMED" for MOHAMED, read "Prénom
// MOHAMED" at 0.93). A doubtful reading is not: the line's confidence is mostly its
// caption's, and "SAFI" at 0.5 became "SAFT" at 0.91.
func readWithCaption(segs []Segment, l labelled, j int, resolve func(int) error) error {
	c := segs[l.seg]
	if segs[j].Conf >= lostConf || segs[j].pending || c.Line != segs[j].Line || c.Box.Max.X > segs[j].Box.Min.X {
		return nil
	}
	old := segs[j]
	segs[j].withCaption, segs[j].captionWords = c.Box, len(strings.Fields(c.Text))
	if err := resolve(j); err != nil {
		return err
	}
	if !validValue(l.field, segs[j].Text) || segs[j].Conf <= old.Conf {
		segs[j] = old
	}
	segs[j].withCaption = image.Rectangle{}
	return nil
}

// readValueAlone reads the value of caption l again without the caption, when the two were
// read as one run at a doubtful confidence ("2 /JULTE" at 0.26; "JULIE" alone at 0.96), and
// returns the surer reading of the value with its confidence.
func readValueAlone(segs []Segment, l labelled, resolve func(int) error) (string, float64, error) {
	s := segs[l.seg]
	if s.Conf >= doubtfulConf || s.valueX <= s.Box.Min.X || s.pending || s.Arabic {
		return l.value, s.Conf, nil
	}
	segs[l.seg].valueOnly = true
	if err := resolve(l.seg); err != nil {
		return "", 0, err
	}
	alone := segs[l.seg]
	segs[l.seg] = s // the run stays the caption's, with its value, for the rules after
	if alone.Conf <= s.Conf || !validValue(l.field, alone.Text) {
		return l.value, s.Conf, nil
	}
	if strings.HasSuffix(s.Text, l.value) {
		segs[l.seg].Text, segs[l.seg].Conf = strings.TrimSuffix(s.Text, l.value)+alone.Text, alone.Conf
	}
	return alone.Text, alone.Conf, nil
}

// dateField are the fields whose value is a date.
var dateField = map[string]bool{"date_of_birth": true, "issue_date": true, "expiry_date": true}

// digits counts the ASCII digits of s.
func digits(s string) int { return len(strings.Map(digitOnly, s)) }

// dropCaptionHead is the text of a name or place run without the lower-case words it starts
// with, the end of a bilingual caption cut at a wide word space and joined to the value
// ("Lieu de naissance / Place of" · "birth TOULOUSE"): names and places are printed in
// capitals.
func dropCaptionHead(field, text string) string {
	if !nameLike[field] {
		return text
	}
	w := strings.Fields(text)
	k := 0
	for k+1 < len(w) && lowerWord(w[k]) {
		k++
	}
	if k == 0 || strings.IndexFunc(w[k], unicode.IsUpper) < 0 {
		return text
	}
	return strings.Join(w[k:], " ")
}

// lowerWord: w is two lower-case letters or more and nothing else.
func lowerWord(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsLower(r) {
			return false
		}
		n++
	}
	return n >= 2
}
