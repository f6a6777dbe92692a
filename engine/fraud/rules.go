package fraud

import "time"

// Rules runs every consistency rule of DOCUMENTS.md §4 on d, with now as the reference date,
// and returns the findings in a stable order. Check digits are not re-checked here: the ocr
// check already reports them (mrz_check_digit_invalid).
func Rules(d Document, now time.Time) []Finding {
	now = day(now)
	var out []Finding
	for _, r := range []func(Document, time.Time) []Finding{
		dateRules, validityRules, stateRules, specimenRules, nameRules, ageRules, typeRules,
	} {
		out = append(out, r(d, now)...)
	}
	return out
}

// day drops the time of day, so that date rules compare calendar days.
func day(t time.Time) time.Time {
	y, m, dd := t.UTC().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

func ymd(t time.Time) string { return t.Format("2006-01-02") }

// age is the number of whole years from birth to at.
func age(birth, at time.Time) int {
	a := at.Year() - birth.Year()
	if at.Month() < birth.Month() || (at.Month() == birth.Month() && at.Day() < birth.Day()) {
		a--
	}
	return a
}
