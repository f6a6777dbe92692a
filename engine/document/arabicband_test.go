package document

import (
	"image"
	"testing"
)

func TestValueBand(t *testing.T) {
	value := Segment{Box: image.Rect(61, 313, 230, 336), Text: "BENJELLOUN"} // 23 px high
	tests := []struct {
		name string
		box  image.Rectangle
		want image.Rectangle
		ok   bool
	}{
		// The caption above joined to the name: cut to the value's row and half its height
		// around it.
		{"grown into the caption above", image.Rect(600, 286, 832, 337), image.Rect(600, 302, 832, 337), true},
		{"a name's own height", image.Rect(600, 308, 700, 340), image.Rect(600, 308, 700, 340), false},
		{"off the value's row", image.Rect(600, 200, 700, 250), image.Rect(600, 200, 700, 250), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := valueBand(tt.box, []Segment{value}, 0)
			if got != tt.want || ok != tt.ok {
				t.Errorf("valueBand = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	if _, ok := valueBand(image.Rect(600, 286, 832, 337), nil, -1); ok {
		t.Error("a band without a value")
	}
}
