package document

import (
	"strings"
	"unicode"
)

var accents = strings.NewReplacer("É", "E", "È", "E", "Ê", "E", "Ë", "E", "À", "A", "Â", "A", "Ä", "A",
	"Ç", "C", "Î", "I", "Ï", "I", "Ô", "O", "Ö", "O", "Û", "U", "Ù", "U", "Ü", "U",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a", "ä", "a", "ç", "c", "î", "i", "ï", "i",
	"ô", "o", "ö", "o", "û", "u", "ù", "u", "ü", "u", "Œ", "OE", "œ", "oe")

func stripAccents(s string) string { return accents.Replace(s) }

// normalize lowercases, strips accents and turns everything but letters, digits and dots
// (commas count as dots) into single spaces: the form labels are matched in.
func normalize(s string) string {
	s = strings.ToLower(stripAccents(s))
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' {
			b.WriteRune(r)
		} else if r == ',' {
			b.WriteRune('.') // OCR reads the dot of a numbered caption ("5.") as a comma
		} else {
			b.WriteRune(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// NormalizeName is the comparison form of a name: upper case, no accents, letters only,
// single spaces ("Lefèvre-Dupont" → "LEFEVRE DUPONT").
func NormalizeName(s string) string {
	s = strings.ToUpper(stripAccents(s))
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		} else {
			b.WriteRune(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// levenshtein is the edit distance between a and b (runes).
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
