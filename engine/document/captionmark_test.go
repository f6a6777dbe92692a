package document

import (
	"image"
	"testing"
)

// TestUnreadStackedCaption: a licence's "Nom" stacked over the surname that read as nothing
// up front is read again before the captions are matched; the title above it does not take
// it for its value, and the surname is found under it. Read only when the title looked for
// its value, it was the title's value and the surname was lost; still unreadable, it is a
// lost caption (surnameAbove).
func TestUnreadStackedCaption(t *testing.T) {
	layout := func() []Segment {
		return []Segment{
			{Box: image.Rect(316, 86, 691, 108), Text: "PERMIS DE CONDUIRE", Line: 0, Conf: 0.93},
			{Box: image.Rect(344, 141, 377, 156), Line: 1}, // "Nom", read as nothing
			{Box: image.Rect(345, 174, 548, 199), Text: "EL IDRISSI", Line: 2, Conf: 0.92},
			{Box: image.Rect(345, 217, 412, 232), Text: "Prénom", Line: 3, Conf: 0.96},
			{Box: image.Rect(345, 251, 475, 275), Text: "MEHDI", Line: 4, Conf: 0.92},
			{Box: image.Rect(700, 600, 760, 612), Line: 5}, // read as nothing, over nothing
		}
	}
	for _, tt := range []struct {
		name   string
		reread string // what the second reading of the unread caption gives
		want   string
	}{
		{"reread", "Nom", "EL IDRISSI"},
		{"still unreadable", "", "EL IDRISSI"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			segs := layout()
			var read []int
			resolve := func(i int) error {
				if segs[i].Text != "" || segs[i].reread {
					return nil
				}
				segs[i].reread = true
				read = append(read, i)
				if i == 1 {
					segs[1].Text, segs[1].Conf = tt.reread, 0.9
				}
				return nil
			}
			out, _, err := extract(segs, "permit", resolve)
			if err != nil {
				t.Fatal(err)
			}
			if got := out["last_name"].Text; got != tt.want {
				t.Errorf("last_name %q, want %q (fields %v)", got, tt.want, out)
			}
			if got := out["first_name"].Text; got != "MEHDI" {
				t.Errorf("first_name %q, want MEHDI", got)
			}
			if len(read) == 0 || read[0] != 1 || len(read) > 1 && tt.reread != "" {
				t.Errorf("runs read again %v, want the caption [1] first", read)
			}
		})
	}
}

// TestUnreadCaptionBeside: the title over a surname whose caption beside it read as nothing
// takes the surname for its value, not the unread caption (nearer the line's start but
// farther below): read by the title, "Non:" was no mark of a lost caption any more and the
// surname was lost.
func TestUnreadCaptionBeside(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(349, 80, 665, 103), Text: "PERMIS DE CONDUIRE", Line: 1, Conf: 0.93},
		{Box: image.Rect(345, 147, 382, 160), Line: 2}, // "Non:", read as nothing
		{Box: image.Rect(406, 138, 503, 160), Text: "NACIRI", Line: 2, Conf: 0.87},
		{Box: image.Rect(346, 188, 413, 202), Text: "Prénon:", Line: 3, Conf: 0.84},
		{Box: image.Rect(436, 181, 518, 202), Text: "ZINEB", Line: 3, Conf: 0.90},
	}
	resolve := func(i int) error {
		if i == 1 && !segs[1].reread {
			segs[1].reread = true
			segs[1].Text, segs[1].Conf = "Non:", 0.76
		}
		return nil
	}
	out, _, err := extract(segs, "permit", resolve)
	if err != nil {
		t.Fatal(err)
	}
	if got := out["last_name"].Text; got != "NACIRI" {
		t.Errorf("last_name %q, want NACIRI (fields %v)", got, out)
	}
}

// TestInlineCaptionMark: the licence's small "à" set inline before the place, in the captions'
// column, is read before the captions are matched: a speck in the portrait read "À)" beside
// another ("PR", conf 0.16) no longer gives the place. A mark beside a value out of the
// captions' column (a speck by the portrait) is not read, and a mark that reads as anything but
// a small letter (a licence's "2." read "> À" or "r E") is left unread, as the fallbacks expect.
func TestInlineCaptionMark(t *testing.T) {
	for _, tt := range []struct{ reading, place string }{ // place "": the mark is left unread
		{"a", "OUJDA"},
		{"> À", ""},
		{"r E", ""},
	} {
		segs := []Segment{
			{Box: image.Rect(110, 228, 161, 258), Text: "À)", Conf: 0.0, Line: 2},
			{Box: image.Rect(217, 223, 261, 260), Text: "PR", Conf: 0.16, Line: 2},
			{Box: image.Rect(362, 305, 408, 320), Text: "Né le", Conf: 0.96, Line: 4},
			{Box: image.Rect(424, 300, 592, 321), Text: "25.09.1985", Conf: 0.96, Line: 4},
			{Box: image.Rect(361, 362, 370, 372), pending: true, Line: 5},
			{Box: image.Rect(386, 352, 483, 378), Text: "OUJDA", Conf: 0.82, Line: 5},
			{Box: image.Rect(296, 337, 316, 359), pending: true, Line: 5}, // a speck left of the column
			{Box: image.Rect(362, 411, 450, 425), Text: "Permis N°", Conf: 0.96, Line: 6},
			{Box: image.Rect(468, 405, 626, 428), Text: "29/420740", Conf: 0.91, Line: 6},
		}
		var read []int
		resolve := func(i int) error {
			if !segs[i].pending {
				return nil
			}
			read = append(read, i)
			segs[i].pending = false
			if i == 4 {
				segs[i].Text, segs[i].Conf = tt.reading, 0.96
			}
			return nil
		}
		if err := readCaptionMarks(segs, resolve); err != nil {
			t.Fatal(err)
		}
		if len(read) != 1 || read[0] != 4 { // not the speck out of the captions' column
			t.Errorf("mark read %q: marks read %v, want the caption mark [4]", tt.reading, read)
		}
		if unread := segs[4].pending && segs[4].Text == ""; unread != (tt.place == "") {
			t.Errorf("mark read %q: left as %q (pending %v)", tt.reading, segs[4].Text, segs[4].pending)
		}
		if tt.place != "" {
			out, _, err := extract(segs, "permit", resolve)
			if err != nil {
				t.Fatal(err)
			}
			if got := out["place_of_birth"].Text; got != tt.place {
				t.Errorf("mark read %q: place_of_birth %q, want %q", tt.reading, got, tt.place)
			}
		}
	}
}
