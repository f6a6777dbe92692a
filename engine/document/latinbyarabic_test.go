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

func TestJoinSplitName(t *testing.T) {
	tests := []struct{ latin, arabic, want string }{
		{"BE RRADA", "برادة", "BERRADA"},
		{"EL ALAMI", "العلمي", "EL ALAMI"},       // the article stands apart in Latin
		{"BE RRADA", "بن رادة", "BE RRADA"},      // two words in Arabic too
		{"BEN NANI", "بناني", "BEN NANI"},        // a particle: BEN NANI is a name
		{"LAH LOU", "لحلو", "LAHLOU"},            // three letters, no particle
		{"AIT LHAJ", "ايتلحاج", "AIT LHAJ"},      // a particle
		{"BENJ ELLOUN", "بنجلون", "BENJ ELLOUN"}, // four letters: words of their own
		{"BE NANI", "برادة", "BE NANI"},          // the Arabic spells another name
		{"BERRADA", "برادة", "BERRADA"},
	}
	for _, tt := range tests {
		if got, _ := joinSplitName(tt.latin, tt.arabic); got != tt.want {
			t.Errorf("joinSplitName(%q, %q) = %q, want %q", tt.latin, tt.arabic, got, tt.want)
		}
	}
}
