package fraud

import (
	"strings"
	"time"

	"github.com/kycd/kycd/engine/mrz"
)

// Document is what the rules look at: the request's claim (type, country) and the fields read
// from the MRZ. Dates are zero when unknown; Raw* keep the printed YYMMDD so an impossible date
// (which the parser leaves null) can still be reported.
type Document struct {
	Type    string // cin|cni|passport|permit|residence_card
	Country string // ISO 3166-1 alpha-2 of the request

	Format       mrz.Format
	Code         string // document code, fillers trimmed ("P", "ID", "I")
	IssuingState string
	Nationality  string // empty when the format has none
	Number       string
	Optional     string
	NameField    string // "SURNAME<<GIVEN<NAMES" rebuilt from the parsed names
	Sex          string // M|F|X or empty

	Birth, Expiry, Issue time.Time
	// IssueMonthOnly: Issue is the first day of a YYYY-MM month (old French card).
	IssueMonthOnly bool
	RawBirth       string
	RawExpiry      string
	// Warnings are the parser's (mrz.Warn*): sex X, digits in names, unknown state codes…
	Warnings []string
}

// FromMRZ builds the rules' view of a parsed MRZ for a request of docType and country.
func FromMRZ(r *mrz.Result, docType, country string) Document {
	d := Document{
		Type: docType, Country: country, Format: r.Format, Code: r.DocumentCode,
		IssuingState: r.IssuingState, Number: r.DocumentNumber, Optional: r.OptionalData,
		Warnings: r.Warnings,
	}
	if r.Nationality != nil {
		d.Nationality = *r.Nationality
	}
	if r.Sex != nil {
		d.Sex = *r.Sex
	}
	d.NameField = strings.ReplaceAll(r.LastName, " ", "<")
	if r.FirstName != "" {
		d.NameField += "<<" + strings.ReplaceAll(r.FirstName, " ", "<")
	}
	d.Birth = parseDay(r.DateOfBirth)
	d.Expiry = parseDay(r.ExpiryDate)
	if r.IssueDate != nil {
		if t, err := time.Parse("2006-01", *r.IssueDate); err == nil {
			d.Issue, d.IssueMonthOnly = t, true
		} else {
			d.Issue = parseDay(r.IssueDate)
		}
	}
	d.RawBirth, d.RawExpiry = rawDates(r.Format, r.Lines)
	return d
}

func parseDay(s *string) time.Time {
	if s == nil {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", *s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// dateSpan is where a YYMMDD field sits: line index and 0-based start.
type dateSpan struct{ line, from int }

// rawDates returns the printed birth and expiry fields (DOCUMENTS.md §1, §3 positions).
func rawDates(f mrz.Format, lines []string) (birth, expiry string) {
	var b, e *dateSpan
	switch f {
	case mrz.TD1:
		b, e = &dateSpan{1, 0}, &dateSpan{1, 8}
	case mrz.TD2, mrz.TD3, mrz.MRVA, mrz.MRVB:
		b, e = &dateSpan{1, 13}, &dateSpan{1, 21}
	case mrz.FRID:
		b = &dateSpan{1, 27}
	case mrz.FRDL:
		e = &dateSpan{0, 15}
	}
	return cut(lines, b), cut(lines, e)
}

func cut(lines []string, s *dateSpan) string {
	if s == nil || s.line >= len(lines) || s.from+6 > len(lines[s.line]) {
		return ""
	}
	return lines[s.line][s.from : s.from+6]
}
