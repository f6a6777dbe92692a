package mrz

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// testNow fixes the century rules: a birth in 74 is 1974, one in 12 is 2012.
var testNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func ptr(s string) *string { return &s }

type want struct {
	format                    Format
	valid                     bool
	code, state, number, opt  string
	birth, sex, expiry, natio *string
	last, first               string
	checks                    map[string]bool
}

func TestParseVectors(t *testing.T) {
	allTD3 := map[string]bool{"document_number": true, "date_of_birth": true, "expiry_date": true, "optional_data": true, "composite": true}
	allTD12 := map[string]bool{"document_number": true, "date_of_birth": true, "expiry_date": true, "composite": true}
	allMRV := map[string]bool{"document_number": true, "date_of_birth": true, "expiry_date": true}
	tests := []struct {
		name string
		mrz  string
		want want
	}{
		{"ICAO TD3", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
			want{TD3, true, "P", "UTO", "L898902C3", "ZE184226B", ptr("1974-08-12"), ptr("F"), ptr("2012-04-15"), ptr("UTO"), "ERIKSSON", "ANNA MARIA", allTD3}},
		{"ICAO TD2", "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6",
			want{TD2, true, "I", "UTO", "D23145890", "", ptr("1974-08-12"), ptr("F"), ptr("2012-04-15"), ptr("UTO"), "ERIKSSON", "ANNA MARIA", allTD12}},
		{"ICAO TD1", "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
			want{TD1, true, "I", "UTO", "D23145890", "", ptr("1974-08-12"), ptr("F"), ptr("2012-04-15"), ptr("UTO"), "ERIKSSON", "ANNA MARIA", allTD12}},
		{"ICAO TD1 long number", "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<",
			want{TD1, true, "I", "UTO", "D23145890734", "", ptr("1934-07-12"), ptr("M"), ptr("2095-07-12"), ptr("UTO"), "STEVENSON", "PETER JOHN", allTD12}},
		{"ICAO MRV-A", "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
			want{MRVA, true, "V", "UTO", "L8988901C", "6ZE184226B", ptr("1940-09-07"), ptr("F"), ptr("2096-12-10"), ptr("XXX"), "ERIKSSON", "ANNA MARIA", allMRV}},
		{"ICAO MRV-B", "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
			want{MRVB, true, "V", "UTO", "L8988901C", "", ptr("1940-09-07"), ptr("F"), ptr("2096-12-10"), ptr("XXX"), "ERIKSSON", "ANNA MARIA", allMRV}},
		{"FR CNI 1988", "IDFRAMEYER<<<<<<<<<<<<<<<<<<<<675034\n1305675007505MALO<<ALAIN<<J1212031M1",
			want{FRID, true, "ID", "FRA", "130567500750", "675034", ptr("2012-12-03"), ptr("M"), nil, nil, "MEYER", "MALO ALAIN J",
				map[string]bool{"document_number": true, "date_of_birth": true, "composite": true}}},
		{"FR CNI 2021", "IDFRAX4RTBPFW46<<<<<<<<<<<<<<<\n9007138F3002119FRA<<<<<<<<<<<6\nMARTIN<<MAELYS<GAELLE<MARIE<<<",
			want{TD1, true, "ID", "FRA", "X4RTBPFW4", "", ptr("1990-07-13"), ptr("F"), ptr("2030-02-11"), ptr("FRA"), "MARTIN", "MAELYS GAELLE MARIE", allTD12}},
		{"FR driving licence", "D1FRA13AA000026330415MARTIN<<9",
			want{FRDL, true, "D1", "FRA", "13AA00002", "", nil, nil, ptr("2033-04-15"), nil, "MARTIN", "",
				map[string]bool{"document_number": true, "composite": true}}},
		{"German D<< and bad composite", "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<3",
			want{TD3, false, "P", "D", "C01X00T47", "", ptr("1964-08-12"), ptr("F"), ptr("2027-02-28"), ptr("D"), "MUSTERMANN", "ERIKA",
				map[string]bool{"document_number": true, "date_of_birth": true, "expiry_date": true, "optional_data": true, "composite": false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(tt.mrz, Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			got := want{r.Format, r.Valid, r.DocumentCode, r.IssuingState, r.DocumentNumber, r.OptionalData,
				r.DateOfBirth, r.Sex, r.ExpiryDate, r.Nationality, r.LastName, r.FirstName, r.CheckDigits}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %s\nwant %s", show(got), show(tt.want))
			}
		})
	}
}

func show(w want) string {
	deref := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return *p
	}
	return strings.Join([]string{string(w.format), map[bool]string{true: "valid", false: "invalid"}[w.valid], w.code, w.state,
		w.number, w.opt, deref(w.birth), deref(w.sex), deref(w.expiry), deref(w.natio), w.last, w.first}, "|") +
		" " + strings.TrimPrefix(strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(
		strings.ReplaceAll(reflectString(w.checks), "map", ""), "[", ""), "]", "")), "")
}

func reflectString(m map[string]bool) string {
	var b strings.Builder
	for _, k := range []string{"document_number", "date_of_birth", "expiry_date", "optional_data", "composite"} {
		if v, ok := m[k]; ok {
			b.WriteString(k)
			b.WriteString(map[bool]string{true: "+ ", false: "- "}[v])
		}
	}
	return b.String()
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		code     string
		is       error
	}{
		{"empty", " \n\n", "empty_input", ErrEmpty},
		{"four lines", strings.Repeat(strings.Repeat("<", 30)+"\n", 4), "wrong_line_count", ErrLineCount},
		{"short line", "P<UTO\nL898", "wrong_line_length", ErrLineLength},
		{"unequal lines", strings.Repeat("<", 44) + "\n" + strings.Repeat("<", 36), "wrong_line_length", ErrLineLength},
		{"lowercase ok but symbol not", "P<UTO#RIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", "invalid_character", ErrCharacter},
		{"two lines of 30", strings.Repeat("<", 30) + "\n" + strings.Repeat("<", 30), "unknown_format", ErrUnknownFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in, Options{Now: testNow})
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Code != tt.code || !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want code %s", err, tt.code)
			}
		})
	}
}
