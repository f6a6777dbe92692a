package document

import (
	"image"
	"testing"
)

func TestMergeWordsAndBeside(t *testing.T) {
	r := image.Rect
	tests := []struct {
		name  string
		words []image.Rectangle
		want  int // segments
	}{
		{"words of one value join", []image.Rectangle{r(100, 10, 160, 35), r(168, 10, 240, 35)}, 1},
		{"caption and value stay apart from the next field", []image.Rectangle{r(100, 10, 160, 35), r(250, 10, 320, 35)}, 2},
		// A tall blob of portrait texture must not swallow the text beside it.
		{"portrait blob", []image.Rectangle{r(10, 0, 380, 70), r(450, 6, 540, 29)}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(mergeWords(tt.words)); got != tt.want {
				t.Fatalf("got %d segments, want %d", got, tt.want)
			}
		})
	}
}

func TestBeside(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(348, 188, 389, 202), Text: "Nom", Line: 0},
		{Box: image.Rect(407, 182, 542, 202), Text: "BENNANI", Line: 0},
		{Box: image.Rect(348, 237, 417, 252), Text: "Prénom", Line: 1},
		{Box: image.Rect(600, 232, 700, 253), Text: "RACHID", Line: 1}, // too far: another field
	}
	isLabel := []bool{true, false, true, false}
	if got := beside(segs, isLabel, 0); got != 1 {
		t.Errorf("beside(Nom) = %d, want 1", got)
	}
	if got := beside(segs, isLabel, 2); got != -1 {
		t.Errorf("beside(Prénom) = %d, want -1", got)
	}
	// A column of values after small captions: 52 px after a caption 15 px tall.
	segs = []Segment{
		{Box: image.Rect(48, 306, 265, 321), Text: "Lieu de naissance", Line: 0},
		{Box: image.Rect(317, 304, 503, 321), Text: "BENI MELLAL", Line: 0},
	}
	if got := beside(segs, []bool{true, false}, 0); got != 1 {
		t.Errorf("beside(Lieu de naissance) = %d, want 1", got)
	}
	// Not after a one-letter caption, as often a speck in the portrait: 66 px after an "a"
	// 19 px tall is the surname's column, not its value.
	segs = []Segment{
		{Box: image.Rect(264, 228, 288, 247), Text: "a", Line: 0},
		{Box: image.Rect(354, 228, 445, 248), Text: "LEROY", Line: 0},
	}
	if got := beside(segs, []bool{true, false}, 0); got != -1 {
		t.Errorf("beside(a) = %d, want -1", got)
	}
}

func TestAssignLines(t *testing.T) {
	r := image.Rect
	segs := []segment{
		{box: r(491, 464, 637, 482)}, // value
		{box: r(470, 455, 485, 475)}, // a speck starting the row, taller than the value
		{box: r(343, 470, 475, 485)}, // its caption, smaller and lower
		{box: r(343, 520, 475, 540)}, // next row
		{box: r(10, 300, 14, 306)},   // a lone mark: a line of its own
	}
	got := assignLines(segs)
	line := map[image.Rectangle]int{}
	for _, s := range got {
		line[s.box] = s.line
	}
	if line[r(491, 464, 637, 482)] != line[r(343, 470, 475, 485)] {
		t.Errorf("caption and value on lines %d and %d", line[r(343, 470, 475, 485)], line[r(491, 464, 637, 482)])
	}
	if line[r(10, 300, 14, 306)] != 0 || line[r(343, 520, 475, 540)] <= line[r(343, 470, 475, 485)] {
		t.Errorf("lines out of order: %v", line)
	}
	if len(assignLines([]segment{{box: r(0, 0, 5, 10)}})) != 1 {
		t.Error("marks only")
	}
}

