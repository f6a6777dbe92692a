package document

import "testing"

func TestFinalTaMarbuta(t *testing.T) {
	checkNameRepairs(t, "finalTaMarbuta", finalTaMarbuta, []nameRepair{
		{"سميره", "SAMIRA", "سميرة"},
		{"سميرة", "SAMIRA", "سميرة"},                   // already
		{"طه", "TAHA", "طه"},                           // two letters
		{"عبد الله", "ABDALLAH", "عبد الله"},           // AH
		{"محمد سميره", "MOHAMED SAMIRA", "محمد سميرة"}, // the word's own Latin
		{"سميره", "", "سميره"},                         // no Latin
		{"فقيه", "FQIH", "فقيه"},                       // not an A
	})
}

func TestDropLoopBeforeTaMarbuta(t *testing.T) {
	checkNameRepairs(t, "dropLoopBeforeTaMarbuta", dropLoopBeforeTaMarbuta, []nameRepair{
		{"نورهة", "NORA", "نورة"},
		{"نزيهة", "NAZIHA", "نزيهة"},
		{"عائشهة", "AICHA", "عائشة"},
		{"محمد نورهة", "MOHAMED NORA", "محمد نورة"},
	})
}

func FuzzFinalTaMarbuta(f *testing.F) {
	f.Add("سميره", "SAMIRA")
	f.Fuzz(func(t *testing.T, arabic, latin string) {
		got := finalTaMarbuta(arabic, latin)
		if len([]rune(got)) != len([]rune(arabic)) {
			t.Fatalf("%q → %q changed length", arabic, got)
		}
	})
}
