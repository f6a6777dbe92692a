package document

import "strings"

// ه inside a name is an H said aloud (MEHDI مهدي, ZAHRA زهرة, SOUHAIL سهيل), which French
// transcription writes as an H of its own, never within CH, KH, SH or TH. Tesseract reads a
// blurred ي's tooth as ه's loop ("رشهد" for RACHID) or adds one before a final letter ("رشيهد"):
// the skeleton, which drops ه with the long vowels, cannot see either.

// mendInnerHa replaces each ه inside a word (neither its first nor its last letter) whose
// Latin spelling has no H of its own by ي or by nothing, whichever fits the order of the
// Latin's written vowels better (vowelFit), if that is better than the reading; without a
// Latin spelling the reading is left as it is.
func mendInnerHa(arabic, latin string) string {
	if latin == "" {
		return arabic
	}
	rs := []rune(arabic)
	for i := 1; i < len(rs)-1; i++ {
		if rs[i] != 'ه' || rs[i-1] == ' ' || rs[i+1] == ' ' || strings.Contains(latinVowelClasses(latinWordFor(rs, i, latin)), "H") {
			continue
		}
		best, bestFit := rs, vowelFit(latin, string(rs))
		for _, cand := range [][]rune{
			append(append(append([]rune(nil), rs[:i]...), 'ي'), rs[i+1:]...),
			append(append([]rune(nil), rs[:i]...), rs[i+1:]...),
		} {
			if f := vowelFit(latin, string(cand)); f > bestFit {
				best, bestFit = cand, f
			}
		}
		rs = best
	}
	return string(rs)
}
