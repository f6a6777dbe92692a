package fraud

import (
	"slices"
	"strings"
	"time"

	"github.com/kycd/kycd/engine/mrz"
)

// nameRules: sex X, digits in names, a name without `<<`, the old French card's office codes.
func nameRules(d Document, _ time.Time) []Finding {
	var out []Finding
	if d.Sex == "X" {
		out = append(out, newFinding("mrz_sex_x"))
	}
	if strings.ContainsAny(d.NameField, "0123456789") {
		out = append(out, newFinding("name_has_digits"))
	}
	if slices.Contains(d.Warnings, mrz.WarnNameNoSeparator) {
		out = append(out, newFinding("name_without_separator"))
	}
	if slices.Contains(d.Warnings, mrz.WarnOfficeMismatch) {
		out = append(out, newFinding("office_code_mismatch"))
	}
	return out
}

// Ages: the Moroccan CNIE is mandatory from 16 (a minor's card exists, so low severity); no
// holder is older than maxAge.
const (
	cnieMinAge = 16
	maxAge     = 120
)

func ageRules(d Document, now time.Time) []Finding {
	if d.Birth.IsZero() || d.Birth.After(now) {
		return nil
	}
	a := age(d.Birth, now)
	switch {
	case a > maxAge:
		return []Finding{newFinding("holder_age_implausible", ymd(d.Birth), a)}
	case d.Type == "cin" && d.IssuingState == "MAR" && a < cnieMinAge:
		return []Finding{newFinding("holder_under_age", a, cnieMinAge, "Moroccan CNIE")}
	}
	return nil
}

// typeRules: the MRZ must be of the kind the request claims (a visa is never an identity
// document; a passport has a TD3 zone with code P).
func typeRules(d Document, _ time.Time) []Finding {
	if d.Format == "" || typeFits(d) {
		return nil
	}
	return []Finding{newFinding("document_type_mismatch", string(d.Format), d.Code, d.Type)}
}

func typeFits(d Document) bool {
	first := ""
	if d.Code != "" {
		first = d.Code[:1]
	}
	switch d.Type {
	case "passport":
		return d.Format == mrz.TD3 && first == "P"
	case "cin", "cni", "residence_card":
		return (d.Format == mrz.TD1 || d.Format == mrz.TD2 || d.Format == mrz.FRID) &&
			(first == "I" || first == "A" || first == "C")
	case "permit":
		return d.Format == mrz.FRDL || ((d.Format == mrz.TD1 || d.Format == mrz.TD2) && first != "V")
	}
	return true
}
