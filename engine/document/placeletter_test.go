package document

import (
	"image"
	"testing"
)

func TestDropPlaceLetterAboveBirth(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(270, 260, 330, 290), Text: "A"},                 // 0: a portrait speck read "A"
		{Box: image.Rect(390, 400, 610, 416), Text: "DATE DE NAISSANCE"}, // 1
		{Box: image.Rect(390, 440, 410, 456), Text: "à"},                 // 2: under the birth caption
		{Box: image.Rect(620, 400, 640, 416), Text: "à"},                 // 3: on its row
	}
	isLabel := []bool{true, true, true, true}
	found := []labelled{
		{seg: 0, field: "place_of_birth", letter: true},
		{seg: 1, field: "date_of_birth"},
		{seg: 2, field: "place_of_birth", letter: true},
		{seg: 3, field: "place_of_birth", letter: true},
	}
	got := dropPlaceLetterAboveBirth(found, segs, isLabel)
	if len(got) != 3 || got[0].seg != 1 || got[1].seg != 2 || got[2].seg != 3 {
		t.Errorf("got %+v, want the captions of segments 1, 2, 3", got)
	}
	if isLabel[0] || !isLabel[1] || !isLabel[2] {
		t.Errorf("isLabel %v: the speck's run is no caption any more", isLabel)
	}
	// Without a birth caption nothing tells where the "à" should stand.
	found = []labelled{{seg: 0, field: "place_of_birth", letter: true}}
	if got := dropPlaceLetterAboveBirth(found, segs, []bool{true, true, true, true}); len(got) != 1 {
		t.Errorf("without a birth caption: %+v", got)
	}
}
