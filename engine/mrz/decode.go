package mrz

import (
	"slices"
	"strings"
	"time"
)

// text returns the characters of a field, spans concatenated.
func (g grid) text(l layout, name string) string {
	f, ok := l.field(name)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, s := range f.spans {
		b.Write(g[s.line][s.from-1 : s.to])
	}
	return b.String()
}

// decode fills r's fields from the repaired grid and returns whether every date is a real
// calendar date.
func decode(r *Result, l layout, g grid, now time.Time) bool {
	r.DocumentCode = strings.TrimRight(g.text(l, fCode), "<")
	r.IssuingState = strings.TrimRight(g.text(l, fState), "<")
	r.DocumentNumber = strings.TrimRight(g.text(l, fNumber), "<")
	r.OptionalData = strings.TrimRight(g.text(l, fOptional), "<")
	r.OptionalData2 = strings.TrimRight(g.text(l, fOptional2), "<")
	decodeSex(r, g.text(l, fSex))
	decodeNames(r, l, g)
	ok := decodeDates(r, l, g, now)
	r.Warnings = append(r.Warnings, codeWarnings(r.Format, r.DocumentCode, g.text(l, fCode))...)
	if !knownState(r.IssuingState) {
		r.Warnings = append(r.Warnings, WarnUnknownState)
	}
	if l.format != FRID && l.format != FRDL {
		n := strings.TrimRight(g.text(l, fNation), "<")
		r.Nationality = &n
		if !knownState(n) && !slices.Contains(r.Warnings, WarnUnknownState) {
			r.Warnings = append(r.Warnings, WarnUnknownState)
		}
	}
	if l.format == FRID && g.text(l, fOffice) != g.text(l, fOptional)[:3] {
		r.Warnings = append(r.Warnings, WarnOfficeMismatch)
	}
	return ok
}

func decodeSex(r *Result, s string) {
	switch s {
	case "M", "F":
		r.Sex = strPtr(s)
	case "X":
		r.Sex = strPtr(s)
		r.Warnings = append(r.Warnings, WarnSexX)
	}
}

func decodeNames(r *Result, l layout, g grid) {
	var warns []string
	switch l.format {
	case FRID: // surname on line 1, given names (`<<` between them) on line 2
		last, given := g.text(l, fName), g.text(l, fGiven)
		r.LastName, r.FirstName = spaced(last), spaced(given)
		warns = append(nameWarnings(last), nameWarnings(given)...)
	case FRDL: // surname only, 8 characters
		last := g.text(l, fName)
		r.LastName = spaced(last)
		warns = nameWarnings(last)
	default:
		r.LastName, r.FirstName, warns = icaoName(g.text(l, fName))
	}
	for _, w := range warns {
		if !slices.Contains(r.Warnings, w) {
			r.Warnings = append(r.Warnings, w)
		}
	}
}

// decodeDates applies the century rules; a date left empty (all fillers) is null and fine, a
// partly filled or impossible one is null and makes the MRZ invalid.
func decodeDates(r *Result, l layout, g grid, now time.Time) bool {
	ok := true
	birth, hasBirth := civil{}, false
	if s := g.text(l, fBirth); s != "" && !allFiller(s) {
		birth, hasBirth = birthDate(s, now)
		if hasBirth {
			r.DateOfBirth = strPtr(birth.String())
		} else {
			ok = false
			if strings.Contains(s, "<") {
				r.Warnings = append(r.Warnings, WarnPartialDate)
			}
		}
	}
	if s := g.text(l, fExpiry); s != "" && !allFiller(s) {
		if e, good := expiryDate(s, birth, hasBirth); good {
			r.ExpiryDate = strPtr(e.String())
		} else {
			ok = false
		}
		if l.format == FRDL {
			r.Warnings = append(r.Warnings, WarnUncertainDate)
		}
	}
	if l.format == FRID {
		if m, good := frIssueMonth(g.text(l, fIssue)); good {
			r.IssueDate = &m
		} else {
			ok = false
		}
	}
	return ok
}

// codeWarnings flags a document code that does not fit the format (DOCUMENTS.md §1).
func codeWarnings(f Format, code, raw string) []string {
	good := true
	switch f {
	case TD1, TD2:
		good = strings.ContainsRune("ACI", rune(raw[0])) && raw[1] != 'V'
	case TD3:
		good = raw[0] == 'P'
	case MRVA, MRVB:
		good = raw[0] == 'V'
	case FRID:
		good = code == "ID"
	case FRDL:
		good = code == "D1"
	}
	if good {
		return nil
	}
	return []string{WarnUnexpectedCode}
}
