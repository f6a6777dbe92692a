package document

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// permitFallbacks reads what a driving licence front's lost or misread captions leave: they
// are the smallest print on the card ("1." "3." "4a." "4b." on the EU model, "Délivré le" on
// the Moroccan one) and the first thing a degraded photo loses, while the values are large.
// It returns the names it took, with their segments (their Arabic spelling is beside them);
// resolve reads a run again (see extract).
func permitFallbacks(out map[string]Value, segs []Segment, isLabel []bool, resolve func(int) error) ([]nameFrom, error) {
	names := numberedNames(out, segs, isLabel)
	if j := firstNameUnder(out, segs, isLabel); j >= 0 {
		names = append(names, nameFrom{"first_name", j})
	}
	j, err := surnameAbove(out, segs, isLabel, resolve)
	if err != nil {
		return nil, err
	}
	if j >= 0 {
		names = append(names, nameFrom{"last_name", j})
	}
	if v, ok := out["document_number"]; !ok {
		shapeFallback(out, segs, isLabel, "document_number", licenceNumberShape)
		shapeFallback(out, segs, isLabel, "document_number", maLicenceNumberShape)
	} else if n := licenceDigits(v.Text); n != v.Text {
		out["document_number"] = Value{n, v.Conf}
	}
	if _, ok := out["last_name"]; !ok {
		if _, ok := out["first_name"]; !ok {
			if last, first := namesAboveBirth(out, segs, isLabel); last >= 0 {
				names = append(names, nameFrom{"last_name", last}, nameFrom{"first_name", first})
			} else {
				return names, nil // not the front: the back's category table has dates of its own
			}
		}
	}
	// The birth date found by its rank has its place under it when the place's caption, the
	// small "à" of the Moroccan model, was lost with the date's ("D Née" · "02.03.1983" over
	// "MEKNES").
	if b := rankDates(out, segs); b >= 0 {
		if _, ok := out["place_of_birth"]; !ok {
			placeFallback(out, segs, isLabel, b)
		}
	}
	return names, nil
}

// namesAboveBirth takes both names when every caption before the birth date was lost ("1."
// read ":", "2." read as nothing): every licence model prints the surname, then the given
// names, then the birth date, one under the other in one column. The birth date is the
// earliest of exactly three dates on the side (rankDates); the two lines right above it in
// its column must read as names, a caption's mark before them aside. A side with the back's
// category table is left alone. It returns the surname's and the given names' segments, or
// -1, -1 when it took none.
func namesAboveBirth(out map[string]Value, segs []Segment, isLabel []bool) (int, int) {
	if categoryTable(segs) {
		return -1, -1
	}
	b := rankDates(maps.Clone(out), segs)
	if b < 0 {
		return -1, -1
	}
	var lines []int // the runs above, nearest first
	for k := segs[b].Line - 1; k >= 0 && len(lines) < 2; k-- {
		run := -1
		for j, s := range segs {
			if s.Line == k && !s.Arabic && !s.pending && !isLabel[j] && abs(s.Box.Min.X-segs[b].Box.Min.X) <= 2*segs[b].Box.Dy() {
				run = j
			}
		}
		if run >= 0 {
			lines = append(lines, run)
		}
	}
	if len(lines) < 2 {
		return -1, -1
	}
	name := func(j, below int) string {
		if segs[below].Box.Min.Y-segs[j].Box.Max.Y > 3*segs[j].Box.Dy() {
			return "" // too far above: another block
		}
		w := strings.Fields(segs[j].Text)
		for len(w) > 1 && (letters(w[0]) == 0 || numberedCaptionWord(w[0])) {
			w = w[1:] // the caption's mark or number ("1", ":", "2.")
		}
		t := strings.Join(w, " ")
		if strings.ContainsFunc(t, unicode.IsDigit) || letters(cleanName(t)) < 3 {
			return ""
		}
		return cleanName(t)
	}
	given, surname := name(lines[0], b), name(lines[1], lines[0])
	if given == "" || surname == "" {
		return -1, -1
	}
	setValue(out, "first_name", given, segs[lines[0]].Conf*0.8)
	setValue(out, "last_name", surname, segs[lines[1]].Conf*0.8)
	return lines[1], lines[0]
}

// numberedCaptionWord: w is an EU licence's field number read before its value ("1", "2.").
func numberedCaptionWord(w string) bool {
	return strings.Trim(w, "0123456789.,:;") == "" && len(w) <= 3
}

