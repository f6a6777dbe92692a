package document

import "slices"

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
// ("أميقة" for "أمينة", "القازي" for "التازي").
var dotConfusions = []string{"قن", "قت"}

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
			return arabic, false
		}
	}
	return arabic, false
}
