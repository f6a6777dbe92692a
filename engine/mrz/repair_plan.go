package mrz

// repairChecks fixes OCR confusions that a check digit confirms. Each field check (number, dates,
// optional data) is searched alone first; when it has several equally small fixes, the composite
// check decides. A fix is kept only if it is the single smallest one that passes.
func repairChecks(l layout, g grid, m classMap) []Correction {
	var fields []check
	var composite *check
	for i, c := range l.checks {
		if c.name == cComposite {
			composite = &l.checks[i]
		} else {
			fields = append(fields, c)
		}
	}
	covered := map[pos]bool{}
	cands := make([][][]edit, len(fields))
	for i, c := range fields {
		for _, p := range c.positions() {
			covered[p] = true
		}
		cands[i] = [][]edit{nil}
		if !g.passes(c) {
			if found := search(g, m, c.positions(), func() bool { return g.passes(c) }); found != nil {
				cands[i] = found
			}
		}
	}
	var accepted []edit
	if composite != nil {
		accepted = arbitrate(l, g, m, fields, *composite, cands, covered)
	}
	if accepted == nil {
		for _, cs := range cands { // no composite verdict: keep only unambiguous field fixes
			if len(cs) == 1 {
				accepted = append(accepted, cs[0]...)
			}
		}
	}
	return commit(g, m, accepted, true)
}

// arbitrate tries every combination of field fixes with the composite check (which may itself
// need fixes in the positions only it covers) and returns the unique best, or nil.
func arbitrate(l layout, g grid, m classMap, fields []check, comp check, cands [][][]edit, covered map[pos]bool) []edit {
	var own []pos
	for _, p := range comp.positions() {
		if !covered[p] {
			own = append(own, p)
		}
	}
	type solution struct {
		edits         []edit
		failing, cost int
	}
	var best []solution
	for _, combo := range expandCombos(cands, maxFieldCombos) {
		undo := g.apply(combo)
		failing := 0
		for _, c := range fields {
			if !g.passes(c) {
				failing++
			}
		}
		for _, sol := range search(g, m, own, func() bool { return g.passes(comp) }) {
			s := solution{append(append([]edit(nil), combo...), sol...), failing, len(combo) + len(sol)}
			switch {
			case len(best) == 0 || s.failing < best[0].failing ||
				s.failing == best[0].failing && s.cost < best[0].cost:
				best = []solution{s}
			case s.failing == best[0].failing && s.cost == best[0].cost:
				best = append(best, s)
			}
		}
		undo()
	}
	if len(best) != 1 {
		return nil
	}
	return best[0].edits
}

// expandCombos lists one candidate per field check in every combination (capped).
func expandCombos(cands [][][]edit, limit int) [][]edit {
	out := [][]edit{nil}
	for _, cs := range cands {
		var next [][]edit
		for _, prefix := range out {
			for _, c := range cs {
				if len(next) < limit {
					next = append(next, append(append([]edit(nil), prefix...), c...))
				}
			}
		}
		out = next
	}
	return out
}

// repairUnchecked replaces characters impossible at their place in positions no check digit
// covers (a digit in a name or a state code), and `K` read for fillers at the end of a name or
// of the optional data.
func repairUnchecked(l layout, g grid, m classMap) []Correction {
	covered := map[pos]bool{}
	for _, c := range l.checks {
		for _, p := range c.positions() {
			covered[p] = true
		}
	}
	var edits []edit
	for li := range g {
		for col := range g[li] {
			p := pos{li, col}
			if covered[p] {
				continue
			}
			if alts := m.class[li][col].forcedAlternatives(g.at(p)); alts != nil {
				edits = append(edits, edit{p, alts[0]})
			}
		}
	}
	// K and < weigh the same in every check digit (20 ≡ 0 mod 10), so no check can tell them
	// apart: the filler runs that end names and optional data are cleaned by shape alone.
	for _, name := range []string{fName, fGiven, fOptional, fOptional2} {
		if f, ok := l.field(name); ok {
			edits = append(edits, trailingK(g, f.spans[len(f.spans)-1])...)
		}
	}
	return commit(g, m, edits, false)
}

// trailingK turns into fillers the K's of the filler run that ends a name ("SMITH<<JOHN<<K<<K<"):
// OCR reads `<` as K far more often than a name ends in a lone K. A run shorter than 3 is left
// alone ("ANNA<K" may be a real initial).
func trailingK(g grid, s span) []edit {
	line := g[s.line]
	start := s.to + 1
	for start > s.from && (line[start-2] == '<' || line[start-2] == 'K') {
		start--
	}
	// start is now the 1-based first column of the run; skip K's glued to the last name part.
	for start <= s.to && line[start-1] == 'K' {
		start++
	}
	if s.to-start+1 < 3 {
		return nil
	}
	var out []edit
	for c := start; c <= s.to; c++ {
		if line[c-1] == 'K' {
			out = append(out, edit{pos{s.line, c - 1}, '<'})
		}
	}
	return out
}

// commit writes the edits into g and describes them.
func commit(g grid, m classMap, edits []edit, confirmed bool) []Correction {
	var out []Correction
	for _, e := range edits {
		from := g.at(e.p)
		if from == e.to {
			continue
		}
		g[e.p.line][e.p.col] = e.to
		out = append(out, Correction{
			Field: m.field[e.p.line][e.p.col], Line: e.p.line + 1, Position: e.p.col + 1,
			From: string(from), To: string(e.to), Confirmed: confirmed,
		})
	}
	return out
}
