package document

import (
	"context"
	"testing"

	"gocv.io/x/gocv"
)

func TestFullFrame(t *testing.T) {
	tests := []struct {
		w, h int
		ok   bool
	}{
		{1012, 638, true},   // a scanned ID-1 card
		{1250, 880, true},   // a scanned passport page
		{1000, 1000, false}, // square: not a document
		{1600, 600, false},  // a banner
	}
	for _, tt := range tests {
		m := gocv.NewMatWithSize(tt.h, tt.w, gocv.MatTypeCV8U)
		q, ok := fullFrame(m)
		m.Close()
		if ok != tt.ok {
			t.Errorf("%dx%d: ok %v, want %v", tt.w, tt.h, ok, tt.ok)
		}
		if ok && (q[0] != gocv.Point2f{} || q[2] != gocv.Point2f{X: float32(tt.w), Y: float32(tt.h)}) {
			t.Errorf("%dx%d: outline %v", tt.w, tt.h, q)
		}
	}
}

// A blank card-shaped photo has no outline and reads nothing: it is not a document.
func TestReadSideBlankIsNotFound(t *testing.T) {
	m := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(255, 255, 255, 0), 638, 1012, gocv.MatTypeCV8U)
	defer m.Close()
	r := NewReader(nil, nil)
	s, err := r.ReadSide(context.Background(), m, "cin", "MA")
	if err != nil || s.Found {
		t.Fatalf("blank: found %v, err %v", s.Found, err)
	}
}
