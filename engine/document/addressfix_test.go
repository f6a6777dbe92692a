package document

import "testing"

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
