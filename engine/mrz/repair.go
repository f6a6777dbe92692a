package mrz

import "slices"

// Repair budget: how many optional substitutions (a valid character replaced by the one OCR
// often confuses it with) one check digit may confirm, and how many readings of the field checks
// the composite may arbitrate between. Beyond that a mod-10 check confirms too little.
const (
	maxOptionalEdits  = 2
	maxFieldCombos    = 64
	maxForcedVariants = 64
)

// Correction is one character the parser changed. Confirmed is true when a check digit passes
// thanks to it; false for a character impossible at its place in a field no check digit covers
// (a digit in a name or a state code), which is replaced but not proven.
type Correction struct {
	Field     string `json:"field"`
	Line      int    `json:"line"`     // 1-based
	Position  int    `json:"position"` // 1-based column
	From      string `json:"from"`
	To        string `json:"to"`
	Confirmed bool   `json:"confirmed"`
}

type edit struct {
	p  pos
	to byte
}

// grid is the MRZ being repaired, one mutable byte slice per line.
type grid [][]byte

func (g grid) at(p pos) byte { return g[p.line][p.col] }

// apply writes the edits and returns a function that undoes them.
func (g grid) apply(edits []edit) func() {
	old := make([]byte, len(edits))
	for i, e := range edits {
		old[i] = g.at(e.p)
		g[e.p.line][e.p.col] = e.to
	}
	return func() {
		for i := len(edits) - 1; i >= 0; i-- {
			g[edits[i].p.line][edits[i].p.col] = old[i]
		}
	}
}

func (g grid) passes(c check) bool {
	v := checkBytes(func(yield func(byte) bool) {
		for _, s := range c.data {
			for p := range s.positions {
				if !yield(g.at(p)) {
					return
				}
			}
		}
	})
	return digitMatches(g.at(c.digit), v)
}

// positions returns every position a check reads, its digit included.
func (c check) positions() []pos {
	var out []pos
	for _, s := range c.data {
		for p := range s.positions {
			out = append(out, p)
		}
	}
	return append(out, c.digit)
}

// classMap gives the alphabet and field name of every position of the layout.
type classMap struct {
	class [][]class
	field [][]string
	alts  [][][]byte // the reader's runner-up characters per position (nil when not read)
}

// alternatives is what the character at p may be besides itself: forced (it is impossible at a
// position of its class) or optional, from the OCR confusion tables and the reader's runner-up.
func (m classMap) alternatives(p pos, c byte) (alts []byte, forced bool) {
	k := m.class[p.line][p.col]
	if alts = k.forcedAlternatives(c); alts == nil && k.allowed(c) {
		alts = k.optionalAlternatives(c)
	} else {
		forced = true
	}
	if p.line < len(m.alts) && p.col < len(m.alts[p.line]) {
		for _, a := range m.alts[p.line][p.col] {
			if a != c && k.allowed(a) && !slices.Contains(alts, a) {
				alts = append(slices.Clone(alts), a)
			}
		}
	}
	return alts, forced
}

func newClassMap(l layout, g grid) classMap {
	m := classMap{class: make([][]class, len(g)), field: make([][]string, len(g))}
	for i := range g {
		m.class[i] = make([]class, len(g[i]))
		m.field[i] = make([]string, len(g[i]))
		for j := range m.field[i] {
			m.field[i][j] = "filler"
		}
	}
	set := func(p pos, k class, name string) {
		if m.field[p.line][p.col] == "filler" {
			m.class[p.line][p.col], m.field[p.line][p.col] = k, name
		}
	}
	for _, c := range l.checks {
		set(c.digit, classDigit, c.name+"_check")
	}
	for _, f := range l.fields {
		for _, s := range f.spans {
			for p := range s.positions {
				set(p, f.class, f.name)
			}
		}
	}
	return m
}

// search finds the smallest sets of edits over positions that make ok true: every character
// impossible for its class must change (to one of its look-alikes), and at most maxOptionalEdits
// possible characters may change to a look-alike. It returns every solution of the minimal size;
// nil when none exists.
func search(g grid, m classMap, positions []pos, ok func() bool) [][]edit {
	var forced, optional []posAlts
	for _, p := range positions {
		alts, isForced := m.alternatives(p, g.at(p))
		switch {
		case len(alts) == 0:
		case isForced:
			forced = append(forced, posAlts{p, alts})
		default:
			optional = append(optional, posAlts{p, alts})
		}
	}
	variants := expand(forced, maxForcedVariants)
	for k := 0; k <= maxOptionalEdits && k <= len(optional); k++ {
		var found [][]edit
		for _, fv := range variants {
			undo := g.apply(fv)
			for _, ov := range subsets(optional, k) {
				undoOpt := g.apply(ov)
				if ok() {
					found = append(found, append(slices.Clone(fv), ov...))
				}
				undoOpt()
			}
			undo()
		}
		if len(found) > 0 {
			return found
		}
	}
	return nil
}

type posAlts struct {
	p    pos
	alts []byte
}

// expand lists every way to pick one alternative at each position (capped).
func expand(list []posAlts, limit int) [][]edit {
	out := [][]edit{nil}
	for _, pa := range list {
		var next [][]edit
		for _, prefix := range out {
			for _, a := range pa.alts {
				if len(next) < limit {
					next = append(next, append(slices.Clone(prefix), edit{pa.p, a}))
				}
			}
		}
		out = next
	}
	return out
}

// subsets lists every choice of k positions of list, each with every alternative.
func subsets(list []posAlts, k int) [][]edit {
	if k == 0 {
		return [][]edit{nil}
	}
	var out [][]edit
	for i := range list {
		for _, rest := range subsets(list[i+1:], k-1) {
			for _, a := range list[i].alts {
				out = append(out, append([]edit{{list[i].p, a}}, rest...))
			}
		}
	}
	return out
}
