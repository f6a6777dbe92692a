package document

import "strings"

// Arabic writes a doubled consonant once (the shadda, if any, is a mark above it), so two
// identical letters side by side in a name stand for a consonant said twice with a vowel
// between them (ممدوح, MAMDOUH; بناني, BENNANI has its two ن apart). Tesseract sometimes reads a
// letter twice ("مريمم" for "مريم", "بنانني" for "بناني"); the Latin spelling beside the name
// tells how many times the consonant is said: a pair with more of its consonant than the Latin
// has loses one letter.

// collapseRepeats drops one letter of each pair of identical Arabic letters whose consonant
// occurs more often in the reading than in the Latin name; without a Latin name the reading
// is left as it is.
func collapseRepeats(arabic, latin string) string {
	if latin == "" {
		return arabic
	}
	want := consonantCounts(latinConsonants(latin))
	rs := []rune(arabic)
	for i := 1; i < len(rs); i++ {
		if rs[i] != rs[i-1] {
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
	return string(rs)
}

// latinConsonants is the Latin name's consonant classes in order, a doubled Latin letter
// (gemination, "NN" in BENNANI) counted once, the article "EL"/"AL" left out.
func latinConsonants(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(NormalizeName(s)) {
		if w == "EL" || w == "AL" {
			continue
		}
		var prev rune
		var dedup strings.Builder
		for _, r := range w {
			if r != prev {
				dedup.WriteRune(r)
			}
			prev = r
		}
		w = dedup.String()
		for _, d := range latinDigraphs {
			w = strings.ReplaceAll(w, d.from, d.to)
		}
		for _, r := range w {
			b.WriteString(latinClass[r])
		}
	}
	return b.String()
}

// arabicConsonants is the Arabic name's consonant classes in order, each letter counted (no
// squeeze), the article "ال" at the start of a word left out.
func arabicConsonants(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		w = strings.TrimPrefix(w, "ال")
		for _, r := range w {
			b.WriteString(arabicClass[r])
		}
	}
	return b.String()
}

func consonantCounts(s string) map[string]int {
	m := map[string]int{}
	for _, r := range s {
		m[string(r)]++
	}
	return m
}
