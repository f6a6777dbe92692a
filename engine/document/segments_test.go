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
