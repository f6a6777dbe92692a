package engine

import (
	"strings"

	"github.com/kycd/kycd/engine/document"
	"github.com/kycd/kycd/engine/mrz"
)

// The MRZ's names are the one part of it no check digit protects, and in a blurred photo its
// font's round and straight letters merge: D read O, Z read I ("BOUZIOI<<AHMEO" printed over
// BOUZIDI AHMED). The printed zone spells the same names in a larger font. Where the two
// spellings have the same length and differ only at a few letters the MRZ font confuses, the
// MRZ's are misreadings and take the printed ones; any other difference is left for the fraud
// rules to compare.

// mrzConfusions are the letters a blurred OCR-B print is read as (first) where the printed
// zone reads another (second), one way only: a D or Q rounded into an O, a Z's diagonal
// thinned into an I, a P's bowl lost into an F. The printed zone has misreadings of its own
// the other way ("ALAOUT" printed over the MRZ's right ALAOUI), which must not correct it.
var mrzConfusions = map[[2]byte]bool{{'O', 'D'}: true, {'O', 'Q'}: true, {'I', 'Z'}: true, {'F', 'P'}: true}

// maxNameFixes bounds the letters one name may take from the printed zone: more is another
// name, or a misread printed zone.
const maxNameFixes = 2

// printedNameSure is the printed reading's confidence below which it corrects nothing.
const printedNameSure = 0.8

// fixMRZNames corrects the MRZ reading's surname and given names, its lines and the names
// taken from it with the printed zone's spelling (see above). front holds the printed fields.
func fixMRZNames(d *ExtractedData, m *mrzNames, front map[string]document.Value) {
	for _, n := range []struct {
		field string
		mrz   *string
		dst   **string
	}{{"last_name", &m.last, &d.LastName}, {"first_name", &m.first, &d.FirstName}} {
		pr, ok := front[n.field]
		if !ok || *n.mrz == "" {
			continue
		}
		// The sure Arabic spelling beside the name settles a letter the two readings differ
		// at, whichever letters they are and however doubtful the printed one: it has the
		// printed reading's consonants and not the MRZ's ("MOUSSAOUI" read at 0.66 over the
		// MRZ's MQUSSAOUI, beside الموساوي).
		arabic := front[n.field+"_arabic"]
		byArabic := document.SpellsArabic(pr.Text, arabic) && !document.SpellsArabic(*n.mrz, arabic)
		if pr.Conf < printedNameSure && !byArabic {
			continue
		}
		fixed, ok := confusedName(*n.mrz, mrzSpelling(pr.Text), byArabic)
		if !ok {
			continue
		}
		if d.MRZ != nil {
			*d.MRZ = replaceName(*d.MRZ, m.format, *n.mrz, fixed)
		}
		if *n.dst != nil && **n.dst == *n.mrz {
			*n.dst = ptr(fixed)
		}
		*n.mrz = fixed
	}
}

// mrzNames are an MRZ reading's names as humanName gives them (words split by spaces), and
// its format.
type mrzNames struct {
	last, first string
	format      mrz.Format
}

// mrzSpelling writes a printed name as the MRZ does: capitals without accents, words apart
// (ICAO 9303 writes a hyphen or a space as a filler, and drops an apostrophe).
func mrzSpelling(s string) string {
	s = strings.ReplaceAll(strings.ToUpper(s), "'", "")
	return document.NormalizeName(s)
}

// confusedName returns printed when it differs from read at one or two letters only, each a
// pair the MRZ font confuses (any pair with anyPair), with the same length and the same
// spaces.
func confusedName(read, printed string, anyPair bool) (string, bool) {
	if len(read) != len(printed) || read == printed {
		return "", false
	}
	fixes := 0
	for i := range len(read) {
		a, b := read[i], printed[i]
		if a == b {
			continue
		}
		if !anyPair && !mrzConfusions[[2]byte{a, b}] || a == ' ' || b == ' ' {
			return "", false
		}
		fixes++
	}
	if fixes > maxNameFixes {
		return "", false
	}
	return printed, true
}

// nameZones are where each format prints its names: line and first position (0-based).
func nameZones(f mrz.Format) [][2]int {
	switch f {
	case mrz.TD1:
		return [][2]int{{2, 0}}
	case mrz.FRDL:
		return [][2]int{{0, 21}}
	case mrz.FRID:
		return [][2]int{{0, 5}, {1, 13}}
	}
	return [][2]int{{0, 5}}
}

// replaceName replaces the MRZ's spelling of a name (words joined by "<") in the name zones
// of its lines.
func replaceName(lines string, f mrz.Format, old, fixed string) string {
	o, n := strings.ReplaceAll(old, " ", "<"), strings.ReplaceAll(fixed, " ", "<")
	ls := strings.Split(lines, "\n")
	for _, z := range nameZones(f) {
		if z[0] >= len(ls) || z[1] > len(ls[z[0]]) {
			continue
		}
		l := ls[z[0]]
		if k := strings.Index(l[z[1]:], o); k >= 0 {
			ls[z[0]] = l[:z[1]+k] + n + l[z[1]+k+len(o):]
			break
		}
	}
	return strings.Join(ls, "\n")
}
