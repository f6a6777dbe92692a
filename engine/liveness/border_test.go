package liveness

import (
	"image"
	"image/color"
	"testing"

	"gocv.io/x/gocv"
)

// TestBorder: the sides of a frame around the face are counted; lines that do not frame
// the face (beside it but not spanning its row, across the whole image, or the image's own
// edge) are not.
func TestBorder(t *testing.T) {
	const W, H = 640, 480
	face := image.Rect(260, 160, 380, 300)
	white := color.RGBA{230, 230, 230, 0}
	for _, c := range []struct {
		name  string
		lines [][2]image.Point
		want  float64
	}{
		{"none", nil, 0},
		{"full frame", [][2]image.Point{{{60, 40}, {580, 40}}, {{60, 440}, {580, 440}}, {{60, 40}, {60, 440}}, {{580, 40}, {580, 440}}}, 1},
		{"door post on the left", [][2]image.Point{{{120, 0}, {120, 400}}}, 0.25},
		{"line across the whole frame", [][2]image.Point{{{120, 0}, {120, 479}}}, 0},
		{"short line beside the face", [][2]image.Point{{{120, 10}, {120, 120}}}, 0},
		{"image edge", [][2]image.Point{{{1, 0}, {1, 479}}}, 0},
		{"top and bottom", [][2]image.Point{{{100, 60}, {540, 60}}, {{100, 420}, {540, 420}}}, 0.5},
	} {
		t.Run(c.name, func(t *testing.T) {
			img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(60, 60, 60, 0), H, W, gocv.MatTypeCV8U)
			defer img.Close()
			gocv.Ellipse(&img, image.Pt(320, 230), image.Pt(60, 75), 0, 0, 360, color.RGBA{150, 150, 150, 0}, -1)
			for _, l := range c.lines {
				gocv.Line(&img, l[0], l[1], white, 3)
			}
			if got := border(img, face); got != c.want {
				t.Errorf("border = %v, want %v", got, c.want)
			}
		})
	}
}
