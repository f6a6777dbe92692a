package document

import "strings"

// A speck of the guilloche over an alef inside a name is read as a hamza: "إبرأهيم" for
// "إبراهيم", "برأدة" for "برادة". Moroccan names with a hamza inside (مأمون, رأفت) show it in
// their Latin spelling as a vowel said twice or an apostrophe (MAAMOUN, RA'FAT); without one,
// an alef inside a word loses the hamza. A word's first alef keeps it (أحمد, إيمان), and so
// does the one right after the article (الإدريسي).

// dropInnerHamza turns أ and إ inside a word into ا where the name's Latin spelling has no
// apostrophe and the word's no vowel said twice.
func dropInnerHamza(arabic, latin string) string {
	if latin == "" || strings.ContainsAny(latin, "'’`") {
		return arabic
	}
	rs := []rune(arabic)
	changed := false
	for i := 1; i < len(rs); i++ {
		if rs[i] != 'أ' && rs[i] != 'إ' || rs[i-1] == ' ' {
			continue
		}
		if i >= 2 && rs[i-2] == 'ا' && rs[i-1] == 'ل' && (i == 2 || rs[i-3] == ' ') {
			continue // after the article
		}
		l := latinWordFor(rs, i, latin)
		if l == "" || strings.Contains(l, "AA") || strings.Contains(l, "AE") || strings.Contains(l, "EA") {
			continue
		}
		rs[i] = 'ا'
		changed = true
	}
	if !changed {
		return arabic
	}
	return string(rs)
}

// dropDoubledAlef: a hamza on an alef followed by a bare alef ("أايوب" for أيوب) is one
// letter read twice. Arabic writes a long a after a hamza as آ, never as أا or إا.
func dropDoubledAlef(arabic string) string {
	return strings.NewReplacer("أا", "أ", "إا", "إ").Replace(arabic)
}