// A short caption leads its value; the portrait's corner beside a value on its line, standing
// higher than its baseline, does not.
func TestLeadsValue(t *testing.T) {
	value := segment{box: image.Rect(362, 470, 526, 494), line: 7}
	for _, tt := range []struct {
		name string
		a    segment
		want bool
	}{
		{"a numbered caption", segment{box: image.Rect(330, 477, 346, 492), line: 7}, true},
		{"the portrait's corner", segment{box: image.Rect(285, 449, 310, 478), line: 7}, false},
	} {
		if got := leadsValue(tt.a, value); got != tt.want {
			t.Errorf("%s: leadsValue %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Bold digits that passed the script test as Arabic right before a date's rest are read
// again as Latin; an Arabic name far from a number, or before a word, is not.
func TestLeadingDigits(t *testing.T) {
	arabic := func(x0, x1 int) Segment {
		return Segment{Box: image.Rect(x0, 371, x1, 395), Line: 9, Arabic: true, pending: true}
	}
	latin := func(x0, x1 int, text string) Segment {
		return Segment{Box: image.Rect(x0, 371, x1, 395), Line: 9, Text: text, Conf: 0.89}
	}
	for _, tt := range []struct {
		name string
		segs []Segment
		want int
	}{
		{"a date's day", []Segment{arabic(677, 710), latin(734, 863, "10.2028")}, 1},
		{"a date far off", []Segment{arabic(677, 710), latin(800, 929, "10.2028")}, -1},
		{"before a word", []Segment{arabic(677, 710), latin(734, 863, "NADOR")}, -1},
		{"a long run", []Segment{arabic(577, 710), latin(734, 863, "10.2028")}, -1},
	} {
		if got := leadingDigits(tt.segs, 0); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

// A blob of portrait texture reaching from a stacked caption's row down to its value's, under
// twice the median height, does not pull the two into one line ("PRÉNOM" over "LAILA"; the
// runs of the second generator's licence front, seed 21021).
func TestAssignLinesBlobAcrossRows(t *testing.T) {
	r := image.Rect
	segs := []segment{
		{box: r(49, 479, 62, 507)},
		{box: r(49, 406, 70, 429)},
		{box: r(49, 440, 66, 461)},
		{box: r(49, 171, 52, 188)},
		{box: r(66, 204, 82, 246)},
		{box: r(130, 213, 192, 250)},
		{box: r(130, 437, 273, 484)},
		{box: r(134, 255, 142, 269)},
		{box: r(138, 376, 178, 430)},
		{box: r(160, 205, 164, 217)},
		{box: r(170, 320, 177, 349)},
		{box: r(170, 252, 187, 268)},
		{box: r(175, 269, 180, 277)},
		{box: r(181, 172, 189, 184)},
		{box: r(202, 252, 213, 263)},
		{box: r(216, 488, 243, 507)},
		{box: r(218, 300, 225, 319)},
		{box: r(256, 255, 271, 262)},
		{box: r(303, 321, 325, 349)},
		{box: r(304, 455, 325, 484)},
		{box: r(310, 362, 325, 395)},
		{box: r(311, 287, 324, 299)},
		{box: r(348, 46, 666, 72)},
		{box: r(353, 92, 453, 114)},
		{box: r(363, 360, 498, 381)},
		{box: r(364, 397, 483, 408)},
		{box: r(364, 206, 434, 220)},
		{box: r(364, 298, 541, 319)},
		{box: r(364, 334, 532, 346)},
		{box: r(364, 146, 401, 158)},
		{box: r(364, 235, 460, 256)},
		{box: r(364, 172, 506, 193)},
		{box: r(364, 271, 537, 283)},
		{box: r(364, 456, 548, 471)},
		{box: r(365, 486, 540, 507)},
		{box: r(365, 423, 531, 446)},
		{box: r(474, 92, 505, 113)},
		{box: r(527, 92, 662, 114)},
		{box: r(643, 459, 804, 474)},
		{box: r(644, 486, 820, 507)},
		{box: r(715, 43, 976, 80)},
		{box: r(779, 89, 976, 121)},
		{box: r(845, 184, 892, 202)},
		{box: r(856, 145, 974, 162)},
		{box: r(866, 207, 974, 224)},
		{box: r(902, 172, 972, 200)},
		{box: r(911, 234, 976, 261)},
		{box: r(913, 360, 979, 385)},
	}
	line := map[image.Rectangle]int{}
	for _, s := range assignLines(segs) {
		line[s.box] = s.line
	}
	if line[r(364, 206, 434, 220)] == line[r(364, 235, 460, 256)] {
		t.Errorf("PRÉNOM and LAILA on one line %d", line[r(364, 235, 460, 256)])
	}
}

// A value's date beside a speck read on its line, the speck first in line order, still stands
// for the line: its caption printed lower ("Né le" under a blurred licence's portrait speck
// "a,") stays on the date's line (the runs of the first generator's licence front, seed 22007,
// as segmented).
func TestAssignLinesValueAfterSpeck(t *testing.T) {
	r := image.Rect
	segs := []segment{
		{box: r(41, 92, 332, 112)},
		{box: r(42, 50, 383, 74)},
		{box: r(50, 186, 53, 195)},
		{box: r(75, 389, 85, 397)},
		{box: r(78, 375, 89, 383)},
		{box: r(86, 406, 92, 414)},
		{box: r(98, 263, 113, 276)},
		{box: r(103, 222, 153, 252)},
		{box: r(208, 219, 310, 277)},
		{box: r(250, 401, 258, 416)},
		{box: r(251, 280, 269, 292)},
		{box: r(263, 408, 299, 463)},
		{box: r(283, 335, 308, 384)},
		{box: r(286, 283, 301, 313)},
		{box: r(293, 313, 298, 320)},
		{box: r(302, 390, 307, 405)},
		{box: r(354, 438, 440, 453)},
		{box: r(354, 490, 504, 505)},
		{box: r(354, 390, 442, 403)},
		{box: r(355, 291, 401, 305)},
		{box: r(355, 343, 364, 354)},
		{box: r(356, 193, 397, 206)},
		{box: r(356, 242, 424, 256)},
		{box: r(379, 333, 581, 356)},
		{box: r(413, 186, 538, 208)},
		{box: r(418, 284, 585, 307)},
		{box: r(440, 235, 561, 257)},
		{box: r(457, 432, 624, 454)},
		{box: r(460, 383, 617, 406)},
		{box: r(520, 481, 687, 504)},
		{box: r(724, 50, 972, 83)},
		{box: r(794, 92, 973, 120)},
		{box: r(810, 333, 974, 363)},
		{box: r(880, 186, 975, 215)},
		{box: r(904, 245, 975, 265)},
	}
	line := map[image.Rectangle]int{}
	for _, s := range assignLines(segs) {
		line[s.box] = s.line
	}
	if line[r(355, 291, 401, 305)] != line[r(418, 284, 585, 307)] {
		t.Errorf("Né le and its date on lines %d and %d", line[r(355, 291, 401, 305)], line[r(418, 284, 585, 307)])
	}
}
