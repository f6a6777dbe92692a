package document

import "strings"

// A speck just before a name (the guilloche, the end of its caption) is read as the smallest
// Arabic letter, a tooth: "تسعيد" for "سعيد". dropStrayInitial removes a tooth that starts a
// word when the Latin spelling accounts for the rest and not for it:
//   - ي, which the skeleton ignores (it stands for a long vowel as often as for Y), goes when
//     the Latin word does not start with Y: a name starting with ي is Youssef, Yassine, Yahya;
//   - ب ت ث ن go when the word without them has the Latin's skeleton and with them does not.
// A speck read as a loop, ه (also dropped by the skeleton), goes like ي when the Latin word
// does not start with H ("همريم" for MERIEM): names starting with ه are HICHAM, HIND, HAJAR.
// The caption's last stroke read as ل goes like ب ت ث ن ("لخديجة" for KHADIJA; LATIFA's
// "لطيفة" keeps it, its skeleton needs it), and read as ا it goes where the Latin word starts
// with a consonant and the ا starts no article ("ازينب" for ZINEB). The word must keep at
// least two letters.

const teeth = "بتثني"

// dropStrayInitial returns ar without its stray word-initial teeth; ok reports a change.
func dropStrayInitial(ar, latin string) (string, bool) {
	if latin == "" {
		return ar, false
	}
	rs := []rune(ar)
	changed := false
	for i := 0; i < len(rs); i++ {
		if i > 0 && rs[i-1] != ' ' || !strings.ContainsRune(teeth, rs[i]) && !strings.ContainsRune("هلا", rs[i]) {
			continue
		}
		rest := 0 // letters left in the word without the tooth
		for j := i + 1; j < len(rs) && rs[j] != ' '; j++ {
			rest++
		}
		if rest < 2 {
			continue
		}
		cand := append(append([]rune(nil), rs[:i]...), rs[i+1:]...)
		var drop bool
		switch rs[i] {
		case 'ي':
			// Kept before a Latin I too when no alef follows: the long i of "إيمان" (IMANE)
			// whose alef was lost (initialHamza puts it back).
			drop = !latinWordStarts(rs, i, latin, "Y") && !(latinWordStarts(rs, i, latin, "I") && !strings.ContainsRune(alefs, rs[i+1]))
		case 'ه':
			drop = !latinWordStarts(rs, i, latin, "H")
		case 'ا':
			// Not the article ("التازي" for TAZI), and not a name said with a vowel first.
			drop = rs[i+1] != 'ل' && !latinWordStarts(rs, i, latin, "AEIOU")
		default:
			drop = skeletonDistance(latin, string(rs)) > 0 && skeletonDistance(latin, string(cand)) == 0
		}
		if drop {
			rs, changed = cand, true
			i--
		}
	}
	if !changed {
		return ar, false
	}
	return string(rs), true
}

// speckLetters are the small letters a speck is read as: a tooth, or ف and ق (a dot or two
// over a loop). A tall letter (ل, ا) or a wide one is print, not a speck: "عادل" read beside
// a Latin "ADI" that lost its L keeps its ل.
const speckLetters = teeth + "فق"

// dropStrayLetter removes one letter inside or at the end of a word when the reading's
// skeleton misses the Latin name's and the reading without that letter has it — the one such
// spelling, or of several the one whose vowels fit the Latin best (none on a tie): a speck
// read as a letter in the middle of a name ("هقدى" for HOUDA, "بتنعلي" for BENALI) or after
// it ("لحلوق" for LAHLOU). Word-initial letters are dropStrayInitial's. The word keeps at
// least three letters before the drop.
func dropStrayLetter(ar, latin string) (string, bool) {
	if latin == "" || skeletonDistance(latin, ar) == 0 {
		return ar, false
	}
	rs := []rune(ar)
	found := map[string]bool{}
	for i := 1; i < len(rs); i++ {
		if rs[i] == ' ' || rs[i-1] == ' ' || !strings.ContainsRune(speckLetters, rs[i]) {
			continue
		}
		start, end := i, i
		for start > 0 && rs[start-1] != ' ' {
			start--
		}
		for end < len(rs) && rs[end] != ' ' {
			end++
		}
		if end-start < 3 {
			continue
		}
		cand := string(append(append([]rune(nil), rs[:i]...), rs[i+1:]...))
		if skeletonDistance(latin, cand) == 0 {
			found[cand] = true
		}
	}
	switch len(found) {
	case 0:
		return ar, false
	case 1:
		for c := range found {
			return c, true
		}
	}
	return bestVowelFit(found, latin)
}
