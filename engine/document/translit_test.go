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
		{"LAHCEN", "لحسن", true}, {"NACIRI", "الناصري", true}, {"MOHCINE", "محسن", true}, {"CHAKIR", "شاكر", true},
		{"KHALID", "خالد", true}, {"KARIM", "كريم", true}, {"KACEM", "قاسم", true},
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

func TestDropStrayWords(t *testing.T) {
	tests := []struct {
		name, ar, latin, want string
	}{
		{"speck before the name", "كه إبراهيم", "BRAHIM", "إبراهيم"},
		{"one letter after the name", "خالد ه", "KHALID", "خالد"},
		{"two-word name kept", "عبد الله", "ABDELLAH", "عبد الله"},
		{"article kept with its name", "التازي", "TAZI", "التازي"},
		{"short word kept without a Latin name to compare", "كه إبراهيم", "", "كه إبراهيم"},
		{"short word that is part of the name kept", "أبو بكر", "ABOU BAKR", "أبو بكر"},
		{"digit before the name", "6 أحمد", "AHMED", "أحمد"},
		{"digit after the name without a Latin name", "طارق 6", "", "طارق"},
		{"misread caption before the name", "النخس مهدي", "MEHDI", "مهدي"},
		{"misread caption before a name, longer", "السحس رشيد", "RACHID", "رشيد"},
		{"long word kept when the Latin name accounts for it", "عبد الله", "ABDELLAH", "عبد الله"},
		{"long word kept without a Latin name", "النخس مهدي", "", "النخس مهدي"},
		{"a word without a consonant before the name", "الى الوزاني", "OUAZZANI", "الوزاني"},
		{"the article written apart kept", "ال وزاني", "OUAZZANI", "ال وزاني"},
		{"a name split in two kept", "إي مان", "IMANE", "إي مان"},
		{"a soundless word kept when the Latin has as many words", "آية بناني", "AYA BENNANI", "آية بناني"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := dropStrayWords(tc.ar, tc.latin); got != tc.want {
				t.Errorf("dropStrayWords(%q, %q) = %q, want %q", tc.ar, tc.latin, got, tc.want)
			}
		})
	}
}

func TestArabicReadingChoice(t *testing.T) {
	tests := []struct {
		name   string
		latin  string
		a, b   string // texts read
		ca, cb float64
		wantA  bool
	}{
		{"spelling of the Latin name wins over confidence", "KHADIJA", "خديجة", "خديطة", 0.70, 0.95, true},
		{"misread letter loses", "RACHID", "رتعيد", "رشيد", 0.90, 0.80, false},
		{"same skeleton: the more confident", "MEHDI", "مهدي", "مهدى", 0.90, 0.80, true},
		{"no Latin name: the more confident", "", "خالد", "حالد", 0.60, 0.80, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := newArabicReading(tc.a, tc.ca, tc.latin), newArabicReading(tc.b, tc.cb, tc.latin)
			if got := a.better(b); got != tc.wantA {
				t.Errorf("%q (%d) better than %q (%d): %v, want %v", tc.a, a.dist, tc.b, b.dist, got, tc.wantA)
			}
		})
	}
}

func TestSameNumber(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"JS4367386", "J54367386", true}, // a printed S read as 5
		{"AB123456", "AB 123456", true},
		{"HV4152250", "HV4152251", false}, // another number
		{"K192932", "K192933", false},
	}
	for _, tt := range tests {
		if got := sameValue("card_number", tt.a, tt.b); got != tt.same {
			t.Errorf("sameValue(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

// A reading's value: caption and stray marks dropped, misplaced dots repaired, a letter read
// twice dropped — also when the repair made the twin ("خحمزة": خ repaired to ح for HAMZA).
func TestNewArabicReadingValue(t *testing.T) {
	for _, tc := range []struct{ read, latin, want string }{
		{"خحمزة", "HAMZA", "حمزة"},
		{"خديحة", "KHADIJA", "خديجة"},
		{"مريمم", "MARYAM", "مريم"},
	} {
		if got := newArabicReading(tc.read, 0.8, tc.latin).text; got != tc.want {
			t.Errorf("newArabicReading(%q, %s) = %q, want %q", tc.read, tc.latin, got, tc.want)
		}
	}
}
