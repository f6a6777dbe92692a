package document

import (
	"image"
	"image/color"
	"testing"

	"gocv.io/x/gocv"
)

// TestWidestGap: the word gap between two inked runs is found; gaps narrower than half the
// run's height, or at its ends, are not.
func TestWidestGap(t *testing.T) {
	for _, tt := range []struct {
		name     string
		inks     []image.Rectangle // black boxes on a white card
		box      image.Rectangle
		from, to int
		ok       bool
	}{
		{"word gap", []image.Rectangle{image.Rect(100, 50, 180, 80), image.Rect(186, 50, 200, 80), image.Rect(230, 50, 320, 80)}, image.Rect(95, 45, 325, 85), 201, 230, true}, // OpenCV fills a rectangle Max included
		{"letter gaps only", []image.Rectangle{image.Rect(100, 50, 180, 80), image.Rect(190, 50, 320, 80)}, image.Rect(95, 45, 325, 85), 0, 0, false},
		{"margins are no gap", []image.Rectangle{image.Rect(150, 50, 250, 80)}, image.Rect(95, 45, 325, 85), 0, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			card := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(255, 0, 0, 0), 200, 400, gocv.MatTypeCV8U)
			defer card.Close()
			for _, r := range tt.inks {
				gocv.Rectangle(&card, r, color.RGBA{}, -1)
			}
			from, to, ok := widestGap(card, tt.box)
			if ok != tt.ok || ok && (from != tt.from || to != tt.to) {
				t.Errorf("widestGap = %d, %d, %v; want %d, %d, %v", from, to, ok, tt.from, tt.to, tt.ok)
			}
		})
	}
}
