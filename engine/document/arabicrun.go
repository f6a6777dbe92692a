package document

import "image"

// An Arabic name is written in pieces: letters that do not join the next one (ا د ذ ر ز و)
// leave a gap inside a word, and the gap between its words is about as wide. Segmentation cuts
// a spaced name there ("الشرا" · "يبي", "عبد" · "الله"), and reading only the widest piece lost
// the rest. Pieces of one name stand closer than a letter height apart on the row; a caption
// or a second field stands further off.

// joinArabicRun widens Arabic segment j to the Arabic pieces beside it on its row, closer
// than twice the taller one's height, and marks the pieces it took in as read.
func joinArabicRun(segs []Segment, j int) {
	for grown := true; grown; {
		grown = false
		for k := range segs {
			s := segs[k]
			if k == j || !arabicPiece(s) || !looseRow(s.Box, segs[j].Box) {
				continue
			}
			b := segs[j].Box
			gap := max(s.Box.Min.X-b.Max.X, b.Min.X-s.Box.Max.X)
			if gap < 0 || gap >= 2*max(b.Dy(), s.Box.Dy()) {
				continue
			}
			segs[j].Box = b.Union(s.Box)
			segs[k].pending, segs[k].Text, segs[k].Conf = false, "", 0
			grown = true
		}
	}
}

// looseRow: the boxes overlap vertically by more than a third of the smaller height.
func looseRow(a, b image.Rectangle) bool {
	ov := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
	return 3*ov > min(a.Dy(), b.Dy())
}

// arabicPiece: s is an Arabic run not yet read, or a run the script test took for Latin that
// the Latin model could not read (a short piece such as "ني").
func arabicPiece(s Segment) bool {
	if s.Arabic {
		return s.pending
	}
	return !s.pending && s.Conf < 0.5
}
