package document

import (
	"image"
	"slices"
	"sort"
)

// Arabic names are not always printed on their Latin value's row: a layout may set them in a
// column of their own with its own line spacing, or a little lower than the Latin ("زينب"
// half a line under ZINEB, "يوسف" under YOUSSEF's baseline). The row test (sameRow) then finds
// no partner, or only a caption. The Arabic runs near the value's row are read then, and one
// is kept only when it spells the Latin name.

// arabicOffRow lists the Arabic runs not read yet, other than skip, right of segment value
// whose vertical centre lies within one and a half of the value's height of the value's
// (the second generator's given name, under its Arabic caption, is 1.4 heights below it),
// nearest first.
func arabicOffRow(segs []Segment, value, skip int) []int {
	v := segs[value].Box
	cy := func(b image.Rectangle) int { return b.Min.Y + b.Max.Y }
	off := func(j int) int { return abs(cy(segs[j].Box) - cy(v)) }
	var out []int
	for j, s := range segs {
		if j == value || j == skip || !s.Arabic || !s.pending || s.Box.Min.X <= v.Max.X {
			continue
		}
		if off(j) <= 3*v.Dy() { // off is twice the distance
			out = append(out, j)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return off(out[a]) < off(out[b]) })
	return out
}

// spellsLatin: reading c is a name whose skeleton is within a third of the Latin name's.
func spellsLatin(c arabicReading, latin string) bool {
	return c.letters >= 2 && c.dist <= len(latinSkeleton(latin))/3
}

// joinedArabicBox is the box of Arabic run j joined with its pieces (joinArabicRun) and the
// letter marks beside it, and the segments as the join leaves them; segs is not changed.
func joinedArabicBox(segs []Segment, j int) (image.Rectangle, []Segment) {
	joined := slices.Clone(segs)
	joinArabicRun(joined, j)
	return withLetterMarks(joined, j), joined
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
