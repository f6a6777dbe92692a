package document

import (
	"slices"
	"strings"
	"unicode"
)

// permitDates fills a driving licence front's dates when their captions were lost: they are
// the smallest print on the card ("3.", "4a.", "4b." on the EU model, "Délivré le" on the
// Moroccan one) and the first thing a degraded photo loses, while the dates themselves are
// large. A licence front shows three dates and their order is fixed by what they are: the
// holder is born before the licence is issued, and it is issued before it expires. So when
// the front holds exactly three distinct dates, each missing field takes the date of its
// rank, provided the dates read under their captions sit at their own rank; a date followed
// by a place is the EU field 3 (birth date and place). Anything else is left unread.
func permitDates(out map[string]Value, segs []Segment) {
	if _, ok := out["last_name"]; !ok {
		if _, ok := out["first_name"]; !ok {
			return // not the front: the back's category table has dates of its own
		}
	}
	order := []string{"date_of_birth", "issue_date", "expiry_date"}
	missing := 0
	for _, f := range order {
		if _, ok := out[f]; !ok {
			missing++
		}
	}
	if missing == 0 {
		return
	}
	type dated struct {
		date, place string
		conf        float64
	}
	var found []dated
	for _, s := range segs {
		if s.Arabic || s.pending {
			continue
		}
		// Captioned segments too: a caption misread as another one ("4a." as "42.", taken
		// for "4b.") leaves its date unused.
		if d, ok := loneDate(s.Text); ok {
			found = append(found, dated{d.date, d.place, s.Conf})
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
		return
	}
	ranked := slices.Sorted(func(yield func(string) bool) {
		for d := range set {
			if !yield(d) {
				return
			}
		}
	})
	for i, f := range order {
		if v, ok := out[f]; ok && v.Text != ranked[i] {
			return // a captioned date out of its rank: the reading is not to be trusted
		}
	}
	for i, f := range order {
		if _, ok := out[f]; ok {
			continue
		}
		for _, d := range found {
			if d.date != ranked[i] {
				continue
			}
			setValue(out, f, d.date, d.conf*0.85)
			if _, ok := out["place_of_birth"]; !ok && f == "date_of_birth" && d.place != "" {
				setValue(out, "place_of_birth", d.place, d.conf*0.85)
			}
			break
		}
	}
}

// loneDate reads a segment that is a date, with at most a lost caption before it (two digits
// at most: "4a." read "42.", "le" read "1e") and either nothing after it or a place name (the
// EU field 3). A misread caption's digits may start a false date ("42. 17.02.2021" matches
// as 42.17.02 first, "4 05.04.2019" as 4.05.04), so every start is tried.
func loneDate(text string) (struct{ date, place string }, bool) {
	var r struct{ date, place string }
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
		pre, rest := strings.TrimSpace(text[:at]), text[end:]
		if len(strings.Map(digitOnly, pre)) > 2 {
			return r, false // a number before it: not a lost caption
		}
		if strings.ContainsFunc(rest, unicode.IsDigit) {
			continue // "4 05.04.2019" read as 4.05.04 first
		}
		r.date = d
		if letters(rest) >= 2 {
			r.place = cleanName(rest)
		}
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
