package document

import "testing"

// nameRepair is one case of a rule that corrects an Arabic reading with the Latin spelling.
type nameRepair struct{ arabic, latin, want string }

// checkNameRepairs runs the cases of the rule fn (named name in messages).
func checkNameRepairs(t *testing.T, name string, fn func(arabic, latin string) string, cases []nameRepair) {
	t.Helper()
	for _, tc := range cases {
		if got := fn(tc.arabic, tc.latin); got != tc.want {
			t.Errorf("%s(%q, %q) = %q, want %q", name, tc.arabic, tc.latin, got, tc.want)
		}
	}
}

// keptUnlessOK adapts a rule that reports whether it changed the reading to checkNameRepairs:
// its result counts only when it says so.
func keptUnlessOK(fn func(arabic, latin string) (string, bool)) func(arabic, latin string) string {
	return func(arabic, latin string) string {
		if got, ok := fn(arabic, latin); ok {
			return got
		}
		return arabic
	}
}

func TestJoinSplitWords(t *testing.T) {
	checkNameRepairs(t, "joinSplitWords", joinSplitWords, []nameRepair{
		{"خد يجة", "KHADIJA", "خديجة"},              // a gap after د read as a space
		{"عبد الله", "ABDELLAH", "عبد الله"},        // عبد stands apart in Arabic
		{"بن سليمان", "BENSLIMANE", "بن سليمان"},    // so does بن
		{"الفاسي", "EL FASSI", "الفاسي"},            // the article is no word of its own
		{"محمد أمين", "MOHAMED AMINE", "محمد أمين"}, // two words in both scripts
		{"محمد الأمين", "MOHAMED", "محمد الأمين"},   // a word starting with the article stays apart
		{"الشرا يبي", "CHERRAIBI", "الشرايبي"},      //
		{"نور الدين", "NOUREDDINE", "نور الدين"},    // the article starts its word
		{"خد يجة", "", "خد يجة"},                    // no Latin: as read
	})
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
