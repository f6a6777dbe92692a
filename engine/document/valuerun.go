package document

import (
	"strings"
	"unicode"
)

// A value is not always one segment. Segmentation cuts a line at gaps wider than about a
// letter height, and the word space of a monospaced font is that wide ("BENI" · "MELLAL",
// "204" · "RUE" · "IBN BATOUTA"); an address may continue on a second line (the post code
// and town under the street). A reader takes the words that follow on the line at about a
// word space, and for an address the line printed right under it in its column.

// runFields are the fields whose value may hold several words.
var runFields = map[string]bool{"first_name": true, "last_name": true, "place_of_birth": true, "address": true}

// followsOnLine returns the segment continuing segment i on its line at a word space or two
// (at most one and a half letter heights), printed at about the same size, or -1.
func followsOnLine(segs []Segment, isLabel []bool, i int) int {
	b := segs[i].Box
	best := nextOnLine(segs, i)
	if best < 0 || isLabel[best] {
		return -1
	}
	s := segs[best].Box
	h := max(b.Dy(), s.Dy())
	// Accents make a run of capitals up to a third taller ("HÉLÈNE," · "PIERRE").
	if s.Min.X-b.Max.X > 3*h/2 || 2*min(b.Dy(), s.Dy()) < h || alnum(segs[best].Text) == 0 {
		return -1
	}
	return best
}

// nextOnLine returns the read Latin run nearest after segment i on its line, however far, or -1.
func nextOnLine(segs []Segment, i int) int {
	b := segs[i].Box
	best := -1
	for j, s := range segs {
		if j == i || s.Line != segs[i].Line || s.Arabic || s.pending || s.Box.Min.X < b.Max.X-2 {
			continue
		}
		if best < 0 || s.Box.Min.X < segs[best].Box.Min.X {
			best = j
		}
	}
	return best
}

// lineUnder returns the segment starting the line right under segment i in its column (left
// edges within a letter height, at most a letter height of space between the lines, the
// same print size), or -1; a caption or an Arabic line there ends the value. A line with an
// accented capital is measured without its accents too, up to a third of the capitals'
// height ("98 PLACE DU MARCHÉ" over "04063 TOULOUSE").
func lineUnder(segs []Segment, isLabel []bool, i int) int {
	b := segs[i].Box
	capitals := func(s Segment) int {
		if strings.ContainsFunc(s.Text, accentedCapital) {
			return s.Box.Dy() * 3 / 4
		}
		return s.Box.Dy()
	}
	// The same print size: measured as read, or without the accents (a font whose accents
	// stay within the digits' height leaves "117 PLACE DU MARCHÉ" as tall as "06533 DIJON").
	sameSize := func(a, b int) bool { return 4*min(a, b) >= 3*max(a, b) }
	h := capitals(segs[i])
	for j, s := range segs {
		if s.Line <= segs[i].Line || s.pending {
			continue
		}
		if s.Box.Min.Y-b.Max.Y > b.Dy() {
			return -1
		}
		if d := s.Box.Min.X - b.Min.X; d > b.Dy() || d < -b.Dy() {
			continue
		}
		if isLabel[j] || s.Arabic || !sameSize(h, capitals(s)) && !sameSize(b.Dy(), s.Box.Dy()) {
			return -1
		}
		return j
	}
	return -1
}

// accentedCapital: r is a capital with an accent over it (a cedilla hangs under the line).
func accentedCapital(r rune) bool {
	return unicode.IsUpper(r) && r != 'Ç' && stripAccents(string(r)) != string(r)
}

