package document

import (
	"image"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// token is one normalized word of a segment with the index of the raw word it came from.
type token struct {
	norm string
	raw  int
}

func tokenize(text string) (raw []string, toks []token) {
	raw = strings.Fields(text)
	for i, w := range raw {
		for _, n := range strings.Fields(normalize(splitCamel(w))) {
			toks = append(toks, token{n, i})
		}
	}
	return raw, toks
}

// splitCamel puts a space where a word of three lower-case letters or more runs into a
// capital: two caption words joined where OCR lost the slash between them
// ("naissancePiace of birth" for "naissance/Place of birth"). A value in capitals with a
// letter or two misread in lower case is kept whole.
func splitCamel(w string) string {
	var b strings.Builder
	lower := 0
	for _, r := range w {
		if unicode.IsUpper(r) && lower >= 3 {
			b.WriteByte(' ')
		}
		if unicode.IsLower(r) {
			lower++
		} else {
			lower = 0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// labelled is a segment whose text starts with a caption.
type labelled struct {
	seg   int
	field string
	value string // the text after the caption, "" when the value is printed under it
	// letter: the caption is one letter (the MA CIN's "À" before the place of birth), perhaps
	// repeated ("A à", a speck).
	letter bool
	// spare: a letter caption read only when its field's spelled caption gave no value.
	spare bool
}

// extract finds the fields of one side: each captioned segment gives its field the rest of its
// text, or the segment printed right under the caption; Arabic names come from the Arabic
// segment on the same line as their Latin value.
func extract(segs []Segment, docType string, resolve func(int) error) (map[string]Value, []arabicWant, error) {
	out := map[string]Value{}
	var wants []arabicWant
	isLabel := make([]bool, len(segs))
	if err := readCaptionMarks(segs, resolve); err != nil {
		return nil, nil, err
	}
	var found []labelled
	for i, s := range segs {
		if s.Arabic || s.pending || isLabel[i] {
			continue
		}
		raw, toks := tokenize(s.Text)
		m, ok := matchLabel(norms(toks), docType)
		if !ok && docType == "permit" && len(toks) > 1 && toks[1].raw != toks[0].raw {
			// Only before a value of its field: "‘5 20.08.2039" is the expiry's "4b." misread.
			if nm, nok := numberedCaption(norms(toks)); nok && validValue(nm.field, strings.Join(raw[toks[nm.tokens].raw:], " ")) {
				m, ok = nm, true
			}
		}
		if ok && docType == "permit" && m.field == "place_of_birth" && m.tokens == 1 && strings.TrimRight(raw[toks[0].raw], ".") == "A" {
			// The Moroccan licence's place caption is a small "à"; an unaccented capital A
			// on a licence is a speck by the portrait (it took the given names beside it for
			// the place of birth).
			ok = false
		}
		if ok && docType == "passport" && m.field == "place_of_birth" && m.tokens == 1 && oneLetter(toks[0].norm) {
			// A passport's data page captions its place in words ("Lieu de naissance"), never
			// with "à": a letter read by the nationality is a speck ("A FRA" took the
			// nationality for the place of birth).
			ok = false
		}
		if ok && m.field == "place_of_birth" && len(toks) == 1 && oneLetter(toks[0].norm) && wordStart(segs, i) {
			// A lone letter with the rest of a word right after it is that word's first
			// letter ("A" · "1102" for "Adresse"), not the caption "à": it took the address
			// under it for the place of birth.
			ok = false
		}
		// A caption split into runs ("Lieu de" · "naissance", "Lieu" · "de" · "naissance",
		// "Date" · "de" · "dél" · "ivrance" with a word cut in a blurred photo): matched
		// joined, up to four runs. A run that is a caption whole may be the start of a
		// longer one ("PERMIS" · "DE CONDUIRE", the title, not "Permis N°"): the longer wins,
		// and so does a longer join ("eu" · "de" matched "et de" before "eu" · "de" ·
		// "naissance" was tried, for a blurred "Lieu de naissance").
		text, box := s.Text, s.Box
		for k := i + 1; (!ok || m.tokens == len(toks)) && k < len(segs) && k <= i+3 && continuesCaption(Segment{Box: box, Line: s.Line}, segs[k]); k++ {
			text, box = text+" "+segs[k].Text, box.Union(segs[k].Box)
			jraw, jtoks := tokenize(text)
			if jm, jok := matchLabel(norms(jtoks), docType); jok && jm.tokens > len(toks) {
				segs[i].Text, segs[i].Box = text, box
				for n := i + 1; n <= k; n++ {
					isLabel[n] = true
				}
				raw, toks, m, ok = jraw, jtoks, jm, true
			}
		}
		if !ok {
			m, ok = colonCaption(raw, toks)
		}
		if !ok {
			continue
		}
		isLabel[i] = true
		value := ""
		if m.tokens < len(toks) {
			value = strings.Join(raw[toks[m.tokens].raw:], " ")
			// A raw word may hold both the end of the caption and the value ("N°:AB123").
			if toks[m.tokens].raw == toks[m.tokens-1].raw {
				value = strings.Join(raw[toks[m.tokens].raw+1:], " ")
			}
		}
		value = strings.Trim(value, " :/-")
		if value == "" || captionText(value) {
			markCaptionTail(segs, isLabel, i, docType)
		}
		letter := !slices.ContainsFunc(toks[:m.tokens], func(t token) bool { return !oneLetter(t.norm) })
		found = append(found, labelled{seg: i, field: m.field, value: value, letter: letter})
	}
	found = letterCaptionsLast(dropPlaceLetterAboveBirth(found, segs, isLabel))
	if docType == "permit" {
		found = expiryUnderIssue(surnameOverGivenNames(found, segs), segs)
	}
	birthRow := -1 // the segment holding the birth date
	for _, l := range found {
		if _, set := out[l.field]; l.spare && set {
			continue
		}
		valueSeg, value, conf := l.seg, l.value, segs[l.seg].Conf
		if value != "" {
			var err error
			if value, conf, err = readValueAlone(segs, l, resolve); err != nil {
				return nil, nil, err
			}
			if value, conf, err = extendValue(segs, isLabel, l.field, value, l.seg, false, resolve); err != nil {
				return nil, nil, err
			}
		}
		// The text after a caption may be no value at all: the caption's translation glued by
		// OCR ("/Datelofissue"). Then the value is printed beside or under it.
		if value == "" || !validValue(l.field, value) {
			j, err := valueNear(segs, isLabel, l, resolve)
			if err != nil {
				return nil, nil, err
			}
			if j < 0 {
				continue
			}
			valueSeg = j
			if value, conf, err = extendValue(segs, isLabel, l.field, dropCaptionHead(l.field, dropLeftSpill(l.field, segs[j], segs[l.seg])), j, true, resolve); err != nil {
				return nil, nil, err
			}
		}
		setField(out, l.field, value, conf)
		// The birth date's row is the first birth caption's, or a later one's whose value is a
		// date: a speck read "ne" by the portrait took the row away from the real caption's.
		if _, date := ParseDate(value); l.field == "date_of_birth" && (date || birthRow < 0) || l.field == "birth" && date {
			birthRow = valueSeg
		}
		// The Arabic spelling is looked for beside a name that was read: a caption whose value
		// is a speck (a stray "1." by the portrait) would take another name's.
		if (l.field == "first_name" || l.field == "last_name") && validValue(l.field, value) {
			wants = wantArabic(wants, segs, l.field, valueSeg)
		} else if (l.field == "first_name" || l.field == "last_name") && valueSeg != l.seg && !segs[valueSeg].Arabic {
			// A name run under its caption that did not read: a caller who knows the name
			// from elsewhere (the MRZ) may read its Arabic spelling (ArabicByName).
			wants = append(wants, arabicWant{field: l.field + "_arabic", seg: -1, value: valueSeg, strict: true})
		}
	}
	if _, ok := out["place_of_birth"]; !ok && birthRow >= 0 {
		placeFallback(out, segs, isLabel, birthRow)
	}
	if _, ok := out["document_number"]; !ok && docType == "cin" {
		cinFallback(out, segs)
	}
	if _, ok := out["address"]; !ok && docType != "passport" && docType != "permit" {
		if err := addressFallback(out, segs, isLabel, resolve); err != nil {
			return nil, nil, err
		}
	}
	if docType == "residence_card" {
		residenceBackFallback(out, segs, isLabel)
	}
	if docType == "cni" {
		cniBackFallback(out, segs, isLabel)
	}
	if docType == "permit" {
		names, err := permitFallbacks(out, segs, isLabel, resolve)
		if err != nil {
			return nil, nil, err
		}
		for _, n := range names {
			if validValue(n.field, out[n.field].Text) {
				wants = wantArabic(wants, segs, n.field, n.seg)
			}
		}
	}
	if docType == "passport" {
		// The data page's captions are its smallest print; its dates and place are large.
		if b := rankDates(out, segs); b >= 0 {
			if _, ok := out["place_of_birth"]; !ok {
				placeFallback(out, segs, isLabel, b)
			}
			if _, ok := out["place_of_birth"]; !ok {
				placeBetweenDates(out, segs, isLabel, b)
			}
		}
	}
	if docType == "cin" {
		if b := birthBeforeExpiry(out, segs); b >= 0 {
			if _, ok := out["place_of_birth"]; !ok {
				placeFallback(out, segs, isLabel, b)
			}
		}
	}
	if _, ok := out["card_number"]; !ok && docType == "cin" {
		shapeFallback(out, segs, isLabel, "card_number", cardNumberShape)
	}
	return out, wants, nil
}

func norms(toks []token) []string {
	out := make([]string, len(toks))
	for j, t := range toks {
		out[j] = t.norm
	}
	return out
}

// continuesCaption: n is a read run right after a on its line, within a letter height or two.
func continuesCaption(a, n Segment) bool {
	lo, hi := min(a.Box.Dy(), n.Box.Dy()), max(a.Box.Dy(), n.Box.Dy())
	// Runs of one caption are printed alike; a blob of the portrait read as a letter ("A",
	// 81 px tall before a 13 px caption) is no part of it.
	return !n.Arabic && !n.pending && n.Line == a.Line && n.Box.Min.X >= a.Box.Max.X &&
		n.Box.Min.X-a.Box.Max.X < 2*hi && hi <= 3*lo
}

// valueSize: s is printed about as large as value v, not in a caption's smaller print.
func valueSize(s, v Segment) bool {
	return 10*s.Box.Dy() >= 7*v.Box.Dy()
}

// placeFallback takes the place of birth from the line under the birth date when its caption
// (a lone "à", the smallest print on the card) was lost or misread: an uncaptioned name
// there, starting in the column of the birth date or of its caption (or before it, after a
// lone mark).
func placeFallback(out map[string]Value, segs []Segment, isLabel []bool, birth int) {
	if placeBeside(out, segs, isLabel, birth) {
		return
	}
	b := segs[birth].Box
	left := b.Min.X - 3*b.Dy()
	for j, s := range segs { // the birth date's caption, printed before it on its line
		if j != birth && s.Line == segs[birth].Line && isLabel[j] && s.Box.Max.X <= b.Min.X && s.Box.Min.X-b.Dy() < left {
			left = s.Box.Min.X - b.Dy()
		}
	}
	for j, s := range segs { // in reading order: the first line below in the date's column
		if s.Line <= segs[birth].Line || s.Arabic || s.pending {
			continue
		}
		// A line may start with a speck joined to it from the portrait's edge ("É à AGADIR"
		// under "Né le 09.09.1951"): a lone mark for first word lets it start further left.
		from := left
		if w := strings.Fields(s.Text); len(w) > 1 && len([]rune(w[0])) == 1 {
			from -= 3 * b.Dy()
		}
		if s.Box.Min.X < from || s.Box.Min.X > b.Max.X {
			continue
		}
		if isLabel[j] || s.Box.Min.Y-b.Max.Y > 3*b.Dy() {
			return
		}
		if !valueSize(s, segs[birth]) {
			continue // caption-size print: the place's caption, misread
		}
		if v := cleanName(s.Text); v != "" && !validValue("date_of_birth", s.Text) && !addressLike(cleanAddress(s.Text)) {
			setValue(out, "place_of_birth", v, s.Conf*0.9)
		}
		return
	}
}

// placeBetweenDates takes the place of birth of a passport's data page whose captions were
// all lost (they are its smallest print) and whose place is not under the birth date: ICAO
// 9303's order puts the place after the birth date and before the date of issue, so it is the
// one run of letters at the values' print size on a line between those two dates' lines,
// starting in the values' column (where the issue date starts). A nationality word or a sex
// letter there is no place; two candidates leave it unread.
func placeBetweenDates(out map[string]Value, segs []Segment, isLabel []bool, birth int) {
	issued, ok := out["issue_date"]
	if !ok {
		return
	}
	issue := -1
	for j, s := range segs {
		if d, ok := loneDate(s.Text); ok && d.date == issued.Text && s.Line > segs[birth].Line && !s.Arabic {
			issue = j
			break
		}
	}
	if issue < 0 {
		return
	}
	h, col := segs[birth].Box.Dy(), segs[issue].Box.Min.X
	place, from := "", -1
	for j, s := range segs {
		if s.Line <= segs[birth].Line || s.Line >= segs[issue].Line || s.Arabic || s.pending || isLabel[j] {
			continue
		}
		if max(s.Box.Min.X-col, col-s.Box.Min.X) > h || 10*s.Box.Dy() < 7*h ||
			strings.ContainsFunc(s.Text, unicode.IsDigit) || strings.ContainsFunc(s.Text, unicode.IsLower) {
			continue
		}
		v := cleanName(s.Text)
		if letters(v) < 3 || nationalityWords[stripAccents(v)] != "" {
			continue
		}
		if from >= 0 {
			return // two candidates: neither is known to be the place
		}
		place, from = v, j
	}
	if from >= 0 {
		setValue(out, "place_of_birth", place, segs[from].Conf*0.8)
	}
}

// placeBeside takes the place of birth from the run printed after the birth date on its line
// ("19.03.2000" · "TANGER", its "à" lost or never printed): the nearest run to the right,
// within five letter heights, at the date's print size, of letters only and no caption.
func placeBeside(out map[string]Value, segs []Segment, isLabel []bool, birth int) bool {
	b := segs[birth].Box
	best := nextOnLine(segs, birth)
	if best < 0 || isLabel[best] {
		return false
	}
	s := segs[best]
	t := s.Text
	if w := strings.Fields(t); len(w) > 1 && len([]rune(w[0])) == 1 && !unicode.IsUpper([]rune(w[0])[0]) {
		// The place's own "à", misread as another small letter or a sign and joined to it
		// ("x OUJDA"), is no part of it.
		t = strings.Join(w[1:], " ")
	}
	if s.Box.Min.X-b.Max.X > 5*b.Dy() || 10*s.Box.Dy() < 7*b.Dy() || strings.ContainsFunc(t, unicode.IsDigit) ||
		strings.ContainsFunc(t, unicode.IsLower) || letters(t) < 2 {
		return false
	}
	for k, c := range segs { // the value of a caption stacked above it (a nationality's)
		if isLabel[k] && c.Line < s.Line && s.Box.Min.Y-c.Box.Max.Y <= 2*b.Dy() && c.Box.Max.X > s.Box.Min.X && c.Box.Min.X < s.Box.Max.X {
			return false
		}
	}
	v := cleanName(t)
	if v == "" {
		return false
	}
	setValue(out, "place_of_birth", v, s.Conf*0.9)
	return true
}

// validValue: value cleans into a value of field.
func validValue(field, value string) bool {
	scratch := map[string]Value{}
	setField(scratch, field, value, 1)
	return len(scratch) > 0
}

// beside returns the segment printed right after caption i on its line (a caption and its
// value are set apart by half a letter height to two, fields on one row by more), or -1.
func beside(segs []Segment, isLabel []bool, i int) int {
	// On the caption's line first; then on a neighbouring one, level with the caption: specks
	// beside a taller value can pull it into a line of its own ("Prénom" · "MERIEM" a pixel
	// higher, with the portrait's specks).
	l := segs[i].Box
	for _, row := range []func(s Segment) bool{
		func(s Segment) bool { return s.Line == segs[i].Line },
		func(s Segment) bool { return s.Line != segs[i].Line && level(l, s.Box) },
	} {
		for j, s := range segs {
			if j == i || s.Arabic || !row(s) || s.Box.Min.X < l.Max.X-2 || !s.pending && letters(s.Text) == 0 && !strings.ContainsAny(s.Text, "0123456789") {
				continue // not beside it, or an unreadable speck (the "le" of a split "Né(e) le")
			}
			// Captions may end with a colon, which widens the gap to about two letter heights;
			// a layout setting its values in a column after small captions leaves up to three
			// and a half ("Lieu de naissance" 15 px tall, "BENI MELLAL" 52 px after it). Not
			// after a one-letter caption, as often a speck ("a" in the portrait took the
			// surname 66 px away for the place of birth).
			halves := 7 // the reach in half letter heights
			if letters(segs[i].Text) <= 1 {
				halves = 6
			}
			if gap := s.Box.Min.X - l.Max.X; 2*gap > halves*max(l.Dy(), s.Box.Dy()) {
				continue
			}
			if isLabel[j] {
				return -1 // the next caption: this one's value is elsewhere
			}
			return j
		}
	}
	return -1
}

// level: boxes a and b share at least two thirds of the shorter one's height.
func level(a, b image.Rectangle) bool {
	overlap := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
	return 3*overlap >= 2*min(a.Dy(), b.Dy())
}

// below returns the segment printed under segment i (the value of a stacked caption): the
// nearest non-caption segment on the next lines whose left part overlaps the caption. A
// caption printed after its translation on one line ("Date de délivrance / Date of issue")
// has its value under the line's first caption, which may be misread past recognition
// ("Date · dé! · 1vrance"): when nothing is under it, the value is looked for under the
// run of caption-size print it ends.
func below(segs []Segment, isLabel []bool, i int) int {
	if j := belowBox(segs, isLabel, i, segs[i].Box); j >= 0 {
		return j
	}
	// Only a caption of some length ("Date of issue"): a one-letter one ("à") is as often a
	// misread letter of a longer caption ("Nationalité" read "Nat · à} té"), and the run
	// before it would be that caption's.
	if letters(segs[i].Text) < 8 {
		return -1
	}
	if start := captionRunStart(segs, i); start != segs[i].Box {
		return belowBox(segs, isLabel, i, start)
	}
	return -1
}

// belowBox is below for the caption box l of segment i.
func belowBox(segs []Segment, isLabel []bool, i int, l image.Rectangle) int {
	best, bestDY := -1, 0
	read := func(k int) bool { return !segs[k].pending && alnum(segs[k].Text) >= 2 }
	for j, s := range segs {
		if j == i || isLabel[j] || s.Arabic || s.Line <= segs[i].Line {
			continue
		}
		dy := s.Box.Min.Y - l.Max.Y
		if dy < -l.Dy()/3 || dy > 3*l.Dy() {
			continue
		}
		if s.Box.Max.X < l.Min.X || s.Box.Min.X > l.Min.X+max(l.Dx(), 2*l.Dy())/2 {
			continue
		}
		// Read runs of one line are taken from their start: an accented word later on the
		// line stands higher ("JULIE" · "LÉA" under "PRÉNOMS") and only the runs after the
		// one taken continue the value. A run not read (yet) is no word of a value.
		switch {
		case best < 0:
			best, bestDY = j, dy
		case s.Line == segs[best].Line && read(j) && read(best):
			if s.Box.Min.X < segs[best].Box.Min.X {
				best, bestDY = j, dy
			}
		case dy < bestDY:
			best, bestDY = j, dy
		}
	}
	return best
}

// captionRunStart is the box of segment i extended leftwards over the caption-size print
// before it on its line, run by run while each lies within five letter heights of the next
// (a lost " / " between a caption and its translation, and a blurred letter before it:
// "Date de délivranc" · "Date of issue").
func captionRunStart(segs []Segment, i int) image.Rectangle {
	c := segs[i].Box
	for {
		next := -1
		for j, s := range segs {
			b := s.Box
			if j == i || s.Line != segs[i].Line || s.Arabic || b.Max.X > c.Min.X || c.Min.X-b.Max.X > 5*c.Dy() ||
				b.Dy() > c.Dy()*3/2 || strings.ContainsAny(s.Text, "0123456789") && letters(s.Text) < 2 {
				continue // not before it, too far, larger print (a value), or a number
			}
			if next < 0 || b.Min.X < segs[next].Box.Min.X {
				next = j
			}
		}
		if next < 0 {
			return c
		}
		c.Min.X = segs[next].Box.Min.X
	}
}

// wantArabic asks for the Arabic spelling printed beside the name field read from segment i.
func wantArabic(wants []arabicWant, segs []Segment, field string, i int) []arabicWant {
	j := arabicPartner(segs, i)
	if j >= 0 {
		joinArabicRun(segs, j)
	}
	return append(wants, arabicWant{field: field + "_arabic", seg: j, value: i})
}

// arabicPartner is the segment on the row of segment i, right of it, in Arabic script: the
// Arabic spelling of the value (the widest such segment; specks are narrower). A segment the
// script test took for Latin but the Latin model could not read well is a candidate too, and
// so is one it read as one or two letters (a short name such as "خالد" read "NE": no Latin
// field beside a name is that short).
// -1 if there is none.
func arabicPartner(segs []Segment, i int) int {
	best, bestArabic := -1, false
	for j, s := range segs {
		if j == i || s.Box.Min.X <= segs[i].Box.Max.X || !sameRow(s.Box, segs[i].Box) {
			continue
		}
		if !s.Arabic && (s.pending || s.Conf >= 0.8 && letters(s.Text) >= 3 && cleanName(s.Text) != "") {
			continue // a mark, or a Latin field beside this one
		}
		switch {
		case best < 0, s.Arabic && !bestArabic, s.Arabic == bestArabic && s.Box.Dx() > segs[best].Box.Dx():
			best, bestArabic = j, s.Arabic
		}
	}
	return best
}

func sameRow(a, b image.Rectangle) bool { return sameLine(a, b) }

// setField cleans value for field and stores it when it is valid and better than what was
// found before.
func setField(out map[string]Value, field, value string, conf float64) {
	switch field {
	case "ignore":
	case "first_name", "last_name", "place_of_birth":
		if field == "place_of_birth" && addressLike(cleanAddress(value)) {
			return // a street address is no place of birth (a blurred "Adresse" read "A", "à")
		}
		if field != "place_of_birth" && numericDate.MatchString(value) {
			return // a licence's field 3 ("3. 15.02.1975 GRENOBLE") under a misread "2:"
		}
		v := cleanName(value)
		if monthsOnly(v) {
			return // a passport's date ("24 FEB/FÉV 2020") under a caption whose value was lost
		}
		if field == "place_of_birth" && letters(v) <= 2 && conf < doubtfulConf {
			// Two letters read doubtfully are a speck's reading, no town ("LA" at 0.46 beside a
			// speck in the portrait read "à."): no place rather than an invented one.
			return
		}
		if v != "" {
			setValue(out, field, v, conf)
		}
	case "date_of_birth", "expiry_date", "issue_date":
		if d, ok := ParseDate(value); ok {
			setValue(out, field, d, conf)
		}
	case "birth": // "… de naissance", its first word lost: a date is the birth's, a name its place
		if d, ok := ParseDate(value); ok {
			setValue(out, "date_of_birth", d, conf)
		} else if v := cleanName(value); v != "" {
			setValue(out, "place_of_birth", v, conf)
		}
	case "birth_and_place": // EU licence field 3: date then place
		if d, ok := ParseDate(value); ok {
			setValue(out, "date_of_birth", d, conf)
			if loc := numericDate.FindStringIndex(value); loc != nil {
				if p := cleanName(value[loc[1]:]); p != "" {
					setValue(out, "place_of_birth", p, conf)
				}
			}
		}
	case "gender":
		if g := cleanGender(value); g != "" {
			setValue(out, field, g, conf)
		}
	case "nationality":
		if n := cleanNationality(value); n != "" {
			setValue(out, field, n, conf)
		}
	case "document_number", "card_number":
		if wholeDate(value) {
			return // a date under a misread caption ("4b." read "5."): no number looks like one
		}
		if n := cleanNumber(value); n != "" {
			setValue(out, field, n, conf)
		}
	case "address":
		if a := cleanAddress(value); len(a) >= 4 {
			setValue(out, field, a, conf)
		}
	}
}

func setValue(out map[string]Value, field, text string, conf float64) {
	// A reading that the one stored continues with more words is the same value cut short
	// (the address's second line, taken by the caption "Adresse" and not by its translation
	// "Address" after it), however confident its runs.
	if old, ok := out[field]; ok && (old.Conf >= conf || strings.HasPrefix(old.Text, text+" ")) {
		return
	}
	out[field] = Value{Text: text, Conf: conf}
}

// cleanName keeps letters, spaces, hyphens and apostrophes; commas between given names become
// spaces. Names are printed in capitals: a value with lower-case letters is a caption misread.
func cleanName(s string) string {
	// A word of more digits than letters is a number (a licence number "25NJ05330" beside a
	// speck read "À"), whose letters are no name.
	raw := strings.Fields(s)
	raw = slices.DeleteFunc(raw, func(w string) bool { d := digits(w); return d >= 2 && d > letters(w) })
	s = strings.Join(raw, " ")
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsLetter(r), r == '-', r == '\'':
			b.WriteRune(r)
		default:
			b.WriteRune(' ')
		}
	}
	words := strings.Fields(b.String())
	if len(words) >= 3 && !slices.ContainsFunc(words, func(w string) bool { return len([]rune(w)) > 1 }) {
		// Letters read one by one ("F E S" for a letter-spaced "FES"): one word, not marks.
		words = []string{strings.Join(words, "")}
	}
	// A lone mark before or after the name is guilloche or a misread caption ("Œ GRENOBLE").
	for len(words) > 1 && len([]rune(words[0])) == 1 {
		words = words[1:]
	}
	for len(words) > 1 && len([]rune(words[len(words)-1])) == 1 {
		words = words[:len(words)-1]
	}
	// One I read as two with a speck above one of them ("CHRAÏIBI"): no name writes Ï beside I.
	v := doubledDiaeresis.Replace(strings.Join(words, " "))
	strokes := capitalStrokes(v)
	if letters(v) < 2 || strings.ToUpper(v) != v && !strokes {
		return ""
	}
	if strokes {
		v = strokeCapitals.Replace(v)
	}
	return untriple(v)
}

// untriple writes a letter read three times in a row twice: no French or Moroccan name
// triples a letter, and a blurred stroke beside a doubled one reads as a third ("HAJJjI").
func untriple(v string) string {
	var out []rune
	for _, r := range v {
		if n := len(out); n >= 2 && unicode.IsLetter(r) && r == out[n-1] && r == out[n-2] {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

var doubledDiaeresis = strings.NewReplacer("ÏI", "I", "IÏ", "I")

// strokeCapitals are the capitals a lower-case stroke in a name stands for (capitalStrokes).
var strokeCapitals = strings.NewReplacer("i", "I", "l", "I", "j", "J")

// capitalStrokes: v is a name in capitals with an I or J read in lower case ("HAJJi"), the
// strokes Tesseract reads either way in a blurred photo: every lower-case letter is i, j or
// l, right after a capital, and the words hold three capitals or more. A caption has other
// lower-case letters ("Nom", "Né le").
func capitalStrokes(v string) bool {
	upper, lower := 0, 0
	prev := ' '
	for _, r := range v {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			if !strings.ContainsRune("ijl", r) || !unicode.IsUpper(prev) {
				return false
			}
			lower++
		}
		prev = r
	}
	return lower > 0 && upper >= 3
}

func cleanGender(s string) string {
	for _, w := range strings.Fields(strings.ToUpper(stripAccents(s))) {
		switch {
		case w == "M" || w == "H" || strings.HasPrefix(w, "MASC"):
			return "M"
		case w == "F" || strings.HasPrefix(w, "FEM"):
			return "F"
		case w == "X":
			return "X"
		}
	}
	return ""
}

var nationalityWords = map[string]string{"FRANCAISE": "FRA", "FRANCAIS": "FRA", "MAROCAINE": "MAR", "MAROCAIN": "MAR"}

func cleanNationality(s string) string {
	for _, w := range strings.Fields(strings.ToUpper(stripAccents(s))) {
		w = strings.Trim(w, ".,:;")
		if code, ok := nationalityWords[w]; ok {
			return code
		}
		if len(w) == 3 && letters(w) == 3 {
			return w
		}
	}
	return ""
}

var numberPattern = regexp.MustCompile(`^[A-Z0-9]{5,12}$|^[0-9]{1,3}/[0-9]{4,8}$`)

// cleanNumber removes spaces and stray punctuation from a document number. A first word of a
// letter or two before a number that is whole without it, and not with it, is the caption's
// number sign misread ("w. 46/550521" after "PERMIS").
func cleanNumber(s string) string {
	if w := strings.Fields(s); len(w) > 1 && letters(w[0]) <= 2 && !strings.ContainsFunc(w[0], unicode.IsDigit) {
		if rest := cleanDigits(strings.Join(w[1:], " ")); rest != "" && cleanDigits(s) == "" {
			return rest
		}
	}
	return cleanDigits(s)
}

// cleanDigits is cleanNumber for s whole.
func cleanDigits(s string) string {
	s = strings.ToUpper(strings.NewReplacer(" ", "", ".", "", ":", "", "-", "").Replace(s))
	// No number starts with a mark: what precedes the first letter or digit is the caption's
	// number sign read as one (`\° : 60/483180` after the caption "Permis").
	s = strings.TrimLeftFunc(s, notAlnum)
	if digits := strings.Count(s, "") - 1 - letters(s); digits >= 8 && letters(s) <= 2 {
		// A number that is all digits but for one or two letters (the 12-digit French card
		// number) has misread digits, not letters.
		s = strings.NewReplacer("O", "0", "Q", "0", "D", "0", "I", "1", "L", "1").Replace(s)
	}
	// Every document number kycd reads holds a digit: a word alone ("CONDUIRE" of the title
	// under a misread caption) is none.
	if numberPattern.MatchString(s) && strings.ContainsFunc(s, unicode.IsDigit) {
		return s
	}
	return ""
}

// notAlnum: r is neither a letter nor a digit.
func notAlnum(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

var cinShape = regexp.MustCompile(`^[A-Z]{1,2}[0-9]{5,6}$`)

// cinFallback takes the CIN from a lone segment with its shape when its caption was missed.
func cinFallback(out map[string]Value, segs []Segment) {
	for _, s := range segs {
		for _, w := range strings.Fields(s.Text) {
			if cinShape.MatchString(w) {
				setValue(out, "document_number", w, s.Conf*0.9)
				return
			}
		}
	}
}

// addressShape is a street address: a house number, then at least three words.
var addressShape = regexp.MustCompile(`^[0-9]{1,4},? +[A-ZÀ-Ü'-]{2,}( +[A-ZÀ-Ü0-9'-]+){2,}$`)

// addressLike: t is address-shaped, or a house number, a kind of street and its name ("176
// BOULEVARD VOLTAIRE", the town on the line under it).
func addressLike(t string) bool {
	if addressShape.MatchString(t) {
		return true
	}
	w := strings.Fields(t)
	return len(w) >= 3 && len(w[0]) <= 4 && strings.Trim(w[0], "0123456789") == "" && streetTypes[w[1]] && letters(w[2]) >= 2
}

// addressFallback takes an uncaptioned address-shaped line, with the line that continues it,
// when the caption was lost (faint small print under glare).
func addressFallback(out map[string]Value, segs []Segment, isLabel []bool, resolve func(int) error) error {
	for j, s := range segs {
		t := cleanAddress(s.Text)
		if isLabel[j] || s.Arabic || !addressLike(t) || validValue("date_of_birth", t) {
			continue
		}
		// The line under it continues it as under a caption ("05064 RENNES").
		v, conf, err := extendValue(segs, isLabel, "address", s.Text, j, true, resolve)
		if err != nil {
			return err
		}
		setValue(out, "address", cleanAddress(v), conf*0.85)
		return nil
	}
	return nil
}

// cardNumberShape is the CNIE card number: two letters and seven digits.
var cardNumberShape = regexp.MustCompile(`^[A-Z]{2}[0-9]{7}$`)

// shapeFallback takes field from a lone uncaptioned word of its shape.
func shapeFallback(out map[string]Value, segs []Segment, isLabel []bool, field string, shape *regexp.Regexp) {
	for j, s := range segs {
		if isLabel[j] || s.Arabic {
			continue
		}
		if w := strings.ToUpper(strings.TrimLeftFunc(strings.TrimSpace(s.Text), notAlnum)); shape.MatchString(w) {
			setValue(out, field, w, s.Conf*0.85)
			return
		}
	}
}

// wordStart: a read run follows segment i on its line within a letter height (a word cut in
// two in a blurred photo) and reads as no name (a caption's value would).
func wordStart(segs []Segment, i int) bool {
	n := nextOnLine(segs, i)
	if n < 0 {
		return false
	}
	b, s := segs[i].Box, segs[n].Box
	return s.Min.X-b.Max.X <= max(b.Dy(), s.Dy()) && cleanName(segs[n].Text) == ""
}

// oneLetter: the caption token is one letter, perhaps with a speck read as its full stop
// ("à."); a licence's field number ("1.") is no letter.
func oneLetter(norm string) bool {
	rs := []rune(strings.TrimRight(norm, "."))
	return len(rs) == 1 && unicode.IsLetter(rs[0])
}

// letterCaptionsLast moves the one-letter captions of a field that also has a spelled-out
// one to the end, as spares read only if the spelled one gives no value: a speck in a
// passport's portrait read "À" took the country code beside it for the place of birth printed
// under "Lieu de naissance / Place of birth"; but a speck in a CIN's portrait read "Fee à"
// (a "Né(e) à") with nothing beside it had taken the place from the card's own "à FES".
func letterCaptionsLast(found []labelled) []labelled {
	spelled := map[string]bool{}
	for _, l := range found {
		if !l.letter {
			spelled[l.field] = true
		}
	}
	var spares []labelled
	out := found[:0]
	for _, l := range found {
		if l.letter && spelled[l.field] {
			l.spare = true
			spares = append(spares, l)
			continue
		}
		out = append(out, l)
	}
	return append(out, spares...)
}
