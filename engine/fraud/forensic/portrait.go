package forensic

import (
	"image"
	"math"

	"gocv.io/x/gocv"
)

// portraitScore compares the noise of the portrait with the noise of a ring of card around it.
// A portrait printed on the card went through the same camera as the card (same sensor noise,
// blur and compression); one pasted in digitally did not, so its noise is several times higher
// or lower. The portrait is geo's photo block or the largest face found on the reduced card;
// the noise is measured at full resolution. Returns 0 (and an empty box) when there is none.
func (a *Analyzer) portraitScore(v *view, known image.Rectangle) (float64, image.Rectangle) {
	face := known
	if face.Empty() {
		small, ok := a.largestFace(v.small)
		if !ok {
			return 0, image.Rectangle{}
		}
		face = v.toGrey(small)
	}
	if face.Dx() < 16 || face.Dy() < 16 {
		return 0, image.Rectangle{}
	}
	// The whole photo block is wider than the detected face: shrink to the face's inner part
	// and compare with a ring one face-width away, on the card only.
	inner := face.Inset(face.Dx() / 6)
	ring := face.Inset(-face.Dx() * 3 / 4).Intersect(v.card)
	in := noiseLevel(v.grey, inner, image.Rectangle{})
	out := noiseLevel(v.grey, ring, face.Inset(-face.Dx()/4))
	if in <= 0 || out <= 0 {
		return 0, face
	}
	return math.Max(in, out) / math.Min(in, out), face
}

// faceSide is the long side of the image the face is searched in: a card portrait's face is
// still 40 px or more there, and the cascade's time grows with the pixels.
const faceSide = 400

// largestFace returns the largest face in small, in small's pixels.
func (a *Analyzer) largestFace(small gocv.Mat) (image.Rectangle, bool) {
	f := math.Min(1, float64(faceSide)/float64(max(small.Cols(), small.Rows())))
	tiny := gocv.NewMat()
	defer tiny.Close()
	gocv.Resize(small, &tiny, image.Pt(int(float64(small.Cols())*f), int(float64(small.Rows())*f)), 0, 0, gocv.InterpolationArea)
	r, ok := a.detectFace(tiny)
	if !ok {
		return r, false
	}
	return image.Rect(int(float64(r.Min.X)/f), int(float64(r.Min.Y)/f), int(float64(r.Max.X)/f), int(float64(r.Max.Y)/f)), true
}

func (a *Analyzer) detectFace(small gocv.Mat) (image.Rectangle, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cascade == nil {
		return image.Rectangle{}, false
	}
	// A card's portrait face is at least an eighth of the card's height (a ghost image or a
	// face in the guilloche is smaller), and at least an eighth of a photo's short side when
	// the card was not located: smaller windows would triple the detector's time for nothing.
	minSide := max(20, small.Rows()/8)
	if small.Cols() < small.Rows() {
		minSide = max(20, small.Cols()/8)
	}
	faces := a.cascade.DetectMultiScaleWithParams(small, 1.1, 5, 0, image.Pt(minSide, minSide), image.Pt(0, 0))
	if len(faces) == 0 {
		return image.Rectangle{}, false
	}
	best := faces[0]
	for _, f := range faces[1:] {
		if f.Dx()*f.Dy() > best.Dx()*best.Dy() {
			best = f
		}
	}
	return best, true
}
