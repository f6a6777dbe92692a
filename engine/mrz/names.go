package mrz

import "strings"

// Warning codes a Result may carry. They are signals, not failures.
const (
	WarnSexX              = "sex_x"
	WarnNameTruncated     = "name_possibly_truncated"
	WarnDigitsInName      = "digits_in_name"
	WarnNameNoSeparator   = "name_without_separator"
	WarnUnknownState      = "unknown_state_code"
	WarnUnexpectedCode    = "unexpected_document_code"
	WarnPartialDate       = "partial_date"
	WarnUncertainDate     = "date_meaning_uncertain"
	WarnOfficeMismatch    = "office_code_mismatch"
	WarnUnconfirmedRepair = "unconfirmed_correction"
)

// icaoName splits a name field: primary identifier, `<<`, secondary identifiers, `<` between
// parts. A field that ends without a filler may have been truncated by the issuer.
func icaoName(field string) (last, first string, warns []string) {
	warns = nameWarnings(field)
	trimmed := strings.TrimRight(field, "<")
	i := strings.Index(trimmed, "<<")
	if i < 0 {
		if trimmed != "" {
			warns = append(warns, WarnNameNoSeparator)
		}
		return spaced(trimmed), "", warns
	}
	return spaced(trimmed[:i]), spaced(trimmed[i+2:]), warns
}

func nameWarnings(field string) []string {
	var warns []string
	if field != "" && field[len(field)-1] != '<' {
		warns = append(warns, WarnNameTruncated)
	}
	if strings.ContainsAny(field, "0123456789") {
		warns = append(warns, WarnDigitsInName)
	}
	return warns
}

// spaced turns runs of fillers into single spaces.
func spaced(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '<' }), " ")
}
