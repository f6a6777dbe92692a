package document

import "strings"

// After a letter that does not join the next (د, ر, و…), the tooth of an initial ي stands
// apart and Tesseract reads it as an alef of its own: "خدايجة" for "خديجة" (KHADIJA); a long
// alef is also read twice ("إيماان" for "إيمان"). An alef inside an Arabic name is a long a,
// which French transcription writes A or E (FATIMA فاطمة, JAMEL جمال, BENANI بناني): one that
// no A or E of the Latin spelling can stand for, in order among the consonants, was not
// printed.

// dropSilentAlef removes, one at a time, each alef inside a word (not a word's first letter)
// that the longest in-order match of the Latin spelling's letters does not need; without a
// Latin spelling the reading is left as it is.
func dropSilentAlef(arabic, latin string) string {
	if latin == "" {
		return arabic
	}
	l := latinAlefClasses(latin)
	if !strings.Contains(l, "A") {
		return arabic // a Latin spelling without A or E accounts for no alef; leave it to the skeleton
	}
	rs := []rune(arabic)
	for i := 1; i < len(rs); i++ {
		if rs[i] != 'ا' || rs[i-1] == ' ' {
			continue
		}
		without := append(append([]rune(nil), rs[:i]...), rs[i+1:]...)
		if lcs([]rune(l), []rune(arabicAlefClasses(string(rs)))) == lcs([]rune(l), []rune(arabicAlefClasses(string(without)))) {
			rs = without
			i--
		}
	}
	return string(rs)
}

// latinAlefClasses is latinClasses keeping the vowels an Arabic letter writes: A and E as the
// alef's A, I as ي's Y (OU is already و).
func latinAlefClasses(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(NormalizeName(s)) {
		if w == "EL" || w == "AL" {
			continue
		}
		for _, d := range latinDigraphs {
			w = strings.ReplaceAll(w, d.from, d.to)
		}
		for _, r := range w {
			switch r {
			case 'A', 'E':
				b.WriteByte('A')
			case 'I':
				b.WriteByte('Y')
			default:
				b.WriteString(latinClass[r])
			}
		}
	}
	return b.String()
}

// arabicAlefClasses is arabicConsonants with the bare alef counted as A.
func arabicAlefClasses(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		w = strings.TrimPrefix(w, "ال")
		for _, r := range w {
			if r == 'ا' {
				b.WriteByte('A')
				continue
			}
			b.WriteString(arabicClass[r])
		}
	}
	return b.String()
}
