package mrz

import "slices"

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

// basis is what deciding a group as one format needs whatever the mode: the layout, the class
// of every position, the learnt templates and every cell's score against each of them.
type basis struct {
	lay     layout
	m       classMap
	lt      learnt
	learned [][]cellScores // learnt-template score per cell and character, -2 where none
}

func newBasis(reads []lineRead, f Format) basis {
	raw := make([]string, len(reads))
	g := make(grid, len(reads))
	for i, l := range reads {
		raw[i] = l.text()
		g[i] = []byte(raw[i])
	}
	b := basis{lay: layoutFor(f, raw)}
	b.m = newClassMap(b.lay, g)
	b.lt = learn(reads, b.m)
	b.learned = make([][]cellScores, len(reads))
	for li, l := range reads {
		b.learned[li] = make([]cellScores, len(l.cells))
		for ci, c := range l.cells {
			for i, t := range b.lt.t {
				b.learned[li][ci][i] = -2
				if t != nil {
					b.learned[li][ci][i] = c.learntScore(t)
				}
			}
		}
	}
	return b
}

// decide turns a classified group into the MRZ lines of b's format, with the runner-up of every
// close call.
func decide(reads []lineRead, b basis, mode decideMode) ([]string, [][][]byte) {
	out := make([]string, len(reads))
	decided := make([][]byte, len(reads))
	alts := make([][][]byte, len(reads))
	for li, l := range reads {
		line := make([]byte, len(l.cells))
		alts[li] = make([][]byte, len(l.cells))
		for ci, c := range l.cells {
			ch, second, margin := c.decideWith(b.m.class[li][ci], &b.learned[li][ci], b.lt.adv, mode)
			line[ci] = ch
			if margin < altMargin && second != 0 {
				alts[li][ci] = []byte{second}
			}
		}
		decided[li] = line
	}
	fixStates(b.lay, reads, decided)
	fixCode(b.lay, reads, decided)
	for li, line := range decided {
		out[li] = string(line)
	}
	return out, alts
}

// learnt holds the document's own template of a character, when it has one, and adv, how much
// better a learnt template matches its own characters than the font's does (the median over
// the teaching positions): the handicap a font score gets against a learnt one.
type learnt struct {
	t   [len(mrzAlphabet)]*patchVec
	adv float32
}

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
			out.t[i] = &v
		}
	}
	var advs []float32
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
			advs = append(advs, c.learntScore(out.t[alphaIndex[ch]])-s)
		}
	}
	if len(advs) > 0 {
		slices.Sort(advs)
		out.adv = max(0, advs[len(advs)/2])
	}
	return out
}

// learntScore is the best correlation of the cell's shifted patches with template t.
func (c cell) learntScore(t *patchVec) float32 {
	best := float32(-1)
	for w := range c.windows {
		best = max(best, dot(&c.windows[w], t))
	}
	return best
}

// decideMode is how learnt templates (the document's own print) and the font's are weighed.
// A learnt template matches the document's print and blur, so it beats any font template:
// compared naively, whatever character the document happened to teach would win (a V over a W
// that no other position showed). But an issuer's print may be far enough from the font (a
// round 0 reading as the font's O) that only the document's own digits, learnt from the
// dates, recognise its numbers. The reader decides in every mode, in this order, and lets the
// check digits pick.
type decideMode int

const (
	// modeSeparate: the font shortlists the characters within learntBand of its best; learnt
	// templates decide only when every one of them has one.
	modeSeparate decideMode = iota
	// modeHandicap: font scores are raised by the document's learnt advantage.
	modeHandicap
	// modeMixed: learnt scores replace font ones wherever they exist.
	modeMixed
)

var decideModes = []decideMode{modeSeparate, modeHandicap, modeMixed}

// learntBand is how far below the best font score a character stays in the running.
const learntBand = 0.12

// decideWith picks the character for a position of class k, with the runner-up and the
// winner's margin over it.
func (c cell) decideWith(k class, learned *cellScores, adv float32, mode decideMode) (ch, second byte, margin float32) {
	_, top, _ := c.best(k)
	scores := c.scores
	for i := range len(mrzAlphabet) {
		if !k.allowed(mrzAlphabet[i]) {
			continue
		}
		switch {
		case mode == modeSeparate && c.scores[i] < top-learntBand:
			scores[i] = -1 // out of the running, and not comparable with learnt scores
		case learned[i] > -2:
			scores[i] = learned[i]
		case mode == modeSeparate:
			return c.runnerUp(k) // a shortlisted character was never taught: the font decides
		case mode == modeHandicap:
			scores[i] += adv
		}
	}
	return cell{scores: scores}.runnerUp(k)
}

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