// surnameOverGivenNames drops the surname captions found below the given names' caption when
// one is found above it: a licence prints its surname first (field 1 of the EU model over
// field 2), and a later caption misread as the surname's ("4c." read "1.") put the issuing
// authority in the surname, read with a higher confidence than the name itself.
func surnameOverGivenNames(found []labelled, segs []Segment) []labelled {
	given := -1
	for _, l := range found {
		if l.field == "first_name" && (given < 0 || segs[l.seg].Line < given) {
			given = segs[l.seg].Line
		}
	}
	if given < 0 || !slices.ContainsFunc(found, func(l labelled) bool { return l.field == "last_name" && segs[l.seg].Line < given }) {
		return found
	}
	return slices.DeleteFunc(found, func(l labelled) bool { return l.field == "last_name" && segs[l.seg].Line > given })
}

// expiryUnderIssue makes a bare "4." caption the expiry's when the issue date's "4a" was read
// with its letter on a line above it and no expiry caption was found: the EU model prints 4b
// under 4a, and "4b." read "4." gave the expiry date for the issue date (read more surely,
// it replaced it).
func expiryUnderIssue(found []labelled, segs []Segment) []labelled {
	issueLine := -1
	for _, l := range found {
		switch {
		case l.field == "expiry_date":
			return found
		case l.field == "issue_date" && captionNumber(segs[l.seg].Text) == "4a":
			issueLine = segs[l.seg].Line
		}
	}
	if issueLine < 0 {
		return found
	}
	for i, l := range found {
		if l.field == "issue_date" && captionNumber(segs[l.seg].Text) == "4" && segs[l.seg].Line > issueLine {
			found[i].field = "expiry_date"
		}
	}
	return found
}

// captionNumber is a licence caption's field number as read at the start of text, without
// its full stop ("4a. 11.04.2021" → "4a").
func captionNumber(text string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	return strings.ToLower(strings.TrimRight(w, ".,:"))
}

// nameFrom is a name a fallback took and the segment it took it from.
type nameFrom struct {
	field string
	seg   int
}

// licenceNumberShape is the EU model's licence number as France prints it (MRZ positions
// 6–14): nine letters and digits, digits first ("67BF52299").
var licenceNumberShape = regexp.MustCompile(`^[0-9]{2}[A-Z]{2}[0-9]{5}$`)

// maLicenceNumberShape is the Moroccan licence number: the issuing office's code, a slash and
// the serial ("51/101442"). A date has two separators, so it never takes this shape.
var maLicenceNumberShape = regexp.MustCompile(`^[0-9]{1,3}/[0-9]{5,7}$`)

// licenceDigits repairs a licence number read with a letter for a digit ("49RGO5559"): the
// shape says which positions hold digits. Anything that does not then fit it is kept as read.
func licenceDigits(n string) string {
	if len(n) != 9 {
		return n
	}
	fixed := digitLetters.Replace(n[:2]) + n[2:4] + digitLetters.Replace(n[4:])
	if licenceNumberShape.MatchString(fixed) {
		return fixed
	}
	return n
}

// numberedName matches an EU licence's name line whose caption lost its dot ("1 DUBOIS",
// "2 CLAIRE NICOLAS"): a name has no digit, so the lone number can only be the caption.
var numberedName = regexp.MustCompile(`^\s*([12])\s+(\p{Lu}[\p{Lu}' -]*)$`)

func numberedNames(out map[string]Value, segs []Segment, isLabel []bool) []nameFrom {
	var names []nameFrom
	for j, s := range segs {
		if isLabel[j] || s.Arabic || s.pending {
			continue
		}
		m := numberedName.FindStringSubmatch(s.Text)
		if m == nil {
			continue
		}
		field := map[string]string{"1": "last_name", "2": "first_name"}[m[1]]
		if _, ok := out[field]; !ok {
			setField(out, field, m[2], s.Conf*0.9)
			if taken(out, field, j) >= 0 {
				names = append(names, nameFrom{field, j})
			}
		}
	}
	return names
}

