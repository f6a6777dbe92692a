package mrz

import (
	"math"
	"testing"
)

func TestWithUpright(t *testing.T) {
	deg := math.Pi / 180
	for _, tc := range []struct {
		name      string
		in        []float64
		wantAdded bool
	}{
		{"none estimated", nil, true},
		{"a column of labels outvoted the line", []float64{104 * deg, 79 * deg}, true},
		{"horizontal estimated", []float64{1 * deg}, false},
		{"just under π is horizontal too", []float64{90 * deg, 178 * deg}, false},
		{"tilted photo", []float64{12 * deg}, true},
	} {
		got := withUpright(tc.in)
		added := len(got) == len(tc.in)+1 && got[len(got)-1] == 0
		if added != tc.wantAdded || !added && len(got) != len(tc.in) {
			t.Errorf("%s: withUpright(%v) = %v", tc.name, tc.in, got)
		}
	}
}
