package document

import "strings"

// residenceBackFallback reads a residence card's back whose small captions were lost: both
// layouts print the place of birth, the address and the issue date one under the other, and in
// a blurred or low-resolution photo the captions ("LIEU DE NAISSANCE / Place of birth" in
// 9-pixel print) vanish while the values read well. Around the address found (by its caption
// or its shape), the nearest uncaptioned line above it that reads as a name is the place of
// birth, and the first line below it that is a date and nothing else the issue date. A side
// with a holder's name or birth date is a front, and is left alone.
func residenceBackFallback(out map[string]Value, segs []Segment, isLabel []bool) {
	first, last := backAddress(out, segs)
	if first < 0 {
		return
	}
	if _, ok := out["issue_date"]; !ok {
		date := -1
		for j, s := range segs {
			if usable(segs, isLabel, j) && s.Line > segs[last].Line && valueSize(s, segs[last]) && wholeDate(s.Text) && (date < 0 || s.Line < segs[date].Line) {
				date = j
			}
		}
		if date >= 0 {
			d, _ := ParseDate(strings.TrimSpace(segs[date].Text))
			setValue(out, "issue_date", d, segs[date].Conf*0.85)
		}
	}
	if _, ok := out["place_of_birth"]; !ok {
		// The nearest line above in a value's print (a caption misread, "Adre 65e", is smaller
		// print), at most four address heights above it (a caption's row between them).
		above := -1
		for j, s := range segs {
			if usable(segs, isLabel, j) && s.Line < segs[first].Line && valueSize(s, segs[first]) && (above < 0 || s.Line > segs[above].Line) {
				above = j
			}
		}
		a := segs[first].Box
		if above >= 0 && a.Min.Y-segs[above].Box.Max.Y <= 4*a.Dy() && !wholeDate(segs[above].Text) {
			if v := cleanName(segs[above].Text); v != "" && letters(v) >= 3 {
				setValue(out, "place_of_birth", v, segs[above].Conf*0.85)
			}
		}
	}
}

// cniBackFallback reads the dates of a French identity card's back whose captions were lost,
// printed under the address: the 2021 model's one date is its issue date; the old model's two
// (the validity, then the issue) are told apart by time, an expiry coming after its issue
// ("arte nlabile squ" · "16.04.2023" over "dé" · "16.04.2008" in a blurred photo).
func cniBackFallback(out map[string]Value, segs []Segment, isLabel []bool) {
	_, last := backAddress(out, segs)
	if _, ok := out["issue_date"]; ok || last < 0 {
		return
	}
	var under []int // the dates under the address
	dates := 0
	for j, s := range segs {
		if usable(segs, isLabel, j) && wholeDate(s.Text) {
			dates++
			if s.Line > segs[last].Line && valueSize(s, segs[last]) {
				under = append(under, j)
			}
		}
	}
	date := func(j int) string { d, _ := ParseDate(strings.TrimSpace(segs[j].Text)); return d }
	switch {
	case dates == 1 && len(under) == 1:
		setValue(out, "issue_date", date(under[0]), segs[under[0]].Conf*0.85)
	case dates == 2 && len(under) == 2:
		if _, ok := out["expiry_date"]; ok {
			return
		}
		issue, until := under[0], under[1] // ISO dates order as strings
		if date(issue) > date(until) {
			issue, until = until, issue
		}
		if date(issue) == date(until) {
			return
		}
		setValue(out, "issue_date", date(issue), segs[issue].Conf*0.85)
		setValue(out, "expiry_date", date(until), segs[until].Conf*0.85)
	}
}

// backAddress returns the first and last lines of the address found on a card's back (by its
// caption or its shape), or -1, -1 when there is none or the side holds a holder's name or
// birth date (a front).
func backAddress(out map[string]Value, segs []Segment) (int, int) {
	addr, ok := out["address"]
	if !ok {
		return -1, -1
	}
	for _, f := range []string{"last_name", "first_name", "date_of_birth"} {
		if _, front := out[f]; front {
			return -1, -1
		}
	}
	first, last := -1, -1 // the address's first and last lines
	for j, s := range segs {
		if s.Arabic || s.pending {
			continue // a line of the address may have been taken for a caption too
		}
		// The address starts with its first line and ends with its last (a place of birth
		// above it may be the town it ends with).
		t := cleanAddress(s.Text)
		if len(t) < 4 {
			continue
		}
		if strings.HasPrefix(addr.Text, t) && (first < 0 || s.Line < segs[first].Line) {
			first = j
		}
		if strings.HasSuffix(addr.Text, t) && (last < 0 || s.Line > segs[last].Line) {
			last = j
		}
	}
	if first < 0 || last < 0 {
		return -1, -1
	}
	if segs[last].Line < segs[first].Line {
		last = first
	}
	return first, last
}

// usable: segment j is read Latin text and no caption.
func usable(segs []Segment, isLabel []bool, j int) bool {
	s := segs[j]
	return !isLabel[j] && !s.Arabic && !s.pending && strings.TrimSpace(s.Text) != ""
}
