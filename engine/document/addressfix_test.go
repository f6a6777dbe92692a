package document

import (
	"image"
	"testing"
)

func TestCleanAddress(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"A1 RUE PASTEUR 53967 MARSEILLE", "41 RUE PASTEUR 53967 MARSEILLE"},
		{"1O RUE DE LA PAIX", "10 RUE DE LA PAIX"},
		{"3A RUE DES LILAS", "3A RUE DES LILAS"}, // a lettered building
		{"12 bis rue  Victor Hugo", "12 BIS RUE VICTOR HUGO"},
		{"AVENUE HASSAN IL FES", "AVENUE HASSAN II FES"},
		{"239 AVENUE HASSAN IL BENI MELLAL", "239 AVENUE HASSAN II BENI MELLAL"},
		{"17 RUE IL", "17 RUE IL"}, // no name before it
		{"ALLEE DES PINS", "ALLEE DES PINS"},
		{"3 1 RUE PASTEUR 54357 BORDEAUX", "31 RUE PASTEUR 54357 BORDEAUX"}, // a digit space read wide
		{"3 1 PASTEUR", "3 1 PASTEUR"},                                      // no street type after
		{"165 RUE AL Q0DS OUJDA", "165 RUE AL QODS OUJDA"},
		{"12 RUE B0 20000 FES", "12 RUE B0 20000 FES"},                             // one letter: a number's code
		{"| 57 AVENUE VICTOR HUGO 76019 NICE", "57 AVENUE VICTOR HUGO 76019 NICE"}, // a mark before it
		{"» — RUE DES LILAS", "RUE DES LILAS"},
		{"|", "|"}, // nothing else: left to the caller's checks
		{"", ""},
	} {
		if got := cleanAddress(tt.in); got != tt.want {
			t.Errorf("cleanAddress(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzCleanAddress(f *testing.F) {
	f.Add("A1 RUE PASTEUR 53967 MARSEILLE")
	f.Add("AVENUE HASSAN IL FES")
	f.Fuzz(func(t *testing.T, s string) {
		got := cleanAddress(s)
		if cleanAddress(got) != got {
			t.Fatalf("cleanAddress is not stable on %q: %q → %q", s, got, cleanAddress(got))
		}
	})
}

// TestAddressSecondLine: an address's second line ("50285 NANTES") stays in the value when a
// bilingual caption's translation ("Address") takes the first line again with a higher
// confidence, and when the caption was lost and the address-shaped line was taken alone.
func TestAddressSecondLine(t *testing.T) {
	for _, tt := range []struct {
		name string
		segs []Segment
		want string
	}{
		{"caption and translation", []Segment{
			{Box: image.Rect(60, 83, 136, 94), Text: "Adres se", Conf: 0.91, Line: 0},
			{Box: image.Rect(174, 82, 248, 94), Text: "Address", Conf: 0.96, Line: 0},
			{Box: image.Rect(60, 113, 377, 137), Text: "35 RUE DE LA PAIX", Conf: 0.97, Line: 1},
			{Box: image.Rect(61, 149, 283, 173), Text: "50285 NANTES", Conf: 0.96, Line: 2},
		}, "35 RUE DE LA PAIX 50285 NANTES"},
		{"caption lost", []Segment{
			{Box: image.Rect(38, 163, 72, 171), Text: "Adre", Conf: 0.88, Line: 1},
			{Box: image.Rect(134, 163, 174, 172), Text: "Addre", Conf: 0.90, Line: 1},
			{Box: image.Rect(228, 152, 506, 175), Text: "22 RUE DE LA PAIX", Conf: 0.96, Line: 1},
			{Box: image.Rect(227, 186, 449, 209), Text: "05064 RENNES", Conf: 0.96, Line: 2},
			{Box: image.Rect(37, 264, 60, 273), Text: "Det", Conf: 0.95, Line: 3},
		}, "22 RUE DE LA PAIX 05064 RENNES"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := extract(tt.segs, "residence_card", func(int) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			if got := out["address"].Text; got != tt.want {
				t.Errorf("address %q, want %q", got, tt.want)
			}
		})
	}
}
