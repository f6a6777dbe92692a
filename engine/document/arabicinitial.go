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
// "لطيفة" keeps it, its skeleton needs it). The word must keep at least two letters.

const teeth = "بتثني"

// dropStrayInitial returns ar without its stray word-initial teeth; ok reports a change.
func dropStrayInitial(ar, latin string) (string, bool) {
	if latin == "" {
		return ar, false
	}
	rs := []rune(ar)
	changed := false
	for i := 0; i < len(rs); i++ {
		if i > 0 && rs[i-1] != ' ' || !strings.ContainsRune(teeth, rs[i]) && rs[i] != 'ه' && rs[i] != 'ل' {
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
			drop = !latinWordStarts(rs, i, latin, "Y")
		case 'ه':
			drop = !latinWordStarts(rs, i, latin, "H")
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