// firstNameUnder takes the given names from the line under the surname (field 2 under field
// 1 in the EU model) when their caption "2." was lost: the nearest line below, in the
// surname's column, holding a name and no digit. It returns that segment, or -1.
func firstNameUnder(out map[string]Value, segs []Segment, isLabel []bool) int {
	last, ok := out["last_name"]
	if _, done := out["first_name"]; done || !ok {
		return -1
	}
	for i, s := range segs {
		if !strings.HasPrefix(strings.TrimSpace(s.Text), "1") || !strings.HasSuffix(cleanName(s.Text), last.Text) {
			continue
		}
		for j := i + 1; j < len(segs); j++ {
			n := segs[j]
			if n.Line <= s.Line || n.Arabic || n.pending || n.Box.Max.X < s.Box.Min.X || n.Box.Min.X > s.Box.Max.X {
				continue // on the surname's line, or in another column (the portrait's specks)
			}
			if n.Box.Min.Y-s.Box.Max.Y > 3*s.Box.Dy() || isLabel[j] {
				return -1
			}
			if letters(n.Text) == 0 && len([]rune(strings.TrimSpace(n.Text))) <= 3 {
				continue // the caption "2." misread as a run of its own ("#1") before the name
			}
			if letters(n.Text) <= 2 && n.Conf < 0.3 {
				continue // a speck read as a letter or two, hardly ("D" at 0.04) before the name
			}
			if letters(n.Text) <= 2 && 3*n.Box.Dy() < 2*s.Box.Dy() {
				continue // the caption "2." in its small print, misread as letters ("F À")
			}
			// The caption misread into the name's run ("4 ? CAMILLE"): words without letters
			// before it; the caption read after a speck ("Si 2. JULIE"): the words after it.
			name := strings.Fields(n.Text)
			if k := slices.IndexFunc(name, isGivenNamesCaption); k >= 0 && k <= 1 {
				name = name[k+1:]
			}
			for len(name) > 1 && letters(name[0]) == 0 {
				name = name[1:]
			}
			text := strings.Join(name, " ")
			if strings.ContainsFunc(text, unicode.IsDigit) {
				return -1
			}
			setField(out, "first_name", text, n.Conf*0.85)
			return taken(out, "first_name", j)
		}
		return -1
	}
	return -1
}

// isGivenNamesCaption: w is the EU model's caption "2." (its dot read as a comma or colon).
func isGivenNamesCaption(w string) bool { return w == "2." || w == "2," || w == "2:" }

// taken is j when field was set, else -1.
func taken(out map[string]Value, field string, j int) int {
	if _, ok := out[field]; ok {
		return j
	}
	return -1
}

// surnameAbove takes the surname from the line above the given names when its caption was
// misread beyond recognition ("ou : HAJJI" for "NOM : HAJJI") or lost: a licence prints the
// surname first (field 1 of the EU model, "Nom" on the Moroccan one). Only a line whose
// caption is still marked is taken: by its colon, its caption a word of at most three letters,
// by a first word that is the caption's dot alone (its digit lost), or by an unreadable word
// where the caption stands (beside the name, or over it when the captions are stacked over
// their values), or by a short word in caption print before the name (a caption misread with
// the value it was joined to, "vo QOUAZZANI" for "NOM OUAZZANI": the value is read again
// alone, with resolve). It must be in the given names' column and within three of their
// heights: a title line has neither mark. A given-names caption stacked over its value is
// passed over.
func surnameAbove(out map[string]Value, segs []Segment, isLabel []bool, resolve func(int) error) (int, error) {
	first, ok := out["first_name"]
	if _, done := out["last_name"]; done || !ok {
		return -1, nil
	}
	for i, s := range segs {
		if s.Arabic || s.pending || !strings.HasSuffix(cleanName(s.Text), first.Text) {
			continue
		}
		left := s.Box.Min.X // the caption's start, when it is a segment of its own
		for j, c := range segs {
			if isLabel[j] && c.Line == s.Line && c.Box.Max.X <= s.Box.Min.X {
				left = min(left, c.Box.Min.X)
			}
		}
		for j := i - 1; j >= 0; j-- {
			n := segs[j]
			if n.Line >= s.Line || n.Arabic || n.pending || n.Box.Max.X < left || n.Box.Min.X > s.Box.Max.X {
				continue // on the given names' line, or in another column
			}
			if s.Box.Min.Y-n.Box.Max.Y > 3*s.Box.Dy() || strings.ContainsFunc(n.Text, unicode.IsDigit) {
				return -1, nil
			}
			if isLabel[j] {
				if captionField(n.Text) == "first_name" {
					continue // the given names' own caption, stacked over them
				}
				return -1, nil
			}
			caption, name, ok := strings.Cut(n.Text, ":")
			if w := strings.Fields(n.Text); !ok && len(w) > 1 && strings.Trim(w[0], ".,;'") == "" {
				caption, name, ok = w[0], strings.Join(w[1:], " "), true // "1." read as its dot: ". MANSOURI"
			}
			if !ok && lostCaption(segs, j, s.Box.Min.X) {
				caption, name, ok = "", n.Text, true
			}
			if w := strings.Fields(n.Text); !ok && len(w) > 1 && n.valueX > n.Box.Min.X && captionPrint(w[0]) {
				segs[j].valueOnly = true
				if err := resolve(j); err != nil {
					return -1, err
				}
				caption, name, ok = w[0], strings.Join(w[1:], " "), true
				if segs[j].Box.Min.X == n.valueX {
					name = segs[j].Text // read alone
				}
				n = segs[j]
			}
			if !ok || len([]rune(strings.TrimSpace(caption))) > 3 || strings.Contains(name, ":") {
				return -1, nil
			}
			setField(out, "last_name", name, n.Conf*0.85)
			return taken(out, "last_name", j), nil
		}
		return -1, nil
	}
	return -1, nil
}

