package document

import "testing"

func TestDropStrayInitial(t *testing.T) {
	for _, tc := range []struct {
		arabic, latin, want string
		ok                  bool
	}{
		{"تسعيد", "SAID", "سعيد", true},    // a speck read as ت
		{"يسعيد", "SAID", "سعيد", true},    // or as ي
		{"يوسف", "YOUSSEF", "يوسف", false}, // a real initial ي
		{"ياسين", "YASSINE", "ياسين", false},
		{"نبيل", "NABIL", "نبيل", false},                  // a real initial ن: the Latin has N
		{"بن سعيد", "BEN SAID", "بن سعيد", false},         // ب of بن stays
		{"محمد يسعيد", "MOHAMED SAID", "محمد سعيد", true}, // the second word's ي
		{"تسعيد", "", "تسعيد", false},                     // no Latin to judge by
		{"يس", "SAID", "يس", false},                       // a word keeps two letters
		{"همريم", "MERIEM", "مريم", true},                 // a speck read as a loop
		{"هشام", "HICHAM", "هشام", false},                 // a real initial ه
		{"لخديجة", "KHADIJA", "خديجة", true},              // the caption's last stroke read as ل
		{"لطيفة", "LATIFA", "لطيفة", false},               // a real initial ل
	} {
		got, ok := dropStrayInitial(tc.arabic, tc.latin)
		if got != tc.want || ok != tc.ok {
			t.Errorf("dropStrayInitial(%q, %q) = %q, %v; want %q, %v", tc.arabic, tc.latin, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzDropStrayInitial(f *testing.F) {
	f.Add("تسعيد", "SAID")
	f.Add("محمد يسعيد", "MOHAMED SAID")
	f.Fuzz(func(t *testing.T, arabic, latin string) {
		got, ok := dropStrayInitial(arabic, latin)
		if !ok && got != arabic {
			t.Fatalf("unchanged reading altered: %q → %q", arabic, got)
		}
		if len([]rune(got)) > len([]rune(arabic)) {
			t.Fatalf("%q grew to %q", arabic, got)
		}
	})
}
