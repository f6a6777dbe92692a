package document

import (
	"image"
	"slices"
	"testing"
)

func TestStripArabicCaption(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"caption right of the name, read first", "الاسم الشخصي طارق", "طارق"},
		{"caption misread by a letter", "الاسم العائتي التازي", "التازي"},
		{"caption left of the name, read last", "بنجلون الاسم العائلي", "بنجلون"},
		{"all caption: no name", "الاسم الشخصي", ""},
		{"caption's second word misread past a letter", "الاسم العاننى الناصري", "الناصري"},
		{"the same, caption read last", "محمد أمين الاسم الشخصن", "محمد أمين"},
		{"head and a name only: the name kept", "الاسم الناصري", "الناصري"},
		{"name alone", "عبد الله", "عبد الله"},
		{"a name near no caption word kept", "الشامي", "الشامي"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stripArabicCaption(tt.in); got != tt.want {
				t.Errorf("stripArabicCaption(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestJoinArabicRun(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(351, 48, 507, 75), Text: "KETTANI", Conf: 0.91, Line: 1},
		{Box: image.Rect(900, 45, 977, 74), Arabic: true, pending: true, Line: 1},
		{Box: image.Rect(854, 63, 885, 86), Text: "", Line: 2},                      // "ني", lower, not read as Latin
		{Box: image.Rect(490, 50, 520, 70), Arabic: true, pending: true, Line: 1},   // far off on the row
		{Box: image.Rect(845, 100, 978, 124), Arabic: true, pending: true, Line: 3}, // the next row
	}
	joinArabicRun(segs, 1)
	if want := image.Rect(854, 45, 977, 86); segs[1].Box != want {
		t.Errorf("joined box %v, want %v", segs[1].Box, want)
	}
	if !segs[3].pending || !segs[4].pending {
		t.Error("a run far off or on another row was taken")
	}
}

// TestLatinBetween: the runs read as Latin between a name's value and its Arabic caption,
// nearest first, are where readArabic looks when the script test missed the Arabic name
// ("عادل" read "Jle").
func TestLatinBetween(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(136, 202, 220, 224), Text: "ADIL", Line: 3},
		{Box: image.Rect(511, 210, 616, 228), Arabic: true, Line: 3},            // the caption
		{Box: image.Rect(421, 199, 487, 229), Text: "Jle", Conf: 0.81, Line: 3}, // the name
		{Box: image.Rect(300, 205, 330, 225), Text: "ii", Line: 3},              // a speck, nearer
		{Box: image.Rect(727, 214, 773, 232), Text: "", pending: true, Line: 3}, // a mark
		{Box: image.Rect(421, 250, 487, 270), Text: "EL", Line: 4},              // the next row
		{Box: image.Rect(640, 205, 700, 225), Text: "XY", Line: 3},              // past the caption
	}
	if got, want := latinBetween(segs, 0, 1), []int{3, 2}; !slices.Equal(got, want) {
		t.Errorf("latinBetween(value, caption) = %v, want %v", got, want)
	}
	if got, want := latinBetween(segs, 0, -1), []int{3, 2, 6}; !slices.Equal(got, want) {
		t.Errorf("latinBetween(value, none) = %v, want %v", got, want)
	}
}
