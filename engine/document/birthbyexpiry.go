package document

import "time"

// The Moroccan card's front prints two dates: the holder's birth and the card's expiry. A
// birth caption misread past matching ("re : 04/03/1958" for "NÉ LE : 04/03/1958", its "NÉ"
// set apart as a speck) leaves its date uncaptioned, and the place under it with no date to
// be found by. The card is valid ten years, so a date more than ten years before its expiry
// is no issue date: the one such date on the side is the birth date.

// birthBeforeExpiry sets the birth date from the one date on the side more than ten years
// (and a month, for a renewal's overlap) before the expiry, when the birth date has no value;
// it returns that date's segment, or -1.
func birthBeforeExpiry(out map[string]Value, segs []Segment) int {
	exp, ok := out["expiry_date"]
	if _, born := out["date_of_birth"]; born || !ok {
		return -1
	}
	expiry, err := time.Parse(time.DateOnly, exp.Text)
	if err != nil {
		return -1
	}
	latest := expiry.AddDate(-10, -1, 0)
	seg, date := -1, ""
	for j, s := range segs {
		if s.Arabic || s.pending {
			continue
		}
		d, ok := loneDate(s.Text)
		if !ok {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.date)
		if err != nil || !t.Before(latest) || d.date == date {
			continue
		}
		if seg >= 0 {
			return -1 // two candidates: neither is known to be the birth date
		}
		seg, date = j, d.date
	}
	if seg >= 0 {
		setValue(out, "date_of_birth", date, segs[seg].Conf*0.85)
	}
	return seg
}
