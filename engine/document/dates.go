package document

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Printed dates come as 12.02.1990, 12 02 1990, 12/02/1990, 12-02-1990 or with a month name
// (12 FÉVR/FEB 1990, 12 FEB 90); a dot may be read as a comma (12.02,1990). OCR may split or merge the separators, so the parser reads
// day, month and year as the digit groups around them.
var (
	numericDate = regexp.MustCompile(`(\d{1,2})\s*[./\-, ]\s*(\d{1,2})\s*[./\-, ]\s*(\d{4}|\d{2})\b`)
	compactDate = regexp.MustCompile(`\b(\d{2})(\d{2})(\d{4})\b`)
	// looseDate: a two-digit day and month whose separators were doubled or lost
	// ("15//122013" for 15.12.2013).
	looseDate = regexp.MustCompile(`\b(\d{2})\s*[./\-, ]{0,2}\s*(\d{2})\s*[./\-, ]{0,2}\s*(\d{4})\b`)
	namedDate = regexp.MustCompile(`(\d{1,2})\s*([A-ZÀ-Ü]{3,5})\.?\s*(?:/\s*([A-Z]{3})\.?)?\s*(\d{4}|\d{2})\b`)
	// colonDot: a dot between two digits read as a colon ("21:07.1958"); no document field
	// prints a time. A colon followed by a space is a caption's ("3: 21.07.1958") and stays.
	colonDot = regexp.MustCompile(`(\d):(\d)`)
)

// dotColons reads a colon between two digits as the dot it was; the string keeps its length.
func dotColons(s string) string { return colonDot.ReplaceAllString(s, "$1.$2") }

var monthNames = map[string]int{
	"JAN": 1, "JANV": 1, "FEV": 2, "FEVR": 2, "FEB": 2, "MAR": 3, "MARS": 3, "AVR": 4, "APR": 4,
	"MAI": 5, "MAY": 5, "JUN": 6, "JUIN": 6, "JUL": 7, "JUIL": 7, "AOU": 8, "AOUT": 8, "AUG": 8,
	"SEP": 9, "SEPT": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}

// ParseDate finds a date in printed text and returns it as YYYY-MM-DD; ok is false when there
// is no valid calendar date. Two-digit years above twoDigitPivot are 19YY, the others 20YY (a
// fixed pivot keeps the result independent of the clock).
func ParseDate(s string) (string, bool) {
	up := strings.ToUpper(stripAccents(s))
	if d, ok := parseDate(up); ok {
		return d, true
	}
	if dotted := dotColons(up); dotted != up {
		if d, ok := parseDate(dotted); ok {
			return d, true
		}
		up = dotted
	}
	// A digit read as its look-alike letter ("09 O1 2023"): only in groups that hold digits,
	// so month names stay words.
	if fixed := digitLookalikes(up); fixed != up {
		return parseDate(fixed)
	}
	// Spaces read inside a date of a monospaced font ("28.01 .202 1"): a run of digits,
	// separators and spaces only, whole once they are dropped.
	if compact := strings.ReplaceAll(strings.TrimSpace(up), " ", ""); spacedDate.MatchString(compact) {
		return parseDate(compact)
	}
	return "", false
}

// spacedDate is a whole numeric date with a four-digit year, its spaces dropped.
var spacedDate = regexp.MustCompile(`^\d{2}[./\-]\d{2}[./\-]\d{4}$`)

// digitLetters are the letters OCR reads for digits.
var digitLetters = strings.NewReplacer("O", "0", "Q", "0", "D", "0", "I", "1", "L", "1", "|", "1", "Z", "2", "S", "5", "B", "8")

// digitLookalikes replaces look-alike letters by their digit in every word that holds a digit
// and otherwise only look-alikes.
func digitLookalikes(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '.' || r == '/' || r == '-' })
	for _, w := range words {
		fixed := digitLetters.Replace(w)
		if fixed == w || strings.IndexFunc(w, unicode.IsDigit) < 0 || strings.IndexFunc(fixed, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0 {
			continue
		}
		s = strings.Replace(s, w, fixed, 1)
	}
	return s
}

func parseDate(up string) (string, bool) {
	if m := namedDate.FindStringSubmatch(up); m != nil {
		mon, ok := monthNames[m[2]]
		if !ok && m[3] != "" {
			mon, ok = monthNames[m[3]]
		}
		if ok {
			return build(m[1], mon, m[4])
		}
	}
	for _, re := range []*regexp.Regexp{numericDate, compactDate, looseDate} {
		if m := re.FindStringSubmatch(up); m != nil {
			mon, _ := strconv.Atoi(m[2])
			if d, ok := build(m[1], mon, m[3]); ok {
				return d, true
			}
		}
	}
	return "", false
}

// twoDigitPivot splits two-digit years between centuries.
const twoDigitPivot = 45

func build(day string, month int, year string) (string, bool) {
	d, err1 := strconv.Atoi(day)
	y, err2 := strconv.Atoi(year)
	if err1 != nil || err2 != nil {
		return "", false
	}
	if len(year) == 2 {
		y += 2000
		if y > 2000+twoDigitPivot {
			y -= 100
		}
	}
	if y < 1900 || y > 2100 || month < 1 || month > 12 || d < 1 {
		return "", false
	}
	t := time.Date(y, time.Month(month), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// wholeDate: s is a numeric date and nothing else.
func wholeDate(s string) bool {
	s = strings.TrimSpace(s)
	loc := numericDate.FindStringIndex(s)
	if loc == nil || loc[0] != 0 || loc[1] != len(s) {
		return false
	}
	_, ok := ParseDate(s)
	return ok
}

// monthsOnly: every word of name v is a month's abbreviation ("FEB FÉV", what is left of a
// bilingual date without its digits); no name or town is.
func monthsOnly(v string) bool {
	w := strings.Fields(stripAccents(v))
	for _, m := range w {
		if monthNames[m] == 0 {
			return false
		}
	}
	return len(w) > 0
}
