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
