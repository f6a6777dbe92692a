package document

import (
	"slices"
	"strings"
)

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

// alefs are the alef and its forms with a hamza or madda.
const alefs = "اأإآ"

// dropDoubledAlef: a hamza on an alef followed by a bare alef ("أايوب" for أيوب) is one
// letter read twice. Arabic writes a long a after a hamza as آ, never as أا or إا.
func dropDoubledAlef(arabic string) string {
	return strings.NewReplacer("أا", "أ", "إا", "إ").Replace(arabic)
}

// initialHamza puts back the hamza of a name's first alef where its Latin word starts with A
// ("ايوب" for AYOUB, أيوب): it is the dots' size, lost like them, and a Moroccan name that
// starts with a vowel said A writes it أ (أحمد, أمينة, أيوب, أسماء). A word said I may start
// without one (ابتسام, انتصار: no hamza in those forms), and the article "ال" is no name's
// first letter: both are left as read. A word said I that starts with the long i ي lost its
// alef, hamza and all, the tall letter standing apart at the run's end ("يمان" for IMANE,
// إيمان): it is put back; so is the alef of a word said I whose reading starts with the
// Latin's first consonant ("براهيم" for IBRAHIM, إبراهيم: the thin stroke and its hamza were
// lost as a speck).
func initialHamza(arabic, latin string) string {
	if latin == "" {
		return arabic
	}
	rs := []rune(arabic)
	changed := false
	for i := 0; i < len(rs); i++ {
		if rs[i] != 'ي' || i > 0 && rs[i-1] != ' ' || i+2 >= len(rs) || rs[i+1] == ' ' || rs[i+2] == ' ' || strings.ContainsRune(alefs, rs[i+1]) {
			continue
		}
		if l := latinWordFor(rs, i, latin); strings.HasPrefix(l, "I") {
			rs = slices.Insert(rs, i, 'إ')
			changed = true
			i++
		}
	}
	for i := 0; i < len(rs); i++ {
		if i > 0 && rs[i-1] != ' ' || i+2 >= len(rs) || rs[i+1] == ' ' {
			continue
		}
		c := arabicClass[rs[i]]
		if l := latinWordFor(rs, i, latin); len(l) >= 3 && l[0] == 'I' && c != "" && c != "Y" && latinClass[rune(l[1])] == c {
			rs = slices.Insert(rs, i, 'إ')
			changed = true
			i++
		}
	}
	for i := range rs {
		if rs[i] != 'ا' || i > 0 && rs[i-1] != ' ' || i+1 < len(rs) && (rs[i+1] == 'ل' || rs[i+1] == ' ') || i+1 == len(rs) {
			continue
		}
		if l := latinWordFor(rs, i, latin); !strings.HasPrefix(l, "A") || strings.HasPrefix(l, "AL") {
			continue
		}
		rs[i] = 'أ'
		changed = true
	}
	if !changed {
		return arabic
	}
	return string(rs)
}
