package document

import (
	"slices"
	"strings"
)

// Arabic letters that differ only by their dots share one written shape (ب ت ث ن ي as a
// tooth, ج ح خ as a cup…), and the dots are a name's smallest print: Tesseract keeps the shape
// and misplaces a dot ("خديحة" for "خديجة", "المتصوري" for "المنصوري"). The Latin spelling
// printed beside the name tells which letter the shape is: a reading whose consonant skeleton
// misses the Latin name's is repaired when changing the dots of one or two letters (or one of
// the few shapes the model confuses, dotConfusions) — and no other such change — makes the
// skeletons agree. Anything else is left as read.

// dotGroups are the letters sharing a shape, dots aside.
var dotGroups = []string{"بتثني", "جحخ", "دذ", "رز", "سش", "صض", "طظ", "عغ", "فق", "هة"}

// dotConfusions are letters of two shapes that Tesseract's Arabic model still confuses on
// these cards: ق's loop and ن's or ت's tooth under their dots, at name size after binarization
// ("أميقة" for "أمينة", "القازي" for "التازي"), and a final ة's loop read as a final م's
// ("ناديم" for "نادية"; ة ends a word only, see allowedAt).
var dotConfusions = []string{"قن", "قت", "مة"}

// dotAlternatives maps each letter to the others of its group.
var dotAlternatives = func() map[rune][]rune {
	m := map[rune][]rune{}
	for _, g := range append(slices.Clone(dotGroups), dotConfusions...) {
		rs := []rune(g)
		for _, r := range rs {
			for _, o := range rs {
				if o != r {
					m[r] = append(m[r], o)
				}
			}
		}
	}
	return m
}()

// maxDotRepairs is how many letters a repair may change.
const maxDotRepairs = 2

// repairDots returns the reading with the dots of the fewest letters (one, else two) changed
// when exactly one such spelling matches the Latin name's skeleton and the reading as read
// does not; ok is false when there is nothing to repair, no repair matches, or several do
// (ت and ث, or ه and ة, sound alike: the Latin cannot choose between them).
func repairDots(arabic, latin string) (string, bool) {
	if latin == "" || arabic == "" || skeletonDistance(latin, arabic) == 0 {
		return arabic, false
	}
	want := latinSkeleton(latin) // a distance of 0 is an equal skeleton
	rs := []rune(arabic)
	for changes := 1; changes <= maxDotRepairs; changes++ {
		found := map[string]bool{}
		var try func(from, left int)
		try = func(from, left int) {
			for i := from; i < len(rs); i++ {
				orig := rs[i]
				for _, alt := range dotAlternatives[orig] {
					if !allowedAt(rs, i, alt, latin) {
						continue
					}
					rs[i] = alt
					if left == 1 {
						if cand := string(rs); arabicSkeleton(cand) == want {
							found[cand] = true
						}
					} else {
						try(i+1, left-1)
					}
				}
				rs[i] = orig
			}
		}
		try(0, changes)
		if len(found) == 1 {
			for cand := range found {
				return cand, true
			}
		}
		if len(found) > 1 {
			// The Latin's written vowels may still choose ("رييب" for ZINEB: ز with one of
			// the teeth as ن; I before N makes it "زينب"); sound-alike letters stay a tie.
			if cand, ok := bestVowelFit(found, latin); ok {
				return cand, true
			}
			return arabic, false
		}
	}
	return arabic, false
}

// bestVowelFit is the one candidate with the highest vowelFit to latin; ok is false on a tie.
func bestVowelFit(cands map[string]bool, latin string) (string, bool) {
	best, bestFit, tie := "", 0, false
	for c := range cands {
		switch f := vowelFit(latin, c); {
		case best == "" || f > bestFit:
			best, bestFit, tie = c, f, false
		case f == bestFit:
			tie = true
		}
	}
	return best, !tie
}

// allowedAt tells whether a repair may put letter r at position i of rs. Two places decide
// what the skeleton cannot, as it drops ي and ة with the long vowels:
//   - ة ends a word, never begins or continues one;
//   - a word begins with ي only where its Latin spelling begins with Y (Youssef, Yassine):
//     a tooth at the start of "تسعيد" for SAID is a speck read as a letter (dropStrayInitial),
//     not ي.
func allowedAt(rs []rune, i int, r rune, latin string) bool {
	wordEnd := i == len(rs)-1 || rs[i+1] == ' '
	wordStart := i == 0 || rs[i-1] == ' '
	switch r {
	case 'ة':
		return wordEnd && !wordStart
	case 'ي':
		if wordStart {
			return latinWordStarts(rs, i, latin, "Y")
		}
	}
	return true
}

// latinWordStarts tells whether the Latin word for the Arabic word holding position i
// (latinWordFor) starts with one of the letters in set.
func latinWordStarts(rs []rune, i int, latin, set string) bool {
	w := latinWordFor(rs, i, latin)
	return w != "" && strings.ContainsRune(set, rune(w[0]))
}

// latinWordFor is the Latin word (normalized) at the same index as the Arabic word holding
// position i of rs. The Latin article written apart ("EL ALAOUI" for "العلوي") is no word of
// its own there. With another count of words than the Latin's (a caption's word left over),
// the whole Latin name stands for every word, except for latinWordStarts, which takes its
// first word.
func latinWordFor(rs []rune, i int, latin string) string {
	lw := strings.Fields(NormalizeName(latin))
	if len(lw) == 0 {
		return ""
	}
	aw := strings.Fields(string(rs))
	k := strings.Count(string(rs[:i]), " ")
	if len(aw) == len(lw) && k < len(lw) {
		return lw[k]
	}
	// The article written apart in Latin ("EL ALAOUI") is joined to its word in Arabic
	// ("العلوي").
	bare := slices.DeleteFunc(slices.Clone(lw), func(w string) bool { return w == "EL" || w == "AL" })
	if len(aw) == len(bare) && k < len(bare) {
		return bare[k]
	}
	return strings.Join(lw, " ")
}
