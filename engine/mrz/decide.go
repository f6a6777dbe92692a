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

// decide turns a classified group into the MRZ lines of format f.
func (gs *glyphSet) decide(reads []lineRead, f Format) []string {
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
	for li, l := range reads {
		b := make([]byte, len(l.cells))
		for ci, c := range l.cells {
			b[ci] = c.decideWith(m.class[li][ci], learnt)
		}
		out[li] = string(b)
	}
	return out
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

// decideWith picks the character for a position of class k: the document's own template scores
// the characters it has (with the same ±1 pixel shift search), the font's the others.
func (c cell) decideWith(k class, lt learnt) byte {
	scores := c.scores
	var windows []patchVec
	for i, t := range lt {
		if t == nil || !k.allowed(mrzAlphabet[i]) {
			continue
		}
		if windows == nil {
			windows = shiftedWindows(c.grid)
		}
		best := float32(-1)
		for w := range windows {
			best = max(best, dot(&windows[w], t))
		}
		scores[i] = best
	}
	ch, _, _ := cell{scores: scores}.best(k)
	return ch
}

func shiftedWindows(grid []float32) []patchVec {
	var out []patchVec
	for dy := -patchPad; dy <= patchPad; dy++ {
		for dx := -patchPad; dx <= patchPad; dx++ {
			out = append(out, window(grid, patchPad, dx, dy))
		}
	}
	return out
}
