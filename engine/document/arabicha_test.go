package document

import "testing"

func TestMendInnerHa(t *testing.T) {
	checkNameRepairs(t, "mendInnerHa", mendInnerHa, []nameRepair{
		{"رشهد", "RACHID", "رشيد"},                   // ي's tooth read as a loop
		{"رشيهد", "RACHID", "رشيد"},                  // a loop added
		{"مهدي", "MEHDI", "مهدي"},                    // an H said aloud
		{"زهرة", "ZAHRA", "زهرة"},                    //
		{"سهيل", "SOUHAIL", "سهيل"},                  //
		{"هشام", "HICHAM", "هشام"},                   // a word's first letter is not this rule's
		{"رشهد", "", "رشهد"},                         // no Latin
		{"فاطمه", "FATIMA", "فاطمه"},                 // nor a word's last
		{"محمد رشهد", "MOHAMED RACHID", "محمد رشيد"}, // the word's Latin, not the name's, counts
		{"رشهد محمد", "RACHID MOHAMED", "رشيد محمد"},
	})
}

func FuzzMendInnerHa(f *testing.F) {
	f.Add("رشهد", "RACHID")
	f.Add("ههه", "A")
	f.Fuzz(func(t *testing.T, arabic, latin string) {
		got := mendInnerHa(arabic, latin)
		if len([]rune(got)) > len([]rune(arabic)) {
			t.Fatalf("mendInnerHa(%q, %q) = %q: longer than the reading", arabic, latin, got)
		}
	})
}
