package document

import (
	"image"
	"testing"
)

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

// A date beside its caption misread past parsing is read once more; the new reading is kept
// only when it is a date.
func TestValueNearRereadsAMisreadDate(t *testing.T) {
	for _, tt := range []struct {
		again, want string
	}{{"19.12.2035", "19.12.2035"}, {"1951252O35", "1951252035"}} {
		segs := []Segment{
			{Line: 10, Box: image.Rect(355, 402, 391, 417), Text: "4b.", Conf: 0.9},
			{Line: 10, Box: image.Rect(418, 396, 592, 418), Text: "1951252035", Conf: 0.4},
		}
		resolve := func(i int) error {
			if segs[i].misread {
				segs[i].Text = tt.again
			}
			return nil
		}
		j, err := valueNear(segs, []bool{true, false}, labelled{seg: 0, field: "expiry_date"}, resolve)
		if err != nil || j != 1 || segs[1].Text != tt.want || segs[1].misread {
			t.Errorf("read again as %q: segment %d %q (%v), want 1 %q", tt.again, j, segs[1].Text, err, tt.want)
		}
	}
	// Under a stacked caption ("Date de délivrance" over "11212025" for 11.11.2025).
	segs := []Segment{
		{Line: 5, Box: image.Rect(50, 144, 362, 157), Text: "Date de délivrance / Date of issue", Conf: 0.9},
		{Line: 6, Box: image.Rect(51, 173, 230, 196), Text: "11212025", Conf: 0.46},
	}
	resolve := func(i int) error {
		if segs[i].misread {
			segs[i].Text, segs[i].Conf, segs[i].reread = "11 11 2025", 0.91, true
		}
		return nil
	}
	j, err := valueNear(segs, []bool{true, false}, labelled{seg: 0, field: "issue_date"}, resolve)
	if err != nil || j != 1 || segs[1].Text != "11 11 2025" {
		t.Errorf("under its caption: segment %d %q (%v), want 1 \"11 11 2025\"", j, segs[1].Text, err)
	}
}

// A value read with a doubtful confidence is read once more; the new reading is kept when it
// is a value of the field read with more confidence.
func TestReadAgain(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		conf       float64
		again      string
		againConf  float64
		want       string
		readsAgain bool
	}{
		{"doubtful, read better", "ELELE", 0.39, "LILLE", 0.9, "LILLE", true},
		{"doubtful, read worse", "ELELE", 0.39, "LILLE", 0.2, "ELELE", true},
		{"doubtful, read as no name", "ELELE", 0.39, "12", 0.9, "ELELE", true},
		{"sure", "LILLE", 0.9, "LYON", 0.95, "LILLE", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			segs := []Segment{{Line: 3, Box: image.Rect(38, 502, 118, 523), Text: tt.text, Conf: tt.conf}}
			read := false
			resolve := func(i int) error {
				if segs[i].misread {
					read = true
					segs[i].Text, segs[i].Conf, segs[i].reread = tt.again, tt.againConf, true
				}
				return nil
			}
			if err := readAgain(segs, "place_of_birth", 0, resolve); err != nil {
				t.Fatal(err)
			}
			if segs[0].Text != tt.want || read != tt.readsAgain || segs[0].misread {
				t.Errorf("%q, read again %v; want %q, %v", segs[0].Text, read, tt.want, tt.readsAgain)
			}
		})
	}
}

// A caption's colon set apart is a pending speck beside it: once read as a colon (or a dot,
// or nothing), the value is the run beside the speck. Before, the speck was the value and the
// field was lost ("Prénom" · ":" · "SAID", "Lieu de naissance" · "." · "NADOR").
func TestValueNearSkipsTheColon(t *testing.T) {
	seg := func(x0, x1 int, text string, pending bool) Segment {
		return Segment{Line: 4, Box: image.Rect(x0, 218, x1, 238), Text: text, Conf: 0.9, pending: pending}
	}
	for _, tt := range []struct {
		read string // what the speck reads
		want int
	}{{":", 2}, {".", 2}, {"", 2}, {"J", 1}} {
		segs := []Segment{seg(351, 424, "Prénom", false), seg(432, 435, "", true), seg(452, 514, "SAID", false)}
		resolve := func(i int) error {
			if segs[i].pending {
				segs[i].Text, segs[i].pending = tt.read, false
			}
			return nil
		}
		j, err := valueNear(segs, []bool{true, false, false}, labelled{seg: 0, field: "first_name"}, resolve)
		if err != nil || j != tt.want {
			t.Errorf("speck read %q: value segment %d (%v), want %d", tt.read, j, err, tt.want)
		}
	}
}

// A speck taller than the caption beside it is the portrait's edge, not the caption's colon:
// the value is not looked for past it ("(A" · "£ |" · "ZIANI").
func TestValueNearStopsAtATallSpeck(t *testing.T) {
	segs := []Segment{
		{Line: 5, Box: image.Rect(169, 277, 190, 292), Text: "(A", Conf: 0.69},
		{Line: 5, Box: image.Rect(283, 280, 316, 317), pending: true},
		{Line: 5, Box: image.Rect(357, 258, 456, 281), Text: "ZIANI", Conf: 0.92},
	}
	resolve := func(i int) error {
		if segs[i].pending {
			segs[i].Text, segs[i].Conf, segs[i].pending = "£ |", 0.62, false
		}
		return nil
	}
	j, err := valueNear(segs, []bool{true, false, false}, labelled{seg: 0, field: "place_of_birth", letter: true}, resolve)
	if err != nil || j == 2 {
		t.Errorf("value segment %d (%v): the surname past a tall speck", j, err)
	}
}

func TestDropCaptionHead(t *testing.T) {
	for _, tt := range []struct{ field, in, want string }{
		{"place_of_birth", "birth TOULOUSE", "TOULOUSE"},
		{"first_name", "names SOPHIE MARIE", "SOPHIE MARIE"},
		{"place_of_birth", "of birth SAINT-ÉTIENNE", "SAINT-ÉTIENNE"},
		{"place_of_birth", "TOULOUSE", "TOULOUSE"},
		{"place_of_birth", "birth", "birth"},                   // nothing after it
		{"place_of_birth", "birth toulouse", "birth toulouse"}, // no capitals: not a value
		{"last_name", "x OUJDA", "x OUJDA"},                    // a letter: a speck, another rule's
		{"address", "rue PASTEUR", "rue PASTEUR"},              // names and places only
	} {
		if got := dropCaptionHead(tt.field, tt.in); got != tt.want {
			t.Errorf("dropCaptionHead(%q, %q) = %q, want %q", tt.field, tt.in, got, tt.want)
		}
	}
}
