package document

import (
	"image"
	"testing"
)

func TestVowelFitBreaksSkeletonTies(t *testing.T) {
	for _, tc := range []struct {
		latin, right, wrong string
	}{
		{"ZINEB", "زينب", "زنعب"},
		{"ZINEB", "زينب", "زنيب"},
		{"YOUNES", "يونس", "ينوس"},
		{"MOHAMED", "محمد", "موحمد"}, // O is not written: an extra و is a misreading
		{"KHADIJA", "خديجة", "خدجية"},
		{"ZINEB", "زينب", "زينعب"}, // no A in the name: ع is a misreading
	} {
		if skeletonDistance(tc.latin, tc.right) != skeletonDistance(tc.latin, tc.wrong) {
			t.Errorf("%s: %s and %s are not a skeleton tie", tc.latin, tc.right, tc.wrong)
		}
		if r, w := vowelFit(tc.latin, tc.right), vowelFit(tc.latin, tc.wrong); r <= w {
			t.Errorf("%s: vowelFit(%s) = %d, not above vowelFit(%s) = %d", tc.latin, tc.right, r, tc.wrong, w)
		}
	}
	// Unwritten vowels, alef and ain weigh on neither side.
	for _, tc := range []struct{ latin, a, b string }{
		{"FATIMA", "فاطمة", "فطمة"},
		{"SAID", "سعيد", "سيد"},
		{"ABDELLAH", "عبد الله", "بد الله"},
	} {
		if x, y := vowelFit(tc.latin, tc.a), vowelFit(tc.latin, tc.b); x != y {
			t.Errorf("%s: vowelFit(%s) = %d, vowelFit(%s) = %d; want equal", tc.latin, tc.a, x, tc.b, y)
		}
	}
}

func TestLCS(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"ZYNB", "ZNB", 3}, {"ZYNB", "ZNYB", 3}, {"ABC", "CBA", 1}, {"ZYNB", "ZYNB", 4}} {
		if got := lcs([]rune(tc.a), []rune(tc.b)); got != tc.want {
			t.Errorf("lcs(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestWithLetterMarks(t *testing.T) {
	run := Segment{Box: image.Rect(906, 168, 959, 183), Arabic: true} // "حمد", letters without ascenders
	for _, tc := range []struct {
		name string
		mark image.Rectangle
		join bool
	}{
		{"the alef of أحمد, right of the run", image.Rect(968, 149, 974, 183), true},
		{"a tall letter left of the run", image.Rect(892, 150, 898, 184), true},
		{"too far", image.Rect(985, 149, 991, 183), false},
		{"a speck under the baseline", image.Rect(962, 180, 967, 190), false},
		{"a speck inside the letters' height", image.Rect(962, 172, 967, 183), false},
		{"wider than the run is tall", image.Rect(962, 149, 990, 183), false},
	} {
		segs := []Segment{run, {Box: tc.mark, pending: true}}
		got := withLetterMarks(segs, 0)
		if want := run.Box.Union(tc.mark); tc.join && got != want {
			t.Errorf("%s: got %v, want %v", tc.name, got, want)
		}
		if !tc.join && got != run.Box {
			t.Errorf("%s: got %v, want the run alone %v", tc.name, got, run.Box)
		}
	}
	// A mark already read (not pending) is another field's text.
	segs := []Segment{run, {Box: image.Rect(968, 149, 974, 183), Text: "1"}}
	if got := withLetterMarks(segs, 0); got != run.Box {
		t.Errorf("a read segment was joined: %v", got)
	}
}

func TestRepairDotsVowelOrder(t *testing.T) {
	// Two repairs match ZINEB's skeleton (either tooth as ن); I before N chooses.
	if got, ok := repairDots("رييب", "ZINEB"); !ok || got != "زينب" {
		t.Errorf(`repairDots("رييب", ZINEB) = %q, %v; want "زينب"`, got, ok)
	}
	// ت and ث sound alike: still a tie, left as read.
	if got, ok := repairDots("حدين", "HADIT"); ok {
		t.Errorf(`repairDots("حدين", HADIT) = %q: a tie was decided`, got)
	}
}

func TestToothVowel(t *testing.T) {
	checkNameRepairs(t, "toothVowel", keptUnlessOK(toothVowel), []nameRepair{
		{"أبوب", "AYOUB", "أيوب"}, // one dot under the tooth for two
		{"أيوب", "AYOUB", "أيوب"},
		{"زينب", "ZINEB", "زينب"},
		{"نبيل", "NABIL", "نبيل"},
		{"سعيد", "SAID", "سعيد"},
		{"بنعلي", "BENALI", "بنعلي"},
		{"أبوب", "", "أبوب"}, // no Latin
		{"فاني", "BENNANI", "فاني"},
	})
}

func FuzzToothVowel(f *testing.F) {
	f.Add("أبوب", "AYOUB")
	f.Fuzz(func(t *testing.T, arabic, latin string) {
		got, ok := toothVowel(arabic, latin)
		if !ok {
			if got != arabic {
				t.Fatalf("unchanged reading altered: %q → %q", arabic, got)
			}
			return
		}
		if skeletonDistance(latin, got) != 0 || vowelFit(latin, got) <= vowelFit(latin, arabic) {
			t.Fatalf("%q → %q for %q: skeleton or fit not kept", arabic, got, latin)
		}
	})
}