// captionPrint: w, the first word of a run, is a short caption misread in lower case ("vo"
// for "NOM"): a name is printed in capitals, a caption is at most three letters here.
func captionPrint(w string) bool {
	return len([]rune(w)) <= 3 && strings.ContainsFunc(w, unicode.IsLower)
}

// captionField is the field a caption segment names, "" when it names none.
func captionField(text string) string {
	_, toks := tokenize(text)
	m, ok := matchLabel(norms(toks), "permit")
	if !ok {
		return ""
	}
	return m.field
}

// lostCaption: segment n, a name, has an unreadable word where its caption stands: left of
// it on its line, or over its start on the line above (captions stacked over values). An
// unreadable word is one Tesseract read as nothing or as marks only, at least caption-sized
// (specks of the background are smaller) and wider than tall; beside the name in the
// captions' column col (where the given names' numbered caption starts), a narrower mark
// too: its own "1.", too small to be read up front ("1." · "EL IDRISSI" over "2. ABDELLAH").
func lostCaption(segs []Segment, n, col int) bool {
	v := segs[n].Box
	if letters(segs[n].Text) < 2 || cleanName(segs[n].Text) == "" {
		return false
	}
	for j, m := range segs {
		b := m.Box
		if j == n || m.Arabic || letters(m.Text) > 0 || b.Dy() < v.Dy()*2/5 {
			continue
		}
		beside := m.Line == segs[n].Line && b.Max.X <= v.Min.X && v.Min.X-b.Max.X <= 3*v.Dy()
		if b.Dx() < b.Dy()*3/2 && !(beside && max(b.Min.X-col, col-b.Min.X) <= v.Dy()) {
			continue
		}
		over := b.Max.Y <= v.Min.Y && v.Min.Y-b.Max.Y <= v.Dy()*3/2 && max(b.Min.X-v.Min.X, v.Min.X-b.Min.X) <= v.Dy()
		if beside || over {
			return true
		}
	}
	return false
}

