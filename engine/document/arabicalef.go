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
func latinAlefClasses(s string) string { return latinClassesWith(s, false, latinAlefVowels) }

// arabicAlefClasses is arabicConsonants with the bare alef counted as A.
func arabicAlefClasses(s string) string { return arabicClassesWith(s, arabicAlef) }

var (
	latinAlefVowels = map[rune]string{'A': "A", 'E': "A", 'I': "Y"}
	arabicAlef      = map[rune]string{'ا': "A"}
)
