package face

import (
	"fmt"

	"gocv.io/x/gocv"
)

// Landmarks are the 68 iBUG/dlib points in source image pixels.
type Landmarks [68]Point

// Index ranges of the iBUG 68-point scheme used for alignment.
var (
	leftEyePoints  = [2]int{36, 42}
	rightEyePoints = [2]int{42, 48}
	mouthPoints    = [2]int{48, 68}
)

func (l *Landmarks) part(r [2]int) []Point { return l[r[0]:r[1]] }

// landmarks runs the 68-point network on the detection box as face-api does: the box is
// clipped to the image, zero-padded to a centered square and resized to 112×112; outputs
// are relative to that square.
func (m *Models) landmarks(img gocv.Mat, det Box) (Landmarks, error) {
	r := det.clip(img.Cols(), img.Rows())
	blob, side, err := squareBlob(img, r, landmarkInput, descriptorNorm, true)
	if err != nil {
		return Landmarks{}, fmt.Errorf("preparing landmark input: %w", err)
	}
	defer blob.Close()
	out, err := m.landmark.Forward(blob)
	if err != nil {
		return Landmarks{}, fmt.Errorf("running landmark network: %w", err)
	}
	if len(out.Data) != 136 {
		return Landmarks{}, fmt.Errorf("landmark output shape %v", out.Shape)
	}
	s := float64(side)
	offX := float64(r.Min.X) - float64((side-r.Dx())/2)
	offY := float64(r.Min.Y) - float64((side-r.Dy())/2)
	var l Landmarks
	for i := range l {
		l[i] = Point{X: float64(out.Data[2*i])*s + offX, Y: float64(out.Data[2*i+1])*s + offY}
	}
	return l, nil
}

// squareAround is the square centered on the landmarks' bounding box with side k times its
// longer edge.
func (l *Landmarks) squareAround(k float64) Box {
	minX, minY, maxX, maxY := l[0].X, l[0].Y, l[0].X, l[0].Y
	for _, p := range l {
		minX, minY, maxX, maxY = min(minX, p.X), min(minY, p.Y), max(maxX, p.X), max(maxY, p.Y)
	}
	s := k * max(maxX-minX, maxY-minY)
	return Box{X: (minX+maxX)/2 - s/2, Y: (minY+maxY)/2 - s/2, W: s, H: s}
}
