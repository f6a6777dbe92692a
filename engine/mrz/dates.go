package mrz

import (
	"fmt"
	"time"
)

// civil is a calendar date without a zone.
type civil struct{ y, m, d int }

func (c civil) String() string { return fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, c.d) }

func (c civil) before(o civil) bool {
	if c.y != o.y {
		return c.y < o.y
	}
	if c.m != o.m {
		return c.m < o.m
	}
	return c.d < o.d
}

// yymmdd reads a YYMMDD field; ok is false for fillers, letters or an impossible calendar date.
func yymmdd(s string) (yy, mm, dd int, ok bool) {
	if len(s) != 6 {
		return 0, 0, 0, false
	}
	for i := 0; i < 6; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, 0, false
		}
	}
	yy = int(s[0]-'0')*10 + int(s[1]-'0')
	mm = int(s[2]-'0')*10 + int(s[3]-'0')
	dd = int(s[4]-'0')*10 + int(s[5]-'0')
	return yy, mm, dd, mm >= 1 && mm <= 12 && dd >= 1 && dd <= daysIn(2000+yy, mm)
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// birthDate applies the century rule for births: 20YY unless that is in the future.
func birthDate(s string, now time.Time) (civil, bool) {
	yy, mm, dd, ok := yymmdd(s)
	if !ok {
		return civil{}, false
	}
	c := civil{2000 + yy, mm, dd}
	today := civil{now.Year(), int(now.Month()), now.Day()}
	if today.before(c) {
		c.y -= 100
	}
	return c, dd <= daysIn(c.y, mm) // 29 February depends on the century
}

// expiryDate applies the century rule for expiry: 20YY, plus 100 years if before birth.
func expiryDate(s string, birth civil, hasBirth bool) (civil, bool) {
	yy, mm, dd, ok := yymmdd(s)
	if !ok {
		return civil{}, false
	}
	c := civil{2000 + yy, mm, dd}
	if hasBirth && c.before(birth) {
		c.y += 100
	}
	return c, true
}

// frIssueMonth reads the YYMM issue date of the old French identity card (YY ≥ 88 → 19YY).
func frIssueMonth(s string) (string, bool) {
	yy, mm, _, ok := yymmdd(s + "01")
	if !ok {
		return "", false
	}
	y := 2000 + yy
	if yy >= 88 {
		y = 1900 + yy
	}
	return fmt.Sprintf("%04d-%02d", y, mm), true
}

// allFiller reports whether s holds only `<` (a date the issuer left empty).
func allFiller(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			return false
		}
	}
	return true
}
