package liveness

import (
	"fmt"
	"image"
	"math"
	"sync"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
)

// Cues are the image measurements the passive decision combines with the networks.
type Cues struct {
	// Periodicity: spectral peak excess on the skin patch (screen grid, moiré, halftone).
	Periodicity float64 `json:"periodicity"`
	// Glare: share of the face box that is saturated (screen or glossy-print reflection).
	Glare float64 `json:"glare"`
	// Sharpness: variance of the Laplacian of the face resized to 128×128 (gray 0..255).
	Sharpness float64 `json:"sharpness"`
	// Saturation: mean HSV saturation of the face (0..1); prints and screens wash it out.
	Saturation float64 `json:"saturation"`
	// FaceWidth: the landmarks' width as a share of the image width.
	FaceWidth float64 `json:"face_width"`
	// EyeAspect: mean eye aspect ratio (≈0.3 open, < 0.15 closed).
	EyeAspect float64 `json:"eye_aspect"`
	// Faces: how many faces the detector found.
	Faces int `json:"faces"`
	// Closure, DarkLevel: see context_cues.go.
	Closure   float64 `json:"closure"`
	DarkLevel float64 `json:"dark_level"`
	// Brisque: OpenCV's BRISQUE score of the face (0 best … 100 worst; brisque.go).
	Brisque float64 `json:"brisque"`
	// Border: share of the face's four sides closed by a long straight edge (border.go).
	Border float64 `json:"border"`
	// Halftone: spectral peak excess common to a grid of patches around the face (a print's
	// halftone screen; halftone.go).
	Halftone float64 `json:"halftone"`
	// FaceEdge, RingEdge: the sharpness of the face's edges and of its surroundings' (a
	// cut-out in focus before a defocused scene; defocus.go); 0 when not measurable.
	FaceEdge float64 `json:"face_edge"`
	RingEdge float64 `json:"ring_edge"`
	// Outline: the share of the head's top and sides along which the outermost in-focus
	// edge runs on unbroken at a nearly constant distance (a cut print's edge; outline.go).
	Outline float64 `json:"outline"`
}

// measureCues computes the cues of the face f in the BGR image.
func measureCues(bgr gocv.Mat, f *face.Face, faces int, bq *brisque) (Cues, error) {
	c := Cues{Faces: faces, EyeAspect: EyeAspectRatio(&f.Landmarks)}
	b := landmarkRect(&f.Landmarks).Intersect(image.Rect(0, 0, bgr.Cols(), bgr.Rows()))
	if b.Dx() < 8 || b.Dy() < 8 {
		return c, fmt.Errorf("%w: face box %v", ErrNoFace, b)
	}
	c.FaceWidth = float64(b.Dx()) / float64(bgr.Cols())
	gray := gocv.NewMat()
	defer gray.Close()
	gocv.CvtColor(bgr, &gray, gocv.ColorBGRToGray)
	// defocus is the costliest cue (gradients of the face's whole surroundings): it runs on
	// the second core while the others are measured. Both only read gray, which outlives
	// it on every return (the deferred Wait runs before gray's Close).
	var dfFace, dfRing, dfCut float64
	var dfOK bool
	var wg sync.WaitGroup
	wg.Go(func() { dfFace, dfRing, dfCut, dfOK = defocus(gray, b) })
	defer wg.Wait()
	// The skin patch: centered between the eyes and the mouth (nose, cheeks), away from
	// hair and background, whose textures can be periodic in a genuine photo.
	nose := f.Landmarks[30]
	p, err := periodicity(gray, image.Pt(int(nose.X), int(nose.Y)), b.Dx()*3/5)
	if err != nil {
		return c, err
	}
	c.Periodicity = p
	faceGray := gray.Region(b)
	defer faceGray.Close()
	c.Sharpness = laplacianVariance(faceGray)
	c.DarkLevel = darkLevel(faceGray)
	if c.Closure, err = closure(gray, b); err != nil {
		return c, err
	}
	c.Border = border(gray, b)
	if bq != nil {
		q, err := faceBrisque(bq, faceGray)
		if err != nil {
			return c, err
		}
		c.Brisque = q
	}
	if c.Halftone, err = halftone(gray, b); err != nil {
		return c, err
	}
	wg.Wait()
	c.Outline = dfCut
	if dfOK {
		c.FaceEdge, c.RingEdge = dfFace, dfRing
	}
	faceBGR := bgr.Region(b)
	defer faceBGR.Close()
	c.Glare, c.Saturation = glareAndSaturation(faceBGR)
	return c, nil
}

// landmarkRect is the 68 landmarks' bounding box.
func landmarkRect(l *face.Landmarks) image.Rectangle {
	minX, minY, maxX, maxY := l[0].X, l[0].Y, l[0].X, l[0].Y
	for _, p := range l {
		minX, minY, maxX, maxY = min(minX, p.X), min(minY, p.Y), max(maxX, p.X), max(maxY, p.Y)
	}
	return image.Rect(int(minX), int(minY), int(math.Ceil(maxX)), int(math.Ceil(maxY)))
}

// brisqueSide bounds the face's side for BRISQUE: larger faces are reduced (INTER_AREA)
// so the score compares faces at one scale and costs a few milliseconds.
const brisqueSide = 256

// faceBrisque is the BRISQUE score of the face's gray pixels.
func faceBrisque(bq *brisque, faceGray gocv.Mat) (float64, error) {
	m := gocv.NewMat()
	defer m.Close()
	if s := max(faceGray.Cols(), faceGray.Rows()); s > brisqueSide {
		k := float64(brisqueSide) / float64(s)
		gocv.Resize(faceGray, &m, image.Pt(max(int(float64(faceGray.Cols())*k), 16), max(int(float64(faceGray.Rows())*k), 16)), 0, 0, gocv.InterpolationArea)
	} else {
		faceGray.CopyTo(&m) // a continuous copy of the region
	}
	return bq.Score(m)
}

func laplacianVariance(gray gocv.Mat) float64 {
	small, lap := gocv.NewMat(), gocv.NewMat()
	defer small.Close()
	defer lap.Close()
	gocv.Resize(gray, &small, image.Pt(128, 128), 0, 0, gocv.InterpolationArea)
	gocv.Laplacian(small, &lap, gocv.MatTypeCV64F, 1, 1, 0, gocv.BorderDefault)
	mean, std := gocv.NewMat(), gocv.NewMat()
	defer mean.Close()
	defer std.Close()
	gocv.MeanStdDev(lap, &mean, &std)
	s := std.GetDoubleAt(0, 0)
	return s * s
}

// glareAndSaturation: the share of near-white pixels and the mean saturation.
func glareAndSaturation(bgr gocv.Mat) (glare, sat float64) {
	hsv := gocv.NewMat()
	defer hsv.Close()
	gocv.CvtColor(bgr, &hsv, gocv.ColorBGRToHSV)
	ch := gocv.Split(hsv)
	defer func() {
		for _, m := range ch {
			m.Close()
		}
	}()
	sat = ch[1].Mean().Val1 / 255
	bright := gocv.NewMat()
	defer bright.Close()
	gocv.Threshold(ch[2], &bright, 245, 255, gocv.ThresholdBinary)
	lowSat := gocv.NewMat()
	defer lowSat.Close()
	gocv.Threshold(ch[1], &lowSat, 40, 255, gocv.ThresholdBinaryInv)
	both := gocv.NewMat()
	defer both.Close()
	gocv.BitwiseAnd(bright, lowSat, &both)
	glare = float64(gocv.CountNonZero(both)) / float64(both.Rows()*both.Cols())
	return glare, sat
}
