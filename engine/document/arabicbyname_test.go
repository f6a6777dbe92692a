package document

import "testing"

func TestNameRun(t *testing.T) {
	segs := []Segment{
		{Text: "CIN"}, {Text: "TD940637"}, {Text: "", pending: true},
		{Text: "ALAOUI"}, {Text: "العلوي", Arabic: true}, {Text: "vou : CHRAIBI"}, {Text: "SAID"}, {Text: "SAID"},
	}
	for _, tt := range []struct {
		name string
		want int
	}{
		{"ALAOUI", 3},   // a run of its own
		{"alaoui", 3},   // compared normalized
		{"CHRAIBI", 5},  // after a misread caption
		{"SAID", -1},    // on two runs: which one is unknown
		{"BENNANI", -1}, // on none
		{"", -1},
		{"AOUI", -1}, // part of a word is no name
	} {
		if got := nameRun(segs, tt.name); got != tt.want {
			t.Errorf("nameRun(%q) = %d, want %d", tt.name, got, tt.want)
		}
	}
}
