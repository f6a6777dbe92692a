package document

import (
	"unicode"
	"unicode/utf8"
)

// A one-letter caption ("à" over the place of birth) is a mark too small to be read up front
// (readQuad leaves marks pending). Set in caption print right above a value's first letter,
// it is read before the captions are matched, so that its value is found under it. So is a
// short caption that read as nothing up front ("Nom" over "EL IDRISSI" in a blurred photo):
// it is read once more (resolve's raw-line reread), or the title above took it for its value
// and the surname was left without a caption.

// readCaptionMarks reads the pending or unread Latin marks that sit as captions above a run
// of text.
func readCaptionMarks(segs []Segment, resolve func(int) error) error {
	for i, m := range segs {
		if !(m.pending || m.Text == "") || m.Arabic {
			continue
		}
		switch {
		case capsMark(segs, i):
			if err := resolve(i); err != nil {
				return err
			}
		case inlineMark(segs, i):
			// Read for the small "à" caption only: any other reading ("r E", or "> À" with a
			// capital, for a licence's small "2." before the given names) is put back as
			// unread, as the fallbacks that find such values expect.
			saved := segs[i]
			if err := resolve(i); err != nil {
				return err
			}
			if !smallLetter(segs[i].Text) {
				segs[i] = saved
			}
		}
	}
	return nil
}

// capsMark: mark i is printed smaller than a read run whose first letter is right under it,
// within a letter height of it.
func capsMark(segs []Segment, i int) bool {
	m := segs[i].Box
	for _, s := range segs {
		v := s.Box
		if s.pending || s.Arabic || s.Text == "" || s.Line <= segs[i].Line {
			continue
		}
		gap, dx := v.Min.Y-m.Max.Y, v.Min.X-m.Min.X
		// Smaller than the value, accent included: "À" is as tall as a capital and its accent.
		if gap >= 0 && gap <= v.Dy() && 2*max(dx, -dx) <= v.Dy() && 10*m.Dy() < 9*v.Dy() {
			return true
		}
	}
	return false
}

// inlineMark: mark i is a caption set inline before its value ("à" · "OUJDA" on a licence):
// pending, it stands before a read run on that run's baseline, within three letter heights
// (a colon between them: "à :  GRENOBLE"), printed smaller, and in the captions' column (its
// left edge under or over another read run's on another line). Unread, a speck in the
// portrait read "À)" took the place of birth with its neighbour "PR".
func inlineMark(segs []Segment, i int) bool {
	m := segs[i].Box
	if !segs[i].pending {
		return false
	}
	value, column := false, false
	for _, s := range segs {
		v := s.Box
		if s.pending || s.Arabic || s.Text == "" {
			continue
		}
		gap := v.Min.X - m.Max.X
		if s.Line == segs[i].Line && gap >= 0 && gap <= 3*v.Dy() && 10*m.Dy() < 9*v.Dy() && 3*m.Dy() >= v.Dy() &&
			4*abs(v.Max.Y-m.Max.Y) <= v.Dy() {
			value = true
		}
		if s.Line != segs[i].Line && abs(v.Min.X-m.Min.X) <= m.Dy()/2 {
			column = true
		}
	}
	return value && column
}

// smallLetter: text reads as one lower-case letter, perhaps with a speck for a full stop
// ("a", "à.").
func smallLetter(text string) bool {
	raw, toks := tokenize(text)
	if len(toks) != 1 || !oneLetter(toks[0].norm) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(raw[toks[0].raw])
	return unicode.IsLower(r)
}
