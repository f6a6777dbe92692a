package document

import (
	"math"
	"testing"

	"gocv.io/x/gocv"
)

func TestOutlineFromMRZ(t *testing.T) {
	// A TD1 zone at 10 px/mm: 30 cells of 25.4 px, three lines 12 mm tall in all.
	upright := [4][2]float64{{100, 500}, {862, 500}, {862, 620}, {100, 620}}
	turned := [4][2]float64{upright[2], upright[3], upright[0], upright[1]} // photo upside down
	tests := []struct {
		name   string
		zone   [4][2]float64
		width  int
		ok     bool
		centre gocv.Point2f // of the outline
		w, h   float64      // outline side lengths
	}{
		{"TD1 upright", upright, 30, true, gocv.Point2f{X: 481, Y: 620 - 270 + 0.07*540}, 856 * 1.06, 540 * 1.06},
		{"TD1 upside down", turned, 30, true, gocv.Point2f{X: 481, Y: 500 + 270 - 0.07*540}, 856 * 1.06, 540 * 1.06},
		{"unknown line length", upright, 31, false, gocv.Point2f{}, 0, 0},
		{"degenerate", [4][2]float64{}, 30, false, gocv.Point2f{}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, ok := OutlineFromMRZ(tt.zone, tt.width)
			if ok != tt.ok {
				t.Fatalf("ok %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			var cx, cy float32
			for _, p := range q {
				cx, cy = cx+p.X/4, cy+p.Y/4
			}
			if math.Abs(float64(cx-tt.centre.X)) > 1 || math.Abs(float64(cy-tt.centre.Y)) > 1 {
				t.Errorf("centre (%.1f, %.1f), want (%.1f, %.1f)", cx, cy, tt.centre.X, tt.centre.Y)
			}
			if w, h := dist(q[0], q[1]), dist(q[1], q[2]); math.Abs(w-tt.w) > 1 || math.Abs(h-tt.h) > 1 {
				t.Errorf("sides %.1f × %.1f, want %.1f × %.1f", w, h, tt.w, tt.h)
			}
			// The outline reads as the MRZ does: its top edge is on the side away from the MRZ.
			top := (q[0].Y + q[1].Y) / 2
			if (tt.zone[0][1] < tt.zone[2][1]) != (top < float32(tt.zone[0][1])) {
				t.Errorf("outline %v does not read as the zone %v", q, tt.zone)
			}
		})
	}
}
