package document

import "testing"

func TestCollapseRepeats(t *testing.T) {
	checkNameRepairs(t, "collapseRepeats", collapseRepeats, []nameRepair{
		{"مريمم", "MARYAM", "مريم"},             // م read twice
		{"مريمم", "MERIEM", "مريم"},             //
		{"بنانني", "BENNANI", "بناني"},          // BENNANI's NN is one ن; its two ن stand apart
		{"ممدوح", "MAMDOUH", "ممدوح"},           // two M said: both kept
		{"الحجي", "HAJJI", "الحجي"},             // no pair
		{"مريمم", "", "مريمم"},                  // no Latin: as read
		{"حسنن", "HASSAN", "حسن"},               //
		{"محمد", "MOHAMMED", "محمد"},            //
		{"ححمزة", "HAMZA", "حمزة"},              // a word starts with ح twice: H is not counted, dropped anyway
		{"عبد ححميد", "ABDELHAMID", "عبد حميد"}, // the second word's start
		{"ممدوح", "MAMDOUH", "ممدوح"},           // a name may start with a consonant said twice
		{"نورهة", "NORA", "نورة"},               // ة's loop read twice
		{"نزيهة", "NAZIHA", "نزيهة"},            // NAZIHA's H is the ه
		{"عائشهة", "AICHA", "عائشة"},            // CH is ش, not an H
		{"محمد نورهة", "MOHAMED NORA", "محمد نورة"},
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
