package mrz

// span is a run of characters on one line: 0-based line, 1-based inclusive columns as in ICAO
// 9303 tables (so the layouts below read like DOCUMENTS.md).
type span struct {
	line, from, to int
}

func (s span) positions(yield func(pos) bool) {
	for c := s.from - 1; c < s.to; c++ {
		if !yield(pos{s.line, c}) {
			return
		}
	}
}

// pos is a 0-based line and column.
type pos struct{ line, col int }

// field is a named part of the MRZ with its alphabet.
type field struct {
	name  string
	spans []span
	class class
}

// check is a check digit: the value at digit over the characters of data.
type check struct {
	name  string
	data  []span
	digit pos
}

// layout is where every field and check digit of one format sits, for one concrete MRZ (long
// document numbers move the number's check digit into the optional data).
type layout struct {
	format Format
	fields []field
	checks []check
}

func (l *layout) field(name string) (field, bool) {
	for _, f := range l.fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

// Field and check names, shared by layouts, results and corrections.
const (
	fCode      = "document_code"
	fState     = "issuing_state"
	fNumber    = "document_number"
	fOptional  = "optional_data"
	fOptional2 = "optional_data_2"
	fBirth     = "date_of_birth"
	fSex       = "sex"
	fExpiry    = "expiry_date"
	fIssue     = "issue_date"
	fNation    = "nationality"
	fName      = "name"
	fGiven     = "given_names"
	fOffice    = "office_code"
	fSequence  = "sequence_number"
	cComposite = "composite"
)

func sp(line, from, to int) []span { return []span{{line, from, to}} }

// layoutFor builds the layout of format f for these lines (already of the right shape).
func layoutFor(f Format, lines []string) layout {
	switch f {
	case TD1:
		return td1Layout(lines)
	case TD2, TD3:
		return td23Layout(f, lines)
	case MRVA, MRVB:
		return mrvLayout(f)
	case FRID:
		return frIDLayout()
	case FRDL:
		return frDLLayout()
	}
	return layout{format: f}
}

func td1Layout(lines []string) layout {
	num, numCheck, optFrom := overflowNumber(lines[0], 0, 6, 14, 16, 30)
	l := layout{format: TD1, fields: []field{
		{fCode, sp(0, 1, 2), classAlpha},
		{fState, sp(0, 3, 5), classAlpha},
		{fNumber, num, classAlnum},
		{fOptional, sp(0, optFrom, 30), classAlnum},
		{fBirth, sp(1, 1, 6), classDigit},
		{fSex, sp(1, 8, 8), classSex},
		{fExpiry, sp(1, 9, 14), classDigit},
		{fNation, sp(1, 16, 18), classAlpha},
		{fOptional2, sp(1, 19, 29), classAlnum},
		{fName, sp(2, 1, 30), classAlpha},
	}}
	l.checks = []check{
		{fNumber, num, numCheck},
		{fBirth, sp(1, 1, 6), pos{1, 6}},
		{fExpiry, sp(1, 9, 14), pos{1, 14}},
		{cComposite, []span{{0, 6, 30}, {1, 1, 7}, {1, 9, 15}, {1, 19, 29}}, pos{1, 29}},
	}
	return l
}

func td23Layout(f Format, lines []string) layout {
	_, w := f.shape()
	optTo := w - 1 // TD2: 29–35; TD3: 29–42 then its own check at 43
	if f == TD3 {
		optTo = w - 2
	}
	num, numCheck, optFrom := sp(1, 1, 9), pos{1, 9}, 29
	if f == TD2 { // TD3 numbers never overflow: its optional data has its own check digit
		num, numCheck, optFrom = overflowNumber(lines[1], 1, 1, 9, 29, optTo)
	}
	l := layout{format: f, fields: []field{
		{fCode, sp(0, 1, 2), classAlpha},
		{fState, sp(0, 3, 5), classAlpha},
		{fName, sp(0, 6, w), classAlpha},
		{fNumber, num, classAlnum},
		{fNation, sp(1, 11, 13), classAlpha},
		{fBirth, sp(1, 14, 19), classDigit},
		{fSex, sp(1, 21, 21), classSex},
		{fExpiry, sp(1, 22, 27), classDigit},
		{fOptional, sp(1, optFrom, optTo), classAlnum},
	}}
	l.checks = []check{
		{fNumber, num, numCheck},
		{fBirth, sp(1, 14, 19), pos{1, 19}},
		{fExpiry, sp(1, 22, 27), pos{1, 27}},
	}
	if f == TD3 {
		l.checks = append(l.checks, check{fOptional, sp(1, 29, 42), pos{1, 42}})
	}
	l.checks = append(l.checks, check{cComposite,
		[]span{{1, 1, 10}, {1, 14, 20}, {1, 22, w - 1}}, pos{1, w - 1}})
	return l
}

// overflowNumber handles long document numbers (TD1, TD2, TD3 style): when the check position
// right after the 9-character number holds `<` and the optional data starts with something else,
// the number continues in the optional data up to the first filler, and the last character before
// that filler is the check digit over the whole number. It returns the number's spans, its check
// position and where the optional data proper starts (1-based).
func overflowNumber(line string, li, from, to, optFrom, optTo int) ([]span, pos, int) {
	regular := []span{{li, from, to}}
	if len(line) < optTo || line[to] != '<' || line[optFrom-1] == '<' {
		return regular, pos{li, to}, optFrom
	}
	end := optFrom // 1-based column of the last non-filler character
	for end < optTo && line[end] != '<' {
		end++
	}
	if end == optFrom { // a single character cannot be both continuation and check
		return regular, pos{li, to}, optFrom
	}
	spans := []span{{li, from, to}, {li, optFrom, end - 1}}
	return spans, pos{li, end - 1}, end + 1
}

func mrvLayout(f Format) layout {
	_, w := f.shape()
	return layout{format: f, fields: []field{
		{fCode, sp(0, 1, 2), classAlpha},
		{fState, sp(0, 3, 5), classAlpha},
		{fName, sp(0, 6, w), classAlpha},
		{fNumber, sp(1, 1, 9), classAlnum},
		{fNation, sp(1, 11, 13), classAlpha},
		{fBirth, sp(1, 14, 19), classDigit},
		{fSex, sp(1, 21, 21), classSex},
		{fExpiry, sp(1, 22, 27), classDigit},
		{fOptional, sp(1, 29, w), classAlnum},
	}, checks: []check{
		{fNumber, sp(1, 1, 9), pos{1, 9}},
		{fBirth, sp(1, 14, 19), pos{1, 19}},
		{fExpiry, sp(1, 22, 27), pos{1, 27}},
	}}
}

// frIDLayout is the French identity card of 1988–2021 (DOCUMENTS.md §3). The document number is
// the 12-character card number: issue YYMM, office code, sequence.
func frIDLayout() layout {
	return layout{format: FRID, fields: []field{
		{fCode, sp(0, 1, 2), classAlpha},
		{fState, sp(0, 3, 5), classAlpha},
		{fName, sp(0, 6, 30), classAlpha},
		{fOptional, sp(0, 31, 36), classAlnum},
		{fIssue, sp(1, 1, 4), classDigit},
		{fOffice, sp(1, 5, 7), classAlnum},
		{fSequence, sp(1, 8, 12), classDigit},
		{fNumber, sp(1, 1, 12), classAlnum}, // the card number; positions take the classes above
		{fGiven, sp(1, 14, 27), classAlpha},
		{fBirth, sp(1, 28, 33), classDigit},
		{fSex, sp(1, 35, 35), classSex},
	}, checks: []check{
		{fNumber, sp(1, 1, 12), pos{1, 12}},
		{fBirth, sp(1, 28, 33), pos{1, 33}},
		{cComposite, []span{{0, 1, 36}, {1, 1, 35}}, pos{1, 35}},
	}}
}

// frDLLayout is the French driving licence, EU model 2013 (DOCUMENTS.md §3).
func frDLLayout() layout {
	return layout{format: FRDL, fields: []field{
		{fCode, sp(0, 1, 2), classAlnum},
		{fState, sp(0, 3, 5), classAlpha},
		{fNumber, sp(0, 6, 14), classAlnum},
		{fExpiry, sp(0, 16, 21), classDigit},
		{fName, sp(0, 22, 29), classAlpha},
	}, checks: []check{
		{fNumber, sp(0, 1, 14), pos{0, 14}},
		{cComposite, sp(0, 1, 29), pos{0, 29}},
	}}
}