// rankDates fills or corrects a side's dates from their order, on documents that print
// exactly three: the holder's birth, the issue and the expiry (a licence front, a passport's
// data page). The holder is born before the document is issued, and it is issued before it
// expires. So when the side holds exactly three distinct dates, each missing field takes the
// date of its rank; a date followed by a place is the EU licence's field 3 (birth date and
// place). The issue and expiry captions are misread into each other ("4b." read "4.", taken
// for "4a."), so a captioned issue or expiry date out of its rank takes its rank too; a
// captioned birth date out of its rank means the reading is not to be trusted, and nothing
// is changed. It returns the segment holding the birth date, or -1.
func rankDates(out map[string]Value, segs []Segment) int {
	order := []string{"date_of_birth", "issue_date", "expiry_date"}
	type dated struct {
		date, place string
		conf        float64
		seg         int
	}
	var found []dated
	none := make([]bool, len(segs))
	// placeAfter is the place printed after segment k at a wide space, a run of its own
	// ("17.07.1959" · "LYON"), or "".
	placeAfter := func(k int) string {
		if n := followsOnLine(segs, none, k); n >= 0 && !strings.ContainsFunc(segs[n].Text, unicode.IsDigit) {
			return cleanName(segs[n].Text)
		}
		return ""
	}
	for j, s := range segs {
		if s.Arabic || s.pending {
			continue
		}
		// Captioned segments too: a caption misread as another one leaves its date unused.
		if d, ok := loneDate(s.Text); ok {
			if d.place == "" {
				d.place = placeAfter(j)
			}
			found = append(found, dated{d.date, d.place, s.Conf, j})
			continue
		}
		// A date cut at a wide space whose caption was lost ("27" · "08.1979 NICE"): with
		// the run after it on the line, and the place after that ("11" · "12.1969" · "SAFI").
		// A piece read hardly at all is no date ("3) 21:06" at 0.17 for "3. 21.08").
		if n := followsOnLine(segs, none, j); n >= 0 && !strings.ContainsFunc(s.Text, unicode.IsLetter) && min(s.Conf, segs[n].Conf) >= cutDateConf {
			if d, ok := loneDate(s.Text + " " + segs[n].Text); ok {
				if d.place == "" {
					d.place = placeAfter(n)
				}
				found = append(found, dated{d.date, d.place, min(s.Conf, segs[n].Conf), j})
			}
		}
	}
	set := map[string]bool{}
	for _, f := range order {
		if v, ok := out[f]; ok {
			set[v.Text] = true
		}
	}
	for _, d := range found {
		set[d.date] = true
	}
	if len(set) != 3 {
		return -1
	}
	ranked := slices.Sorted(maps.Keys(set))
	if v, ok := out["date_of_birth"]; ok && v.Text != ranked[0] {
		return -1
	}
	for i, f := range order {
		v, ok := out[f]
		if ok && v.Text == ranked[i] {
			continue
		}
		conf := 0.0
		if ok {
			conf = v.Conf // a misread caption's date: it keeps its reading's confidence
			delete(out, f)
		}
		for _, d := range found {
			if d.date != ranked[i] {
				continue
			}
			setValue(out, f, d.date, max(conf, d.conf)*0.85)
			if _, ok := out["place_of_birth"]; !ok && f == "date_of_birth" && d.place != "" {
				setValue(out, "place_of_birth", d.place, d.conf*0.85)
			}
			break
		}
	}
	for _, d := range found {
		if d.date == ranked[0] {
			return d.seg
		}
	}
	return -1
}

// cutDateConf is the Tesseract confidence both pieces of a cut date need.
const cutDateConf = 0.3

// loneDate reads a segment that is a date, with at most a lost caption before it (two digits
// at most: "4a." read "42.", "le" read "1e") and either nothing after it or a place name (the
// EU field 3). A misread caption's digits may start a false date ("42. 17.02.2021" matches
// as 42.17.02 first, "4 05.04.2019" as 4.05.04), so every start is tried.
func loneDate(text string) (struct{ date, place string }, bool) {
	var r struct{ date, place string }
	text = dotColons(text)
	// at, end: a date at text[at:end]; its caption before it is short, after it is nothing or
	// a place.
	fits := func(at, end int) (digitsBefore, digitsAfter bool) {
		// A numbered caption misread with a digit too many ("145." for "4b.") is still a
		// caption: one short word ending with its dot.
		before := strings.TrimSpace(text[:at])
		caption := len([]rune(before)) <= 4 && strings.HasSuffix(before, ".") && !strings.Contains(before, " ")
		return len(strings.Map(digitOnly, before)) > 2 && !caption, strings.ContainsFunc(text[end:], unicode.IsDigit)
	}
	take := func(d string, end int) {
		r.date = d
		if rest := text[end:]; letters(rest) >= 2 {
			r.place = cleanName(rest)
		}
	}
	if up := strings.ToUpper(text); len(up) == len(text) {
		// A passport's "12 DÉC/DEC 1985": month names are upper case, the string's bytes
		// keep their places.
		if loc := namedDate.FindStringIndex(up); loc != nil {
			if d, ok := ParseDate(text[loc[0]:loc[1]]); ok {
				if before, after := fits(loc[0], loc[1]); !before && !after {
					take(d, loc[1])
					return r, true
				}
			}
		}
	}
	for start := 0; start < len(text); {
		loc := numericDate.FindStringIndex(text[start:])
		if loc == nil {
			return r, false
		}
		at, end := start+loc[0], start+loc[1]
		start = at + 1
		d, ok := ParseDate(text[at:end])
		if !ok {
			continue
		}
		before, after := fits(at, end)
		if before {
			return r, false // a number before it: not a lost caption
		}
		if after {
			continue // "4 05.04.2019" read as 4.05.04 first
		}
		take(d, end)
		return r, true
	}
	return r, false
}

// digitOnly keeps ASCII digits (strings.Map).
func digitOnly(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}
