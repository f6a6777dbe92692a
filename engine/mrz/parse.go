package mrz

import (
	"strings"
	"time"
)

// Options tune parsing. The zero value repairs OCR confusions and takes today's date from the
// clock; tests set Now so that century rules are deterministic.
type Options struct {
	Now      time.Time // reference date for the birth-century rule; zero means time.Now()
	NoRepair bool      // report the MRZ as read, without OCR repairs
}

// Parse parses MRZ text: 1 to 3 lines, surrounding blanks ignored, letters upper-cased.
func Parse(text string, opt Options) (Result, error) {
	return ParseLines(strings.Split(text, "\n"), opt)
}

// ParseLines parses MRZ lines. Blank lines and spaces are ignored.
func ParseLines(raw []string, opt Options) (Result, error) {
	return parseRead(raw, nil, opt)
}

// parseRead parses lines as read by an OCR that also knows, for some positions, what else the
// character may be (alts[line][col], nil where it is sure); a repair may try those too, under
// the same check-digit confirmation as the usual confusions. The lines must be normalised when
// alts is given (the reader's are).
func parseRead(raw []string, alts [][][]byte, opt Options) (Result, error) {
	lines, err := normalize(raw)
	if err != nil {
		return Result{}, err
	}
	formats, err := detect(lines)
	if err != nil {
		return Result{}, err
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	var best Result
	for i, f := range formats {
		r := parseAs(f, lines, alts, opt)
		if i == 0 || better(r, best) {
			best = r
		}
		if r.Valid {
			break
		}
	}
	return best, nil
}

// better prefers the reading with more passing checks, then fewer repairs.
func better(a, b Result) bool {
	if a.Valid != b.Valid {
		return a.Valid
	}
	if pa, pb := a.ChecksPassed(), b.ChecksPassed(); pa != pb {
		return pa > pb
	}
	return len(a.Corrections) < len(b.Corrections)
}

func normalize(raw []string) ([]string, error) {
	var lines []string
	for _, l := range raw {
		l = strings.ToUpper(strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' {
				return -1
			}
			return r
		}, l))
		if l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return nil, &ParseError{Code: "empty_input", Err: ErrEmpty}
	}
	for i, l := range lines {
		for j := 0; j < len(l); j++ {
			if charValue(l[j]) < 0 {
				return nil, &ParseError{Code: "invalid_character", Line: i + 1, Column: j + 1, Err: ErrCharacter}
			}
		}
	}
	return lines, nil
}

// detect checks the geometry and lists the candidate formats.
func detect(lines []string) ([]Format, error) {
	if len(lines) > 3 {
		return nil, &ParseError{Code: "wrong_line_count", Err: ErrLineCount}
	}
	w := len(lines[0])
	if w != 30 && w != 36 && w != 44 {
		return nil, &ParseError{Code: "wrong_line_length", Line: 1, Err: ErrLineLength}
	}
	for i, l := range lines[1:] {
		if len(l) != w {
			return nil, &ParseError{Code: "wrong_line_length", Line: i + 2, Err: ErrLineLength}
		}
	}
	formats := formatsFor(lines)
	if formats == nil {
		return nil, &ParseError{Code: "unknown_format", Err: ErrUnknownFormat}
	}
	return formats, nil
}

// parseAs repairs and decodes lines as format f.
func parseAs(f Format, lines []string, alts [][][]byte, opt Options) Result {
	g := make(grid, len(lines))
	for i, l := range lines {
		g[i] = []byte(l)
	}
	l := layoutFor(f, lines)
	m := newClassMap(l, g)
	if len(alts) == len(g) {
		m.alts = alts
	}
	r := Result{Format: f, CheckDigits: map[string]bool{}, Corrections: []Correction{}, Warnings: []string{}}
	if !opt.NoRepair {
		r.Corrections = append(r.Corrections, repairChecks(l, g, m)...)
		unchecked := append(repairUnchecked(l, g, m), repairShaped(l, g, m)...)
		if len(unchecked) > 0 {
			r.Warnings = append(r.Warnings, WarnUnconfirmedRepair)
		}
		r.Corrections = append(r.Corrections, unchecked...)
	}
	for _, c := range l.checks {
		r.CheckDigits[c.name] = g.passes(c)
	}
	for _, row := range g {
		r.Lines = append(r.Lines, string(row))
	}
	datesOK := decode(&r, l, g, opt.Now)
	r.Valid = datesOK
	for _, ok := range r.CheckDigits {
		r.Valid = r.Valid && ok
	}
	return r
}
