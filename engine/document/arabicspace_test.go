package document

import "testing"

func TestJoinSplitWords(t *testing.T) {
	for _, tc := range []struct{ arabic, latin, want string }{
		{"خد يجة", "KHADIJA", "خديجة"},              // a gap after د read as a space
		{"عبد الله", "ABDELLAH", "عبد الله"},        // عبد stands apart in Arabic
		{"بن سليمان", "BENSLIMANE", "بن سليمان"},    // so does بن
		{"الفاسي", "EL FASSI", "الفاسي"},            // the article is no word of its own
		{"محمد أمين", "MOHAMED AMINE", "محمد أمين"}, // two words in both scripts
		{"محمد الأمين", "MOHAMED", "محمد الأمين"},   // a word starting with the article stays apart
		{"الشرا يبي", "CHERRAIBI", "الشرايبي"},      //
		{"نور الدين", "NOUREDDINE", "نور الدين"},    // the article starts its word
		{"خد يجة", "", "خد يجة"},                    // no Latin: as read
	} {
		if got := joinSplitWords(tc.arabic, tc.latin); got != tc.want {
			t.Errorf("joinSplitWords(%q, %q) = %q, want %q", tc.arabic, tc.latin, got, tc.want)
		}
	}
}

func FuzzJoinSplitWords(f *testing.F) {
	f.Add("خد يجة", "KHADIJA")
	f.Add("عبد الله", "ABDELLAH")
	f.Fuzz(func(t *testing.T, arabic, latin string) {
		got := joinSplitWords(arabic, latin)
		if arabicLetters(got) != arabicLetters(arabic) {
			t.Fatalf("letters changed: %q → %q", arabic, got)
		}
	})
}
