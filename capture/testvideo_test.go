package capture

import (
	"image"
	"image/color"
	"path/filepath"
	"testing"

	"gocv.io/x/gocv"
)

// writeTestVideo renders n frames of a moving light rectangle on a dark background into an
// MJPG .avi in the test's temp dir.
func writeTestVideo(t testing.TB, n int, fps float64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "moving.avi")
	w, err := gocv.VideoWriterFile(p, "MJPG", fps, 320, 240, true)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	m := gocv.NewMatWithSize(240, 320, gocv.MatTypeCV8UC3)
	defer m.Close()
	for i := range n {
		m.SetTo(gocv.NewScalar(30, 30, 30, 0))
		x := (i * 7) % 200
		gocv.Rectangle(&m, image.Rect(x, 60, x+100, 123), color.RGBA{230, 230, 220, 0}, -1)
		gocv.PutText(&m, "ID", image.Pt(x+10, 90), gocv.FontHersheySimplex, 0.6, color.RGBA{20, 20, 20, 0}, 1)
		if err := w.Write(m); err != nil {
			t.Fatal(err)
		}
	}
	return p
}
