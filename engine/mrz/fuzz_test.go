package mrz

import (
	"strings"
	"testing"
	"time"
)

// FuzzParse: any input either parses or returns a *ParseError, never panics, and stays fast
// (the repair search is bounded whatever the text).
func FuzzParse(f *testing.F) {
	seeds := []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
		"I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<",
		"IDFRAMEYER<<<<<<<<<<<<<<<<<<<<675034\n1305675007505MALO<<ALAIN<<J1212031M1",
		"D1FRA13AA000026330415MARTIN<<9",
		"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
		"OOOOOOOOOOOOOOOOOOOOOOOOOOOOOO\nOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO\nOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO",
		strings.Repeat("S", 44) + "\n" + strings.Repeat("B", 44),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		start := time.Now()
		r, err := Parse(in, Options{Now: testNow})
		if took := time.Since(start); took > 200*time.Millisecond {
			t.Fatalf("Parse took %v on %q", took, in)
		}
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			return
		}
		if r.Format == "" || r.CheckDigits == nil {
			t.Fatalf("incomplete result %+v", r)
		}
	})
}
