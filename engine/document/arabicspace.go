package document

import "strings"

// A letter-spaced Arabic name is read with a space where a letter that does not join the next
// one (ا د ذ ر ز و) leaves a gap ("خد يجة" for "خديجة"). The Latin spelling tells how many
// words the name has: where the reading has more, the extra spaces are gaps inside a word —
// except after the words that stand apart in Arabic but are written joined in Latin
// ("عبد الله" ABDELLAH, "بن سليمان" BENSLIMANE, "أبو بكر" ABOUBAKR).

// arabicStandalone are the name words that stay separate in Arabic whatever the Latin does.
var arabicStandalone = map[string]bool{"عبد": true, "بن": true, "ابن": true, "أبو": true, "ابو": true, "بو": true}

// joinSplitWords removes the spaces of an Arabic reading beyond the Latin name's word count
// (a Latin "EL" is no word in Arabic, where the article is written joined: "EL FASSI",
// "الفاسي"), keeping those after a standalone word and before a word starting with the
// article; without a Latin name the reading is left as it is.
func joinSplitWords(arabic, latin string) string {
	lw := 0 // the Latin name's words, less those that are only an article ("EL", "AL")
	for _, w := range strings.Fields(NormalizeName(latin)) {
		if w != "EL" && w != "AL" {
			lw++
		}
	}
	words := strings.Fields(arabic)
	if lw == 0 || len(words) <= lw {
		return arabic
	}
	extra := len(words) - lw
	var b strings.Builder
	b.WriteString(words[0])
	for i := 1; i < len(words); i++ {
		if extra > 0 && !arabicStandalone[words[i-1]] && !strings.HasPrefix(words[i], "ال") {
			b.WriteString(words[i]) // a gap inside the word
			extra--
			continue
		}
		b.WriteString(" " + words[i])
	}
	return b.String()
}
