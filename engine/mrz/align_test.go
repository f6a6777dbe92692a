package mrz

import (
	"math"
	"testing"
)

// synthLine is a chain of n character blobs at pitch 20 from x, with extra blobs at the given
// offsets (in pitches from x) added.
func synthLine(x float64, n int, y int, extra ...float64) textLine {
	var comps []comp
	add := func(cx float64) {
		comps = append(comps, comp{int(cx) - 6, y, int(cx) + 6, y + 20})
	}
	for _, e := range extra {
		if e < 0 {
			add(x + 20*e)
		}
	}
	for i := range n {
		add(x + 20*float64(i))
	}
	for _, e := range extra {
		if e >= 0 {
			add(x + 20*e)
		}
	}
	return textLine{comps: comps, capH: 20, a: float64(y + 10), pitch: 20, x0: comps[0].cx(), x1: comps[len(comps)-1].cx()}
}

func TestGroupAlignment(t *testing.T) {
	tests := []struct {
		name   string
		lines  []textLine
		starts []float64 // the x where each line's grid must start
	}{
		{"aligned lines stay", []textLine{synthLine(100, 30, 0), synthLine(100, 30, 40), synthLine(100, 30, 80)}, []float64{100, 100, 100}},
		{"speck after a line's end is dropped, not its first character",
			[]textLine{synthLine(100, 30, 0, 31), synthLine(100, 30, 40), synthLine(100, 30, 80)}, []float64{100, 100, 100}},
		{"a line that lost its first character starts with the others",
			[]textLine{synthLine(100, 30, 0), synthLine(100, 30, 40), synthLine(120, 29, 80)}, []float64{100, 100, 100}},
		{"lost first character and a speck beyond the end",
			[]textLine{synthLine(100, 30, 0), synthLine(100, 30, 40), synthLine(120, 29, 80, 30.4)}, []float64{100, 100, 100}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var groups []lineGroup
			for _, g := range mrzGroups(tc.lines) {
				if len(g.lines) == len(tc.lines) {
					groups = append(groups, g)
				}
			}
			if len(groups) == 0 {
				t.Fatal("no group of all the lines")
			}
			for i, l := range groups[0].lines {
				if c := cellCentres(l, 30); math.Abs(c[0]-tc.starts[i]) > 3 || math.Abs(c[29]-(tc.starts[i]+29*20)) > 3 {
					t.Errorf("line %d: cells %.1f…%.1f, want %.1f…%.1f", i, c[0], c[29], tc.starts[i], tc.starts[i]+29*20)
				}
			}
		})
	}
}

// A lone licence line with a speck at its left is read under both trims.
func TestOtherTrims(t *testing.T) {
	l := synthLine(100, 30, 0, -1)
	g, ok := trimTo([]textLine{l}, 30)
	if !ok {
		t.Fatal("line not trimmed to 30")
	}
	alts := otherTrims(l, g[0], 30)
	starts := map[float64]bool{g[0].x0: true}
	for _, a := range alts {
		starts[a.x0] = true
	}
	if !starts[100] || !starts[80] {
		t.Errorf("trims start at %v, want both 80 (speck kept) and 100 (speck dropped)", starts)
	}
}
