package document

import (
	"image"
	"slices"
	"testing"
)

// TestArabicOffRow: the Arabic runs near a Latin value's row but not on it (boxes from the
// second generator's degraded CIN 18027 and the first generator's passport 18041), nearest
// first; a run on another name's row, left of the value, already read, or the partner already
// tried is no candidate.
func TestArabicOffRow(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(430, 185, 509, 213), Text: "SAID", Conf: 0.92},                     // 0: the value
		{Box: image.Rect(885, 182, 998, 206), Arabic: true, Text: "الاسم الشف", Conf: 0.46}, // 1: its caption, read
		{Box: image.Rect(938, 226, 1000, 249), Arabic: true, pending: true},                 // 2: the name, 1.4 heights lower
		{Box: image.Rect(869, 266, 993, 291), Arabic: true, pending: true},                  // 3: the next caption
		{Box: image.Rect(300, 190, 340, 210), Arabic: true, pending: true},                  // 4: left of the value
		{Box: image.Rect(900, 200, 960, 220), Arabic: true, pending: true},                  // 5: nearer, but the partner tried
		{Box: image.Rect(940, 170, 990, 196), Arabic: true, pending: true},                  // 6: just above
		{Box: image.Rect(427, 278, 573, 309), Text: "KETTANI", Conf: 0.91},                  // 7: the next value
		{Box: image.Rect(960, 150, 999, 160), Arabic: false, pending: true},                 // 8: a Latin mark
	}
	if got, want := arabicOffRow(segs, 0, 5), []int{6, 2}; !slices.Equal(got, want) {
		t.Errorf("arabicOffRow = %v, want %v", got, want)
	}
	// The surname's: its Arabic caption (the spelling test turns it down), not the given
	// name's run, 1.8 heights up.
	if got, want := arabicOffRow(segs, 7, -1), []int{3}; !slices.Equal(got, want) {
		t.Errorf("arabicOffRow of the surname = %v, want %v", got, want)
	}
}

// TestSpellsLatin: a reading spells the Latin name when its skeleton is within a third of the
// Latin skeleton's length and it has two letters or more.
func TestSpellsLatin(t *testing.T) {
	for _, tt := range []struct {
		arabic, latin string
		want          bool
	}{
		{"سعيد", "SAID", true},
		{"الشف", "SAID", false}, // a caption's end
		{"زينب", "ZINEB", true},
		{"يوسف", "YOUSSEF", true},
		{"الكتاني", "KETTANI", true},
		{"الكتاني", "YOUSSEF", false},
		{"س", "SAID", false},
	} {
		if got := spellsLatin(newArabicReading(tt.arabic, 0.9, tt.latin), tt.latin); got != tt.want {
			t.Errorf("spellsLatin(%q, %q) = %v, want %v", tt.arabic, tt.latin, got, tt.want)
		}
	}
}

// TestUnreadNameRun: a name run under its caption that reads as nothing (after its second
// reading) is kept for ArabicByName, which reads the Arabic beside it with the MRZ's name;
// a run that read is not.
func TestUnreadNameRun(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(387, 346, 489, 357), Text: "Nom/Surname", Conf: 0.9, Line: 1},
		{Box: image.Rect(387, 370, 457, 390), Text: "ZIANI", Conf: 0.92, Line: 2},
		{Box: image.Rect(1145, 366, 1225, 393), Arabic: true, pending: true, Line: 2},
		{Box: image.Rect(388, 412, 549, 423), Text: "Prénoms/Given names", Conf: 0.92, Line: 3},
		{Box: image.Rect(388, 436, 490, 457), Text: "", Line: 4}, // "MERIEM", blurred
		{Box: image.Rect(1171, 444, 1226, 460), Arabic: true, pending: true, Line: 4},
	}
	_, wants, err := extract(segs, "passport", func(int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	read, unread := splitUnread(wants)
	if len(read) != 1 || read[0].field != "last_name_arabic" {
		t.Errorf("read wants %+v, want last_name_arabic only", read)
	}
	if got := unreadRun(unread, "first_name_arabic"); got != 4 {
		t.Errorf("unread given-name run %d, want 4", got)
	}
	if got := unreadRun(unread, "last_name_arabic"); got != -1 {
		t.Errorf("unread surname run %d, want none (it read)", got)
	}
}
