package mrz

// A check digit cannot always tell a digit from the letter OCR reads for it: O and 0 weigh 24
// and 0, and two such misreads whose weights add up to a multiple of 5 pass a check together
// ("T71O3O9" passes the composite as well as "T710309"). Where a document says what a field
// holds, its shape decides: the Moroccan CNIE's optional data (TD1 line 1) holds the holder's
// CIN, one or two letters then digits (DOCUMENTS.md §2, marked unverified there; the API takes
// it for the CIN only in that shape), so a digit's lookalike between its digits is that digit.
// A letter between two digits is all it changes.

// repairShaped reads the digits' lookalikes in the CIN of a Moroccan TD1's optional data as
// digits, when every check that passed still passes; the corrections are unconfirmed.
func repairShaped(l layout, g grid, m classMap) []Correction {
	f, ok := l.field(fOptional)
	if !ok || l.format != TD1 || g.text(l, fState) != "MAR" {
		return nil
	}
	s := f.spans[0]
	line := g[s.line]
	var edits []edit
	// The CIN's digits start after its one or two letters; a lookalike counts only between
	// two digits (or a digit and the field's end), so the letters are never touched.
	for c := s.from; c < s.to; c++ {
		alts := letterToDigit[line[c]]
		if len(alts) == 0 || !isDigit(alts[0]) || !isDigit(line[c-1]) {
			continue
		}
		if next := c + 1; next < s.to && !isDigit(line[next]) && line[next] != '<' && letterToDigit[line[next]] == nil {
			continue
		}
		edits = append(edits, edit{pos{s.line, c}, alts[0]})
	}
	if len(edits) == 0 {
		return nil
	}
	passing := map[string]bool{}
	for _, c := range l.checks {
		passing[c.name] = g.passes(c)
	}
	undo := g.apply(edits)
	for _, c := range l.checks {
		if passing[c.name] && !g.passes(c) {
			undo()
			return nil
		}
	}
	undo()
	return commit(g, m, edits, false)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
