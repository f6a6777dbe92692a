package mrz

import (
	"reflect"
	"testing"
)

func TestRepair(t *testing.T) {
	const td3L1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
	tests := []struct {
		name  string
		mrz   string
		valid bool
		want  []Correction
		lines []string // expected repaired lines; nil = not checked
	}{
		{"letter O in birth date", td3L1 + "\nL898902C36UTO74O8122F1204159ZE184226B<<<<<10", true,
			[]Correction{{"date_of_birth", 2, 16, "O", "0", true}}, nil},
		{"S and B in expiry", td3L1 + "\nL898902C36UTO7408122F12O4I59ZE184226B<<<<<10", true,
			[]Correction{{"expiry_date", 2, 24, "O", "0", true}, {"expiry_date", 2, 26, "I", "1", true}}, nil},
		{"B in a check digit", td3L1 + "\nL898902C36UTO7408122F1204159ZE184226B<<<<<1B", false,
			[]Correction{}, nil},
		{"G for 6 in the composite", "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<G", true,
			[]Correction{{"composite_check", 2, 36, "G", "6", true}}, nil},
		{"S in a check digit", "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<S", false,
			[]Correction{}, nil},
		{"O for zero in document number", td3L1 + "\nL8989O2C36UTO7408122F1204159ZE184226B<<<<<10", true,
			[]Correction{{"document_number", 2, 6, "O", "0", true}}, nil},
		{"K for fillers in optional data", td3L1 + "\nL898902C36UTO7408122F1204159ZE184226B<<K<<10", true,
			[]Correction{{"optional_data", 2, 40, "K", "<", false}}, nil},
		{"digit in name, K fillers", "P<UTOERIKSS0N<<ANNA<MARIA<<<<<K<<<<<K<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", true,
			[]Correction{{"name", 1, 12, "0", "O", false}, {"name", 1, 31, "K", "<", false}, {"name", 1, 37, "K", "<", false}},
			[]string{td3L1, "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}},
		{"digit in FR given names confirmed by composite", "IDFRAMEYER<<<<<<<<<<<<<<<<<<<<675034\n1305675007505MAL0<<ALAIN<<J1212031M1", true,
			[]Correction{{"given_names", 2, 17, "0", "O", true}}, nil},
		{"misread digit is not guessed", td3L1 + "\nL898902C36UTO7408132F1204159ZE184226B<<<<<10", false,
			[]Correction{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(tt.mrz, Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if r.Valid != tt.valid || !reflect.DeepEqual(r.Corrections, tt.want) {
				t.Errorf("valid=%v corrections=%+v checks=%v\nwant valid=%v %+v", r.Valid, r.Corrections, r.CheckDigits, tt.valid, tt.want)
			}
			if tt.lines != nil && !reflect.DeepEqual(r.Lines, tt.lines) {
				t.Errorf("lines = %q, want %q", r.Lines, tt.lines)
			}
		})
	}
}

func TestCheckDigit(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"L898902C3", 6}, {"740812", 2}, {"120415", 9}, {"ZE184226B<<<<<", 1}, {"D23145890734", 9}, {"<<<<", 0}, {"a", -1},
	}
	for _, tt := range tests {
		if got := CheckDigit(tt.in); got != tt.want {
			t.Errorf("CheckDigit(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
