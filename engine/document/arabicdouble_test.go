package document

import "testing"

func TestCollapseRepeats(t *testing.T) {
	checkNameRepairs(t, "collapseRepeats", collapseRepeats, []nameRepair{
		{"مريمم", "MARYAM", "مريم"},    // م read twice
		{"مريمم", "MERIEM", "مريم"},    //
		{"بنانني", "BENNANI", "بناني"}, // BENNANI's NN is one ن; its two ن stand apart
		{"ممدوح", "MAMDOUH", "ممدوح"},  // two M said: both kept
		{"الحجي", "HAJJI", "الحجي"},    // no pair
		{"مريمم", "", "مريمم"},         // no Latin: as read
		{"حسنن", "HASSAN", "حسن"},      //
		{"محمد", "MOHAMMED", "محمد"},   //
	})
}

func FuzzCollapseRepeats(f *testing.F) {
	f.Add("مريمم", "MARYAM")
	f.Add("بنانني", "BENNANI")
	f.Fuzz(func(t *testing.T, arabic, latin string) {
		got := collapseRepeats(arabic, latin)
		if n, m := len([]rune(got)), len([]rune(arabic)); n > m {
			t.Fatalf("reading grew: %q → %q", arabic, got)
		}
	})
}
