package document

import "strings"

// A Latin name misread by one letter that has a lookalike ("OUAZZANT" for OUAZZANI: the final
// I read as T in a blurred photo) no longer spells the Arabic name read beside it with
// confidence; the Arabic tells which lookalike is right when exactly one of them makes the two
// spellings agree. The Arabic reading was itself chosen against the Latin one (readArabic):
// only a sure reading (arabicSure) mends the Latin.

// latinLookalikes are the capitals Tesseract confuses in names, and what each may really be.
var latinLookalikes = map[rune]string{'T': "I", 'L': "I", 'J': "I", 'I': "JLT"}

// mendLatinByArabic returns latin with one letter replaced by its lookalike when latin's
// skeleton misses the Arabic spelling's and exactly one such replacement meets it; ok is false
// otherwise.
func mendLatinByArabic(latin, arabic string) (string, bool) {
	if latin == "" || arabic == "" || skeletonDistance(latin, arabic) == 0 {
		return latin, false
	}
	rs := []rune(latin)
	found := ""
	for i, r := range rs {
		for _, alt := range latinLookalikes[r] {
			if i > 0 && rs[i-1] == alt || i+1 < len(rs) && rs[i+1] == alt {
				continue // a letter doubled by the repair: "BENNANTI" is not "BENNANII"
			}
			rs[i] = alt
			if cand := string(rs); skeletonDistance(cand, arabic) == 0 {
				if found != "" && found != cand {
					rs[i] = r
					return latin, false // two repairs agree: the Arabic cannot choose
				}
				found = cand
			}
		}
		rs[i] = r
	}
	if found == "" {
		return latin, false
	}
	return found, true
}

// joinSplitName returns latin without its one inner space when OCR cut the name at a wide
// letter space of a monospaced font ("BE RRADA" for BERRADA, "LAH LOU" for LAHLOU): the
// Arabic spelling read beside it is one word that the joined name spells, and the piece cut
// off is a letter or two that is no article ("EL", "AL", "ES"… stand apart in Latin and join
// their name in Arabic: EL ALAMI, العلمي), or three letters that are no particle of a name
// (BEN ALI is written بنعلي too).
func joinSplitName(latin, arabic string) (string, bool) {
	w := strings.Fields(latin)
	if len(w) != 2 || strings.Contains(strings.TrimSpace(arabic), " ") || letters(arabic) < 3 {
		return latin, false
	}
	short := w[0]
	if len([]rune(w[1])) < len([]rune(short)) {
		short = w[1]
	}
	if n := len([]rune(short)); n > 3 || n == 3 && (nameParticles[w[0]] || nameParticles[w[1]]) || short == w[0] && n == 2 && strings.ContainsRune("AE", rune(short[0])) {
		return latin, false
	}
	joined := w[0] + w[1]
	if skeletonDistance(joined, arabic) != 0 {
		return latin, false
	}
	return joined, true
}

// nameParticles are the three-letter words Maghrebi names are written with apart in Latin and
// joined in Arabic: son of (BEN, BIN, BEL), father of (BOU, ABU), the tribe's (AIT, AYT), the
// servant of (ABD).
var nameParticles = map[string]bool{"BEN": true, "BIN": true, "BEL": true, "BOU": true, "ABU": true, "AIT": true, "AYT": true, "ABD": true}

// SpellsArabic reports whether a Latin name's consonants are exactly those of a sure Arabic
// reading of it: the Arabic can then choose between two Latin readings that differ at a
// letter, where TranslitMatch's tolerance would accept both.
func SpellsArabic(latin string, arabic Value) bool {
	return arabic.Conf >= arabicSure && latinSkeleton(latin) != "" && skeletonDistance(latin, arabic.Text) == 0
}
