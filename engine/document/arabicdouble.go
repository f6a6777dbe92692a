package document

// Arabic writes a doubled consonant once (the shadda, if any, is a mark above it), so two
// identical letters side by side in a name stand for a consonant said twice with a vowel
// between them (ممدوح, MAMDOUH; بناني, BENNANI has its two ن apart). Tesseract sometimes reads a
// letter twice ("مريمم" for "مريم", "بنانني" for "بناني"); the Latin spelling beside the name
// tells how many times the consonant is said: a pair with more of its consonant than the Latin
// has loses one letter.

// collapseRepeats drops one letter of each pair of identical Arabic letters whose consonant
// occurs more often in the reading than in the Latin name, and of a ح or ه read twice at a
// word's start; without a Latin name the reading is left as it is.
func collapseRepeats(arabic, latin string) string {
	if latin == "" {
		return arabic
	}
	want := consonantCounts(latinClasses(latin, true))
	rs := []rune(arabic)
	for i := 1; i < len(rs); i++ {
		if rs[i] != rs[i-1] {
			continue
		}
		if wordStart := i == 1 || rs[i-2] == ' '; wordStart && (rs[i] == 'ح' || rs[i] == 'ه') {
			// The Latin cannot count ح and ه (its H is silent or part of KH, CH, SH…), but
			// no name starts with either twice ("ححمزة" for "حمزة"; ممدوح starts with two م).
			rs = append(rs[:i], rs[i+1:]...)
			i--
			continue
		}
		class := arabicClass[rs[i]]
		if class == "" || class == "W" || class == "Y" || class == "H" {
			continue // vowels and letters the skeletons drop: the Latin cannot count them
		}
		have := consonantCounts(arabicConsonants(string(rs)))
		if have[class] > want[class] {
			rs = append(rs[:i], rs[i+1:]...)
			i--
		}
	}
	return dropLoopBeforeTaMarbuta(string(rs), latin)
}

func consonantCounts(s string) map[string]int {
	m := map[string]int{}
	for _, r := range s {
		m[string(r)]++
	}
	return m
}
