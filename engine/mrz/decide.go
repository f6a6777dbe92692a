package mrz

// Learning the document's glyphs: OCR-B as printed by issuers differs from the font file (a
// rounder 0, a narrower S), enough to confuse 0/O, 5/S, 2/Z. But most MRZ positions admit only
// digits (dates, check digits) or only letters (codes, names), and those are classified reliably
// once restricted. Their patches, averaged per character, are templates of this very print, and
// they decide the positions that admit both.
const (
	learnMinScore  = 0.70 // a restricted position teaches its character only if it matches well
	learnMinMargin = 0.03 // … and clearly better than the runner-up
)

// altMargin: a position whose runner-up scores within this of the chosen character passes the
// runner-up to the repair as an alternative (taken only if a check digit confirms it).
const altMargin = 0.06

// decide turns a classified group into the MRZ lines of format f, with the runner-up of every
// close call.
func (gs *glyphSet) decide(reads []lineRead, f Format, mixed bool) ([]string, [][][]byte) {
	raw := make([]string, len(reads))
	for i, l := range reads {
		raw[i] = l.text()
	}
	g := make(grid, len(raw))
	for i, l := range raw {
		g[i] = []byte(l)
	}
	m := newClassMap(layoutFor(f, raw), g)
	learnt := learn(reads, m)
	out := make([]string, len(reads))
	alts := make([][][]byte, len(reads))
	for li, l := range reads {
		b := make([]byte, len(l.cells))
		alts[li] = make([][]byte, len(l.cells))
		for ci, c := range l.cells {
			ch, second, margin := c.decideWith(m.class[li][ci], learnt, mixed)
			b[ci] = ch
			if margin < altMargin && second != 0 {
				alts[li][ci] = []byte{second}
			}
		}
		out[li] = string(b)
	}
	return out, alts
}

// learnt holds the document's own template of a character, when it has one.
type learnt [len(mrzAlphabet)]*patchVec

func learn(reads []lineRead, m classMap) learnt {
	var sums [len(mrzAlphabet)]patchVec
	var counts [len(mrzAlphabet)]int
	for li, l := range reads {
		for ci, c := range l.cells {
			k := m.class[li][ci]
			if k == classAlnum {
				continue
			}
			ch, s, margin := c.best(k)
			if s < learnMinScore || margin < learnMinMargin {
				continue
			}
			i := alphaIndex[ch]
			for p := range sums[i] {
				sums[i][p] += c.patch[p]
			}
			counts[i]++
		}
	}
	var out learnt
	for i := range sums {
		if counts[i] > 0 {
			v := sums[i]
			v.normalize()
			out[i] = &v
		}
	}
	return out
}

// decideWith picks the character for a position of class k. The font's templates shortlist
// the characters scoring within learntBand of the best; when the document has its own template
// of every one of them, those decide (with the same ±1 pixel shift search). A learnt template
// is never compared with a font one: matching the document's own print and blur, it scores
// higher than any font template, so a mixed comparison would favour whatever character the
// document happened to teach (a V beating a W that no other position showed). It also returns
// the runner-up and the winner's margin over it.
//
// With mixed set, the learnt templates replace the font's wherever they exist, compared or not
// with font ones: an issuer's print may be far enough from the font (a round 0 reading as the
// font's O) that only the document's own digits, learnt from the dates, recognise its numbers.
// The reader tries the unmixed decision first and lets the check digits pick.
func (c cell) decideWith(k class, lt learnt, mixed bool) (ch, second byte, margin float32) {
	_, top, _ := c.best(k)
	scores := c.scores
	for i := range len(mrzAlphabet) {
		if !k.allowed(mrzAlphabet[i]) || !mixed && scores[i] < top-learntBand {
			continue
		}
		if lt[i] == nil {
			if mixed {
				continue
			}
			return c.runnerUp(k)
		}
		best := float32(-1)
		for w := range c.windows {
			best = max(best, dot(&c.windows[w], lt[i]))
		}
		scores[i] = best
	}
	for i := range len(mrzAlphabet) {
		if !mixed && c.scores[i] < top-learntBand {
			scores[i] = -1 // outside the shortlist: not comparable with learnt scores
		}
	}
	return cell{scores: scores}.runnerUp(k)
}

// learntBand is how far below the best font score a character stays in the running.
const learntBand = 0.12

// centreWindow is the index of the unshifted patch among shiftedWindows.
const centreWindow = (2*patchPad+1)*patchPad + patchPad

// shiftedWindows cuts the patches at every shift within ±patchPad, row by row.
func shiftedWindows(grid []float32) []patchVec {
	var out []patchVec
	for dy := -patchPad; dy <= patchPad; dy++ {
		for dx := -patchPad; dx <= patchPad; dx++ {
			out = append(out, window(grid, patchPad, dx, dy))
		}
	}
	return out
}
