package mrz

import (
	"math"
	"strings"
)

// Issuing state and nationality are rarely covered by a check digit, yet they can only be one
// of some 280 codes. A code the classifier reads that is no code (PDL, O<<) is replaced by the
// best-scoring known code among each cell's near misses (POL, D<<), when the replaced
// characters scored within stateSlack of the ones read.
const (
	stateSlack      = 0.15
	stateNearMisses = 3
)

// fixStates rewrites the state fields of lines (decided as layout l) in place.
func fixStates(l layout, reads []lineRead, lines [][]byte) {
	for _, name := range []string{fState, fNation} {
		f, ok := l.field(name)
		if !ok {
			continue
		}
		s := f.spans[0]
		code := lines[s.line][s.from-1 : s.to]
		if knownState(strings.TrimRight(string(code), "<")) {
			continue
		}
		cells := reads[s.line].cells[s.from-1 : s.to]
		if best := nearestState(cells); best != nil {
			copy(code, best)
		}
	}
}

// nearestState searches the combinations of every cell's best few letters (or filler) for the
// known code with the highest total score, each character within stateSlack of its cell's best.
func nearestState(cells []cell) []byte {
	opts := make([][]byte, len(cells))
	for i, c := range cells {
		_, top, _ := c.best(classAlpha)
		for _, ch := range c.ranked(classAlpha, stateNearMisses) {
			if c.scores[alphaIndex[ch]] >= top-stateSlack {
				opts[i] = append(opts[i], ch)
			}
		}
	}
	var best []byte
	bestScore := math.Inf(-1)
	code := make([]byte, len(cells))
	var walk func(i int, score float64)
	walk = func(i int, score float64) {
		if i == len(cells) {
			if score > bestScore && knownState(strings.TrimRight(string(code), "<")) {
				best, bestScore = append([]byte(nil), code...), score
			}
			return
		}
		for _, ch := range opts[i] {
			code[i] = ch
			walk(i+1, score+float64(cells[i].scores[alphaIndex[ch]]))
		}
	}
	walk(0, 0)
	return best
}

// ranked returns the n best characters class k allows, best first.
func (c cell) ranked(k class, n int) []byte {
	var out []byte
	taken := map[byte]bool{}
	for range n {
		var pick byte
		s := float32(-2)
		for i := range len(mrzAlphabet) {
			ch := mrzAlphabet[i]
			if k.allowed(ch) && !taken[ch] && c.scores[i] > s {
				pick, s = ch, c.scores[i]
			}
		}
		if pick == 0 {
			break
		}
		taken[pick] = true
		out = append(out, pick)
	}
	return out
}

// The document code is constrained too: a TD3 code starts with P, a visa's with V, the French
// licence's is D1 (DOCUMENTS.md §1). A code read outside its format's set is replaced by the
// best-scoring expected code among each cell's near misses, within codeSlack of the characters
// read (wider than stateSlack: the set is much smaller than the state codes).
const codeSlack = 0.25

// fixCode rewrites the document code of lines (decided as layout l) in place.
func fixCode(l layout, reads []lineRead, lines [][]byte) {
	f, ok := l.field(fCode)
	if !ok {
		return
	}
	s := f.spans[0]
	code := lines[s.line][s.from-1 : s.to]
	cells := reads[s.line].cells[s.from-1 : s.to]
	if codeWarnings(l.format, string(code), string(code)) == nil {
		fixCodeO(code, cells)
		return
	}
	opts := make([][]byte, len(cells))
	for i, c := range cells {
		_, top, _ := c.best(classAlnum)
		for _, ch := range c.ranked(classAlnum, stateNearMisses+1) {
			if c.scores[alphaIndex[ch]] >= top-codeSlack {
				opts[i] = append(opts[i], ch)
			}
		}
	}
	var best []byte
	bestScore := math.Inf(-1)
	try := make([]byte, len(cells))
	var walk func(i int, score float64)
	walk = func(i int, score float64) {
		if i == len(cells) {
			if score > bestScore && codeWarnings(l.format, string(try), string(try)) == nil {
				best, bestScore = append([]byte(nil), try...), score
			}
			return
		}
		for _, ch := range opts[i] {
			try[i] = ch
			walk(i+1, score+float64(cells[i].scores[alphaIndex[ch]]))
		}
	}
	walk(0, 0)
	if best == nil && weakCells(cells) && frenchState(l, lines) {
		// A format with one code only (the French FRID, FRDL), read where the glyphs match
		// nothing well, and whose issuing state reads FRA: the code is the format's own; the
		// check digits that cover it decide.
		best = []byte(onlyCode[l.format])
	}
	if len(best) == len(code) {
		copy(code, best)
	}
}

// fixCodeO reads an O in a document code as D when D is among the cell's near misses: a
// blurred OCR-B D loses the corners that tell it from O, and no document code in use has an O
// (identity cards are ID, passports P<, PD, PO…: only the first character is fixed by the
// format, so this applies to the TD1 and TD2 codes' second character, never to a P).
func fixCodeO(code []byte, cells []cell) {
	if len(code) < 2 || code[0] == 'P' || code[1] != 'O' {
		return
	}
	c := cells[1]
	_, top, _ := c.best(classAlnum)
	if c.scores[alphaIndex['D']] >= top-codeSlack {
		code[1] = 'D'
	}
}

// onlyCode is the document code of the formats that have a single one (DOCUMENTS.md §1).
var onlyCode = map[Format]string{FRID: "ID", FRDL: "D1"}

// weakCodeScore: a cell whose best character matches below this was not read.
const weakCodeScore = 0.5

// weakCells reports whether some cell's best character matches poorly.
func weakCells(cells []cell) bool {
	for _, c := range cells {
		if _, top, _ := c.best(classAlnum); top < weakCodeScore {
			return true
		}
	}
	return false
}

// frenchState reports whether the issuing state of lines (decided as layout l) is FRA.
func frenchState(l layout, lines [][]byte) bool {
	f, ok := l.field(fState)
	if !ok {
		return false
	}
	sp := f.spans[0]
	return string(lines[sp.line][sp.from-1:sp.to]) == "FRA"
}
