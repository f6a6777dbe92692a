package document

import "testing"

func TestMendLatinByArabic(t *testing.T) {
	for _, tt := range []struct {
		latin, arabic, want string
		ok                  bool
	}{
		{"OUAZZANT", "الوزاني", "OUAZZANI", true},  // the final I read as T
		{"OUAZZANI", "الوزاني", "OUAZZANI", false}, // right already
		{"HAJII", "الحجي", "HAJII", false},         // the skeletons agree: the Arabic cannot count the J
		{"BENNANI", "", "BENNANI", false},          // no Arabic
		{"MARTIN", "الوزاني", "MARTIN", false},     // no one-letter repair
		{"BENNANTI", "بناني", "BENNANTI", false},   // a letter too many: no replacement doubles the I
	} {
		got, ok := mendLatinByArabic(tt.latin, tt.arabic)
		if got != tt.want || ok != tt.ok {
			t.Errorf("mendLatinByArabic(%q, %q) = %q, %v; want %q, %v", tt.latin, tt.arabic, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzMendLatinByArabic(f *testing.F) {
	f.Add("OUAZZANT", "الوزاني")
	f.Fuzz(func(t *testing.T, latin, arabic string) {
		got, ok := mendLatinByArabic(latin, arabic)
		if !ok && got != latin {
			t.Errorf("changed %q to %q without ok", latin, got)
		}
	})
}
