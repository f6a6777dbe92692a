package fraud

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fields is one reading of the holder's identity: from the MRZ, the printed zone, the front or
// the back. Empty values are unknown and never compared. Dates are YYYY-MM-DD.
type Fields struct {
	DocumentNumber string // the API's document_number (the CIN on a Moroccan CNIE)
	CardNumber     string // the MRZ number of a Moroccan CNIE
	LastName       string
	FirstName      string
	DateOfBirth    string
	Sex            string
	ExpiryDate     string
}

// field is one comparable value with its name in messages.
type field struct {
	name string
	get  func(Fields) string
	// norm makes two readings comparable (transliteration, fillers, case).
	norm func(string) string
	// prefix: the MRZ may truncate the value, so a prefix agrees.
	prefix bool
}

var comparedFields = []field{
	{"document number", func(f Fields) string { return f.DocumentNumber }, normCode, false},
	{"card number", func(f Fields) string { return f.CardNumber }, normCode, false},
	{"last name", func(f Fields) string { return f.LastName }, normName, true},
	{"first name", func(f Fields) string { return f.FirstName }, normName, true},
	{"date of birth", func(f Fields) string { return f.DateOfBirth }, strings.TrimSpace, false},
	{"sex", func(f Fields) string { return f.Sex }, normSex, false},
	{"expiry date", func(f Fields) string { return f.ExpiryDate }, strings.TrimSpace, false},
}

// CompareMRZPrinted reports every field the MRZ and the printed zone both give and disagree on.
func CompareMRZPrinted(fromMRZ, printed Fields) []Finding {
	return compareFields("mrz_printed_mismatch", fromMRZ, printed)
}

// CompareSides reports every field the front and the back both give and disagree on (a CNIE
// whose front and back come from two different cards).
func CompareSides(front, back Fields) []Finding {
	return compareFields("front_back_mismatch", front, back)
}

func compareFields(code string, a, b Fields) []Finding {
	var out []Finding
	for _, f := range comparedFields {
		va, vb := f.norm(f.get(a)), f.norm(f.get(b))
		if va == "" || vb == "" || va == vb {
			continue
		}
		if f.prefix && (strings.HasPrefix(va, vb) || strings.HasPrefix(vb, va)) && min(len(va), len(vb)) >= 3 {
			continue
		}
		out = append(out, newFinding(code, f.name, f.get(a), f.get(b)))
	}
	return out
}

// normCode keeps letters and digits, upper-cased: "AE 123-456" and "AE123456" agree.
func normCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'):
			return r
		}
		return -1
	}, s)
}

// normName transliterates as the MRZ does (ICAO 9303 part 3): accents dropped, ligatures and
// umlauts expanded, anything not a letter a single space, upper case.
func normName(s string) string {
	s = strings.NewReplacer("Æ", "AE", "æ", "AE", "Œ", "OE", "œ", "OE", "ß", "SS", "Ä", "AE", "ä", "AE",
		"Ö", "OE", "ö", "OE", "Ü", "UE", "ü", "UE", "Ø", "OE", "ø", "OE", "Å", "AA", "å", "AA").Replace(s)
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) && r < unicode.MaxASCII:
			b.WriteRune(unicode.ToUpper(r))
		default:
			b.WriteRune(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// normSex accepts the French and Arabic-script printed forms.
func normSex(s string) string {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "M", "H", "ذكر":
		return "M"
	case "F", "أنثى":
		return "F"
	case "X", "<", "":
		return ""
	}
	return strings.ToUpper(strings.TrimSpace(s))
}
