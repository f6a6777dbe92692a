package document

import (
	"testing"

	"github.com/kycd/kycd/engine/specimen"
)

func TestTranslitMatch(t *testing.T) {
	for _, tt := range []struct {
		latin, arabic string
		want          bool
	}{
		{"YOUSSEF", "يوسف", true}, {"EL IDRISSI", "الإدريسي", true}, {"KHADIJA", "خديجة", true},
		{"OUAZZANI", "الوزاني", true}, {"CHRAIBI", "الشرايبي", true}, {"BENJELLOUN", "بنجلون", true},
		{"YOUSSEF", "فاطمة", false}, {"BENNANI", "العلوي", false},
	} {
		if got := TranslitMatch(tt.latin, tt.arabic); got != tt.want {
			t.Errorf("TranslitMatch(%q, %q) = %v (%q vs %q)", tt.latin, tt.arabic, got, latinSkeleton(tt.latin), arabicSkeleton(tt.arabic))
		}
	}
	for _, p := range specimen.BilingualNames() {
		if !TranslitMatch(p[0], p[1]) {
			t.Errorf("generator pair %q %q: %q vs %q", p[0], p[1], latinSkeleton(p[0]), arabicSkeleton(p[1]))
		}
	}
}
