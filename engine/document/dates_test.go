package document

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"12.02.1990", "1990-02-12"}, {"12 02 1990", "1990-02-12"}, {"12/02/1990", "1990-02-12"},
		{"Né(e) le 01.01.1985", "1985-01-01"}, {"12 FÉVR/FEB 1990", "1990-02-12"}, {"03 AOÛT/AUG 2031", "2031-08-03"},
		{"12.02.90", "1990-02-12"}, {"12.02.30", "2030-02-12"}, {"12021990", "1990-02-12"},
		{"31.02.1990", ""}, {"00.01.1990", ""}, {"12.13.1990", ""}, {"hello", ""},
		{"09 O1 2023", "2023-01-09"}, {"O9.1O.2O19", "2019-10-09"}, {"12 MAI/MAY 2O21", "2021-05-12"},
		{"2I.O3.1990", "1990-03-21"}, {"OI.OI.OOOO", ""}, {"SOLEIL 12", ""},
		{"21:07.1958", "1958-07-21"}, {"3: 21.07.1958", "1958-07-21"}, {"5:21.07.1958", "1958-07-21"},
		{"15//122013", "2013-12-15"}, {"15.122013", "2013-12-15"}, {"1512.2013", "2013-12-15"}, {"15///12/2013", ""},
		{"28.01 .202 1", "2021-01-28"}, {"28.01 .202 13", ""}, {"A 28.01 .202 1", ""},
	} {
		got, ok := ParseDate(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// FuzzParseDate: any input either fails or gives a valid calendar date in YYYY-MM-DD.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"12.02.1990", "12 FEB 90", "1 2 3", "99.99.9999", "12 FÉVR/FEB 1990", "09 O1 2023"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok {
			return
		}
		if _, err := time.Parse("2006-01-02", d); err != nil {
			t.Fatalf("ParseDate(%q) = %q: %v", s, d, err)
		}
	})
}

func TestMatchLabel(t *testing.T) {
	for _, tt := range []struct {
		text, docType, field string
		tokens               int
	}{
		{"Prénom RACHID", "cin", "first_name", 1}, {"NOM / Surname", "cni", "last_name", 2},
		{"Né(e)le 01.01.1985", "cin", "date_of_birth", 3}, {"Né(e) le 01.01.1985", "cin", "date_of_birth", 3},
		{"Valable jusqu'au 25.09.2035", "cin", "expiry_date", 3}, {"N° carte CX0242391", "cin", "card_number", 2},
		{"4b. 16.07.2035", "permit", "expiry_date", 1}, {"RACHID", "cin", "", 0},
	} {
		_, toks := tokenize(tt.text)
		var norms []string
		for _, tk := range toks {
			norms = append(norms, tk.norm)
		}
		m, ok := matchLabel(norms, tt.docType)
		if ok != (tt.field != "") || ok && (m.field != tt.field || m.tokens != tt.tokens) {
			t.Errorf("matchLabel(%q) = %+v, %v; want %s/%d", tt.text, m, ok, tt.field, tt.tokens)
		}
	}
}

func TestMonthsOnly(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want bool
	}{{"FEB FÉV", true}, {"JUL", true}, {"BORDEAUX", false}, {"FEB PARIS", false}, {"", false}, {"MARSEILLE", false}} {
		if got := monthsOnly(tt.v); got != tt.want {
			t.Errorf("monthsOnly(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
