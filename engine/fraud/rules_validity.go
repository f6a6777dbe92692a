package fraud

import (
	"fmt"
	"time"

	"github.com/kycd/kycd/engine/mrz"
)

// validity is the validity rule of one kind of document (DOCUMENTS.md §2–§4).
type validity struct {
	name string
	// years is the maximum validity; exact means expiry − issue must equal it (within slack).
	years int
	exact bool
	// lessDay: the period is years − 1 day (French CNI 2021).
	lessDay bool
	// uncertain marks an [U] fact: reported at low severity.
	uncertain bool
}

// slack absorbs the gap between the printed issue date and the start of validity.
const slack = 31 * 24 * time.Hour

// farAhead is DOCUMENTS.md's "expiry more than ~15 years ahead is anomalous".
const farAhead = 15

// validityOf names the rule for d, or nil when no rule is known.
func validityOf(d Document) *validity {
	switch {
	case d.Type == "cin" && d.IssuingState == "MAR" && d.Format == mrz.TD1:
		return &validity{name: "Moroccan CNIE", years: 10, exact: true}
	case d.Type == "passport" && d.IssuingState == "MAR":
		return &validity{name: "Moroccan passport", years: 5}
	case d.Type == "residence_card" && d.IssuingState == "MAR":
		return &validity{name: "Moroccan residence card", years: 10, uncertain: true}
	case d.IssuingState == "FRA" && d.Format == mrz.TD1 && d.Code == "ID":
		return &validity{name: "French CNI (2021)", years: 10, exact: true, lessDay: true}
	case d.Format == mrz.FRDL:
		return &validity{name: "French driving licence", years: 15, uncertain: true}
	}
	return nil
}

func (v validity) period(issue time.Time) time.Time {
	end := issue.AddDate(v.years, 0, 0)
	if v.lessDay {
		end = end.AddDate(0, 0, -1)
	}
	return end
}

func (v validity) describe() string {
	s := fmt.Sprintf("%d years", v.years)
	if v.lessDay {
		s += " − 1 day"
	}
	if !v.exact {
		s = "at most " + s
	}
	return s
}

func (v validity) finding(what string) Finding {
	if v.uncertain {
		return newFinding("validity_period_uncertain", what, v.name, v.describe())
	}
	return newFinding("validity_period_unexpected", what, v.name, v.describe())
}

// validityRules: expiry − issue per document kind; without an issue date the remaining
// validity cannot exceed the maximum; any expiry more than 15 years ahead is anomalous.
func validityRules(d Document, now time.Time) []Finding {
	if d.Format == mrz.FRID {
		return oldFrenchCard(d, now)
	}
	if d.Expiry.IsZero() {
		return nil
	}
	v := validityOf(d)
	if v != nil {
		if f, ok := checkValidity(*v, d, now); ok {
			return []Finding{f}
		}
	}
	if d.Expiry.After(now.AddDate(farAhead, 0, 0).Add(slack)) {
		return []Finding{newFinding("expiry_too_far", ymd(d.Expiry), fmt.Sprintf("%d years", farAhead))}
	}
	return nil
}

func checkValidity(v validity, d Document, now time.Time) (Finding, bool) {
	if d.Issue.IsZero() {
		if d.Expiry.After(v.period(now).Add(slack)) {
			return v.finding("remaining " + span(now, d.Expiry)), true
		}
		return Finding{}, false
	}
	end := v.period(d.Issue)
	long := d.Expiry.After(end.Add(slack))
	short := v.exact && d.Expiry.Before(end.Add(-slack))
	if short && v.years == 10 && !d.Birth.IsZero() && age(d.Birth, d.Issue) < 12 {
		// A CNIE issued to a child under 12 is valid 7 years [U]: accept it.
		short = d.Expiry.Before(d.Issue.AddDate(7, 0, 0).Add(-slack))
	}
	if long || short {
		return v.finding(span(d.Issue, d.Expiry)), true
	}
	return Finding{}, false
}

// oldFrenchCard: the 1988–2021 card has no expiry in its MRZ; it is valid 10 years from the
// issue month, 15 for an adult's card issued 2004–2013.
func oldFrenchCard(d Document, now time.Time) []Finding {
	if d.Issue.IsZero() {
		return nil
	}
	years := 10
	adult := d.Birth.IsZero() || age(d.Birth, d.Issue) >= 18
	if adult && d.Issue.Year() >= 2004 && d.Issue.Year() <= 2013 {
		years = 15
	}
	if issueEnd(d).AddDate(years, 0, 0).Before(now) {
		return []Finding{newFinding("document_likely_expired", issueShown(d), years)}
	}
	return nil
}

// span formats the time between a and b as years and days.
func span(a, b time.Time) string {
	y := 0
	for !a.AddDate(y+1, 0, 0).After(b) {
		y++
	}
	days := int(b.Sub(a.AddDate(y, 0, 0)).Hours() / 24)
	return fmt.Sprintf("%d y %d d", y, days)
}
