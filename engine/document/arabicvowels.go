package document

import "strings"

// The consonant skeleton (translit.go) drops ي, و and ه with the long vowels, so it cannot tell
// "زينب" from a misreading "زنعب" or "زنيب" for ZINEB: all three are Z N B. Where the Latin
// spelling writes a long vowel the Arabic one writes too — I for ي, OU for و, as French
// transcription does — the letters' order can still choose between readings the skeleton
// finds equal. vowelFit scores that order; it breaks ties only, never overrides the skeleton.
//
// Short vowels (A, E, O, U) are often unwritten in Arabic (MOHAMED محمد, ZINEB زينب) and alef
// and ain stand for vowels in Latin as often as not (FATIMA فاطمة, SAID سعيد), so neither side
// counts them, except ain in a name without an A.

// vowelFit is 2·(letters the Latin and the Arabic spellings share, in order) − (the Arabic
// spelling's counted letters): higher is a better fit. Equal fits leave the choice to the
// caller's other criteria.
func vowelFit(latin, arabic string) int {
	l, a := latinVowelClasses(latin), []rune(arabicConsonants(arabic))
	if !strings.Contains(NormalizeName(latin), "A") {
		// ع is written A in French transcription (SAID سعيد, ABDELLAH عبد الله, SOUAD سعاد):
		// in a name without an A it is a misreading ("زينعب" for ZINEB), and counts.
		a = append(a, make([]rune, strings.Count(arabic, "ع"))...)
	}
	return 2*lcs([]rune(l), a) - len(a)
}

// latinVowelClasses is latinClasses with I (and EE/Y as vowels are already Y) counted as the
// ي it is written with; OU is already و (latinDigraphs).
func latinVowelClasses(s string) string {
	return latinClasses(strings.ReplaceAll(NormalizeName(s), "I", "Y"), false)
}

// lcs is the length of the longest common subsequence of a and b.
func lcs(a, b []rune) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			default:
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// toothVowel re-dots one tooth of a reading whose skeleton already agrees with the Latin
// name when another letter of the tooth's shape fits the Latin's written vowels better: the
// skeleton drops ي, so "أبوب" (a tooth read with one dot under it, B W B squeezed to B) agreed
// with AYOUB as well as "أيوب"; the Latin's Y decides. The re-dotted reading must keep the
// skeleton and be the one best fit; ok is false otherwise.
func toothVowel(arabic, latin string) (string, bool) {
	if latin == "" || arabic == "" || skeletonDistance(latin, arabic) != 0 {
		return arabic, false
	}
	rs := []rune(arabic)
	best, bestFit, tie := "", vowelFit(latin, arabic), false
	for i, r := range rs {
		if !strings.ContainsRune(teeth, r) {
			continue
		}
		for _, alt := range teeth {
			if alt == r || !allowedAt(rs, i, alt, latin) {
				continue
			}
			rs[i] = alt
			cand := string(rs)
			rs[i] = r
			if skeletonDistance(latin, cand) != 0 {
				continue
			}
			switch f := vowelFit(latin, cand); {
			case f > bestFit:
				best, bestFit, tie = cand, f, false
			case f == bestFit && best != "":
				tie = true
			}
		}
	}
	if best == "" || tie {
		return arabic, false
	}
	return best, true
}
