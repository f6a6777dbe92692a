package mrz

// cellScores is the correlation (−1..1) of one printed character with every character of
// mrzAlphabet, in alphabet order.
type cellScores [len(mrzAlphabet)]float32

// cell is one classified character position: its scores, its centred patch (kept to learn the
// document's own glyph shapes) and its patches shifted by up to patchPad pixels (kept to match
// those learnt shapes with the same shift search).
type cell struct {
	scores  cellScores
	patch   patchVec
	windows []patchVec
}

// alphaIndex maps a character to its index in mrzAlphabet (-1 when it is not in it).
var alphaIndex = func() (m [256]int8) {
	for i := range m {
		m[i] = -1
	}
	for i := range len(mrzAlphabet) {
		m[mrzAlphabet[i]] = int8(i)
	}
	return m
}()

// Shift-search shortlist per character group: the coarse pass keeps the best few letters and
// the best few digits, so that a position later restricted to digits still has its best digit
// scored with the shift search.
const shortlistPerGroup = 4

// classify scores the patch grid of one cell (sampled with padding patchPad): every template at
// the centre, then a ±1 pixel shift search for the shortlisted characters (centring on the ink
// is off by a pixel or so on blurred prints).
func (gs *glyphSet) classify(grid []float32) cell {
	c := cell{windows: shiftedWindows(grid)}
	c.patch = c.windows[centreWindow]
	for i := range c.scores {
		c.scores[i] = -1
	}
	for i := range gs.templates {
		t := &gs.templates[i]
		k := alphaIndex[t.ch]
		c.scores[k] = max(c.scores[k], dot(&c.patch, &t.vec))
	}
	keep := c.shortlist()
	for w := range c.windows {
		if w == centreWindow {
			continue
		}
		for i := range gs.templates {
			t := &gs.templates[i]
			if k := alphaIndex[t.ch]; keep[k] {
				c.scores[k] = max(c.scores[k], dot(&c.windows[w], &t.vec))
			}
		}
	}
	return c
}

// shortlist marks the best letters, the best digits and the filler.
func (c cell) shortlist() (keep [len(mrzAlphabet)]bool) {
	keep[alphaIndex['<']] = true
	for _, group := range [][2]int{{0, 26}, {26, 36}} {
		for range shortlistPerGroup {
			best := -1
			for k := group[0]; k < group[1]; k++ {
				if !keep[k] && (best < 0 || c.scores[k] > c.scores[best]) {
					best = k
				}
			}
			keep[best] = true
		}
	}
	return keep
}

// best returns the highest-scoring character that class k allows, with its score and the
// margin over the runner-up.
func (c cell) best(k class) (ch byte, score, margin float32) {
	first, second := float32(-2), float32(-2)
	for i := range len(mrzAlphabet) {
		x := mrzAlphabet[i]
		if !k.allowed(x) {
			continue
		}
		s := c.scores[i]
		switch {
		case s > first:
			first, second, ch = s, first, x
		case s > second:
			second = s
		}
	}
	return ch, first, first - second
}

// runnerUp returns the best character class k allows, the second best and the margin between.
func (c cell) runnerUp(k class) (first, second byte, margin float32) {
	s1, s2 := float32(-2), float32(-2)
	for i := range len(mrzAlphabet) {
		x := mrzAlphabet[i]
		if !k.allowed(x) {
			continue
		}
		switch s := c.scores[i]; {
		case s > s1:
			s2, second = s1, first
			s1, first = s, x
		case s > s2:
			s2, second = s, x
		}
	}
	return first, second, s1 - s2
}
