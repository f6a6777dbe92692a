package session

import (
	"fmt"
	"image"
	"math"
	"path/filepath"

	"gocv.io/x/gocv"
)

// DefaultCascadeDir is where Debian's opencv-data installs the Haar cascades.
const DefaultCascadeDir = "/usr/share/opencv4/haarcascades"

// faceGate holds the Haar cascades of one auto-capture worker (a CascadeClassifier is not
// shared between goroutines). This is only a capture gate; the face engine judges identity.
type faceGate struct {
	face, eye gocv.CascadeClassifier
}

func newFaceGate(dir string) (*faceGate, error) {
	g := &faceGate{face: gocv.NewCascadeClassifier(), eye: gocv.NewCascadeClassifier()}
	for _, c := range []struct {
		cc   *gocv.CascadeClassifier
		file string
	}{{&g.face, "haarcascade_frontalface_default.xml"}, {&g.eye, "haarcascade_eye.xml"}} {
		if !c.cc.Load(filepath.Join(dir, c.file)) {
			g.Close()
			return nil, fmt.Errorf("%w: cannot load %s from %s (install opencv-data)", ErrGateUnavailable, c.file, dir)
		}
	}
	return g, nil
}

func (g *faceGate) Close() {
	g.face.Close()
	g.eye.Close()
}

// faceResult is the face gate's view of one frame.
type faceResult struct {
	faces     []image.Rectangle
	eyes      int
	sharpness float64
	bright    float64
}

// analyze finds faces on the equalized gray frame and, when there is exactly one, counts the
// eyes in its upper half (the eye cascade finds open eyes, rarely closed ones).
func (g *faceGate) analyze(gray gocv.Mat) faceResult {
	eq := gocv.NewMat()
	defer eq.Close()
	gocv.EqualizeHist(gray, &eq)
	minSide := gray.Cols() / 8
	res := faceResult{faces: g.face.DetectMultiScaleWithParams(eq, 1.1, 5, 0, image.Pt(minSide, minSide), image.Pt(0, 0))}
	if len(res.faces) != 1 {
		res.bright = gray.Mean().Val1
		return res
	}
	f := res.faces[0].Intersect(image.Rect(0, 0, gray.Cols(), gray.Rows()))
	face := gray.Region(f)
	defer face.Close()
	res.sharpness = sharpness(face)
	res.bright = face.Mean().Val1
	upper := eq.Region(image.Rect(f.Min.X, f.Min.Y, f.Max.X, f.Min.Y+f.Dy()*11/20))
	defer upper.Close()
	eyeMin := max(f.Dx()/10, 8)
	res.eyes = len(g.eye.DetectMultiScaleWithParams(upper, 1.1, 4, 0, image.Pt(eyeMin, eyeMin), image.Pt(f.Dx()/2, f.Dx()/2)))
	return res
}

// faceFeedback turns a measurement into what the customer should do; empty means it passes.
func faceFeedback(r faceResult, w, h int, th Thresholds) []string {
	switch {
	case len(r.faces) == 0 && r.bright < th.MinBrightness/2:
		return []string{FbTooDark}
	case len(r.faces) == 0:
		return []string{FbNoFace}
	case len(r.faces) > 1:
		return []string{FbSeveralFaces}
	}
	f := r.faces[0]
	var fb []string
	if float64(f.Dx())/float64(w) < th.MinFaceWidth {
		fb = append(fb, FbMoveCloser)
	}
	c := f.Min.Add(f.Max).Div(2)
	if math.Hypot(float64(c.X-w/2), float64(c.Y-h/2))/float64(w) > th.MaxFaceOffset {
		fb = append(fb, FbCenterFace)
	}
	if r.bright < th.MinBrightness {
		fb = append(fb, FbTooDark)
	}
	if r.eyes < 1 {
		fb = append(fb, FbEyesClosed)
	}
	if r.sharpness < th.MinFaceSharpness {
		fb = append(fb, FbTooBlurry)
	}
	return fb
}

// rectCorners lets the stability test treat a face box like a document quad.
func rectCorners(r image.Rectangle) []image.Point {
	return []image.Point{r.Min, {r.Max.X, r.Min.Y}, r.Max, {r.Min.X, r.Max.Y}}
}
