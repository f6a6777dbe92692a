package fraud

import (
	"strings"
	"time"
)

// dateRules: impossible calendar dates, birth in the future, expiry before birth, issue before
// birth or after expiry (DOCUMENTS.md §4, hard rules).
func dateRules(d Document, now time.Time) []Finding {
	var out []Finding
	if invalidRaw(d.RawBirth) && d.Birth.IsZero() {
		out = append(out, newFinding("date_invalid", "date of birth", d.RawBirth))
	}
	if invalidRaw(d.RawExpiry) && d.Expiry.IsZero() {
		out = append(out, newFinding("date_invalid", "expiry date", d.RawExpiry))
	}
	// The MRZ century rule never yields a future birth; a printed zone or a 4-digit year can.
	if !d.Birth.IsZero() && d.Birth.After(now) {
		out = append(out, newFinding("birth_in_future", ymd(d.Birth)))
	}
	if !d.Birth.IsZero() && !d.Expiry.IsZero() && d.Expiry.Before(d.Birth) {
		out = append(out, newFinding("expiry_before_birth", ymd(d.Expiry), ymd(d.Birth)))
	}
	if d.Issue.IsZero() {
		return out
	}
	issue := issueShown(d)
	if !d.Birth.IsZero() && issueEnd(d).Before(d.Birth) {
		out = append(out, newFinding("issue_before_birth", issue, ymd(d.Birth)))
	}
	if !d.Expiry.IsZero() && d.Issue.After(d.Expiry) {
		out = append(out, newFinding("issue_after_expiry", issue, ymd(d.Expiry)))
	}
	return out
}

// invalidRaw: a printed date that is neither empty (all fillers) nor absent.
func invalidRaw(s string) bool {
	return s != "" && strings.Trim(s, "<") != ""
}

// issueEnd is the last day the issue date can mean (end of month for a month-only date).
func issueEnd(d Document) time.Time {
	if d.IssueMonthOnly {
		return d.Issue.AddDate(0, 1, -1)
	}
	return d.Issue
}

func issueShown(d Document) string {
	if d.IssueMonthOnly {
		return d.Issue.Format("2006-01")
	}
	return ymd(d.Issue)
}
