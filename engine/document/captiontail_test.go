package document

import "testing"

func TestCaptionText(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"of birth", true}, {"names", true}, {"STRASBOURG", false}, {"CAMIILIE", false}, {"Place", true}, {"12 02 1990", false},
	} {
		if got := captionText(tt.s); got != tt.want {
			t.Errorf("captionText(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
