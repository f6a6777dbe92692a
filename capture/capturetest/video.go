package capturetest

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"gocv.io/x/gocv"
)

// Frame size of the rendered videos.
const (
	Width  = 640
	Height = 480
)

// write renders n frames with draw into an MJPG .avi in t's temp dir.
func write(t testing.TB, name string, n int, draw func(i int, m *gocv.Mat)) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	w, err := gocv.VideoWriterFile(p, "MJPG", 25, Width, Height, true)
	if err != nil {
		t.Fatalf("creating %s: %v", name, err)
	}
	defer w.Close()
	m := gocv.NewMatWithSize(Height, Width, gocv.MatTypeCV8UC3)
	defer m.Close()
	for i := range n {
		draw(i, &m)
		if err := w.Write(m); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// table paints the dark wooden-table background with a little texture, so edges and
// sharpness are not trivially clean.
func table(m *gocv.Mat) {
	m.SetTo(gocv.NewScalar(38, 46, 58, 0))
	for y := 0; y < Height; y += 24 {
		gocv.Line(m, image.Pt(0, y), image.Pt(Width, y+6), color.RGBA{30, 38, 48, 0}, 2)
	}
}

// CardVideo is a light ID-1 card (85.6 × 54 mm, aspect 1.586) with printed lines sliding in
// from the left over moving frames and then lying still for still frames.
func CardVideo(t testing.TB, moving, still int) string {
	const cw, ch = 412, 260
	final := image.Pt((Width-cw)/2, (Height-ch)/2)
	return write(t, "card.avi", moving+still, func(i int, m *gocv.Mat) {
		table(m)
		x := final.X
		if i < moving {
			x = -cw + (final.X+cw)*i/moving
		}
		card := image.Rect(x, final.Y, x+cw, final.Y+ch)
		gocv.Rectangle(m, card, color.RGBA{228, 232, 236, 0}, -1)
		gocv.Rectangle(m, image.Rect(x+20, final.Y+50, x+120, final.Y+180), color.RGBA{150, 160, 170, 0}, -1) // portrait
		for k, s := range []string{"REPUBLIQUE", "NOM: DUPONT", "PRENOM: MARIE", "NE LE 01.02.1990", "N 123456789"} {
			gocv.PutText(m, s, image.Pt(x+140, final.Y+50+k*34), gocv.FontHersheySimplex, 0.6, color.RGBA{30, 30, 40, 0}, 1)
		}
	})
}

// FacePhoto is the face-api demo photo (created by `make setup`); tests skip without it.
func FacePhoto(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"models/face-api/demo/sample1.jpg", "../models/face-api/demo/sample1.jpg",
		"../../models/face-api/demo/sample1.jpg", "../../../models/face-api/demo/sample1.jpg"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("models/face-api/demo/sample1.jpg is missing: run `make setup` to fetch the models and demo photos")
	return ""
}

// FaceVideo shows the head-and-shoulders crop of the face in sample1.jpg sliding in from the
// right over moving frames, then held still (with a 1 px jitter, like a person) for still frames.
func FaceVideo(t testing.TB, moving, still int) string {
	roi, closeROI := faceCrop(t)
	defer closeROI()
	face := gocv.NewMat()
	defer face.Close()
	gocv.Resize(roi, &face, image.Pt(400, 400), 0, 0, gocv.InterpolationArea)
	final := image.Pt((Width-400)/2, (Height-400)/2)
	return write(t, "face.avi", moving+still, func(i int, m *gocv.Mat) {
		m.SetTo(gocv.NewScalar(200, 200, 200, 0))
		x := final.X + i%2
		if i < moving {
			x = Width - (Width-final.X)*i/moving
		}
		paste(face, m, image.Pt(x, final.Y))
	})
}

// portraits are single-person portraits, preferred over the first demo photo: its larger face
// wears face paint, on which the Haar eye cascade flickers.
// Each comes with a square head-and-shoulders crop around its face.
var portraits = []struct {
	path string
	crop image.Rectangle
}{
	{"shared/testdata/faces/obama/obama-1.jpg", image.Rect(190, 0, 790, 600)},
	// Without the shared data (CI): the one face of the second demo photo, unpainted, which
	// the Haar face and eye cascades find steadily (face (1404,164)-(1640,400), both eyes).
	{"models/face-api/demo/sample2.jpg", image.Rect(1232, 0, 1812, 580)},
}

// faceCrop returns a square head-and-shoulders crop and a function that frees it.
func faceCrop(t testing.TB) (gocv.Mat, func()) {
	t.Helper()
	for _, p := range portraits {
		for _, up := range []string{"../", "../../", "../../../", "../../../../"} {
			photo := gocv.IMRead(up+p.path, gocv.IMReadColor)
			if photo.Empty() || !p.crop.In(image.Rect(0, 0, photo.Cols(), photo.Rows())) {
				photo.Close()
				continue
			}
			roi := photo.Region(p.crop)
			return roi, func() { roi.Close(); photo.Close() }
		}
	}
	photo := gocv.IMRead(FacePhoto(t), gocv.IMReadColor)
	if photo.Empty() {
		photo.Close()
		t.Fatal("cannot read the face photo")
	}
	// The larger face of sample1.jpg is at (366,365)-(608,607); keep a margin around it.
	roi := photo.Region(image.Rect(197, 196, 777, 776))
	return roi, func() { roi.Close(); photo.Close() }
}

// paste copies src onto dst at p, clipped to dst.
func paste(src gocv.Mat, dst *gocv.Mat, p image.Point) {
	r := image.Rect(p.X, p.Y, p.X+src.Cols(), p.Y+src.Rows()).Intersect(image.Rect(0, 0, dst.Cols(), dst.Rows()))
	if r.Empty() {
		return
	}
	s := src.Region(r.Sub(p))
	defer s.Close()
	d := dst.Region(r)
	defer d.Close()
	s.CopyTo(&d)
}