// extendValue appends to value (read in segment i) the runs that continue it on its line and,
// for an address read in a segment of its own (under or beside its caption), the next line;
// each run is taken only while the value stays valid.
// It returns the value and the lowest confidence of its runs; resolve reads a run again.
func extendValue(segs []Segment, isLabel []bool, field, value string, i int, own bool, resolve func(int) error) (string, float64, error) {
	conf := segs[i].Conf
	if !runFields[field] {
		// A date or number cut at a wide space ("3. 08.10" · "1960 MARSEILLE"), or at both
		// of its dots in a monospaced font ("12" · "12" · "1972 NANTES"): the runs that follow
		// are taken only to complete a value that is not valid alone.
		if n := followsOnLine(segs, isLabel, i); n >= 0 && !validValue(field, value) {
			if validValue(field, value+" "+segs[n].Text) {
				value, conf = value+" "+segs[n].Text, min(conf, segs[n].Conf)
				joinRun(segs, isLabel, i, n)
			} else if m := followsOnLine(segs, isLabel, n); m >= 0 && strings.Trim(segs[n].Text, "0123456789.") == "" &&
				validValue(field, value+" "+segs[n].Text+" "+segs[m].Text) {
				value, conf = value+" "+segs[n].Text+" "+segs[m].Text, min(conf, segs[n].Conf, segs[m].Conf)
				joinRun(segs, isLabel, i, n)
				joinRun(segs, isLabel, i, m)
			}
		}
		// The EU licence's field 3 with its place set apart from the date at more than a
		// word space ("3. 08.04.2003" · "PARIS"): a run of letters alone takes the place.
		// Read alone, a short word of a monospaced font may be read past recognition
		// ("PLLÈPE" at 0 for "LILLE"): a doubtful one is read once more first.
		if n := followsOnLine(segs, isLabel, i); n >= 0 && field == "birth_and_place" && !placeAfterDate(value) &&
			!strings.ContainsFunc(segs[n].Text, unicode.IsDigit) && cleanName(segs[n].Text) != "" {
			if err := readAgain(segs, "place_of_birth", n, resolve); err != nil {
				return "", 0, err
			}
			value, conf = value+" "+segs[n].Text, min(conf, segs[n].Conf)
			joinRun(segs, isLabel, i, n)
		}
		return value, conf, nil
	}
	line := func(v string, k int) string {
		for {
			n := followsOnLine(segs, isLabel, k)
			if n < 0 || !validValue(field, v+" "+segs[n].Text) {
				return v
			}
			v, conf = v+" "+segs[n].Text, min(conf, segs[n].Conf)
			joinRun(segs, isLabel, k, n)
		}
	}
	value = line(value, i)
	if field != "address" || !own {
		return value, conf, nil
	}
	n := lineUnder(segs, isLabel, i)
	if n < 0 || strings.ContainsFunc(segs[n].Text, unicode.IsLower) || validValue("date_of_birth", segs[n].Text) {
		return value, conf, nil
	}
	conf = min(conf, segs[n].Conf)
	isLabel[n] = true // taken: no other caption's value
	return line(value+" "+segs[n].Text, n), conf, nil
}

// joinRun makes run n part of segment k, so that the rules reading the segments after the
// captions (the dates by rank, the place under the birth date) see the value whole: "3. 08.10"
// alone reads as the date 3.08.10.
func joinRun(segs []Segment, isLabel []bool, k, n int) {
	segs[k].Text += " " + segs[n].Text
	segs[k].Box = segs[k].Box.Union(segs[n].Box)
	segs[n].Text, isLabel[n] = "", true
}

// placeAfterDate tells whether a date in value is followed by a place's letters.
func placeAfterDate(value string) bool {
	loc := numericDate.FindStringIndex(value)
	return loc != nil && letters(value[loc[1]:]) >= 2
}

// dropLeftSpill is the text of value run v without its first word when the run reaches left
// of its caption's column (caption c printed over it) by more than a letter height and that
// word is a letter or two: the portrait's edge joined to the value and read as letters ("LI
// JULIE, JÉRÔME" starting 67 px left of "Prénoms"). Only names and places are trimmed (an
// address's house number may stand left of a translated caption); a value beside its caption
// is kept whole.
func dropLeftSpill(field string, v, c Segment) string {
	w := strings.Fields(v.Text)
	if !nameLike[field] || len(w) < 2 || v.Box.Min.Y < c.Box.Max.Y || c.Box.Min.X-v.Box.Min.X <= v.Box.Dy() ||
		len([]rune(w[0])) > 2 || letters(w[0]) != len([]rune(w[0])) {
		return v.Text
	}
	return strings.Join(w[1:], " ")
}

// nameLike are the fields whose value is a name.
var nameLike = map[string]bool{"first_name": true, "last_name": true, "place_of_birth": true}
