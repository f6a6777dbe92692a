package face

import (
	"fmt"
	"image"
	"math"

	"gocv.io/x/gocv"
)

// Descriptor is face-api's 128-d face embedding; same person ≈ small euclidean distance.
type Descriptor [descriptorSize]float32

// Distance is the euclidean distance between two descriptors.
func Distance(a, b *Descriptor) float64 {
	var s float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		s += d * d
	}
	return math.Sqrt(s)
}

// descriptor computes the embedding of the face whose landmarks are l on its aligned chip
// (see alignFrame), 150×150.
func (m *Models) descriptor(img gocv.Mat, l *Landmarks) (Descriptor, error) {
	f := newAlignFrame(l, m.cfg.Deroll)
	if f.side < 1 {
		return Descriptor{}, fmt.Errorf("degenerate landmarks (face side %.1f px)", f.side)
	}
	chip := alignedChip(img, f, descriptorInput)
	defer chip.Close()
	d, err := m.embed(chip)
	if err != nil || !m.cfg.FlipAverage {
		return d, err
	}
	flipped := gocv.NewMat()
	defer flipped.Close()
	gocv.Flip(chip, &flipped, 1)
	e, err := m.embed(flipped)
	if err != nil {
		return Descriptor{}, err
	}
	for i := range d {
		d[i] = (d[i] + e[i]) / 2
	}
	return d, nil
}

// embed runs the descriptor network on a 150×150 BGR chip.
func (m *Models) embed(chip gocv.Mat) (Descriptor, error) {
	blob := gocv.BlobFromImage(chip, descriptorNorm.scale, image.Pt(descriptorInput, descriptorInput),
		gocv.NewScalar(descriptorNorm.mean[0], descriptorNorm.mean[1], descriptorNorm.mean[2], 0), true, false)
	defer blob.Close()
	out, err := m.recognition.Forward(blob)
	if err != nil {
		return Descriptor{}, fmt.Errorf("running descriptor network: %w", err)
	}
	var d Descriptor
	if len(out.Data) != len(d) {
		return Descriptor{}, fmt.Errorf("descriptor output shape %v", out.Shape)
	}
	copy(d[:], out.Data)
	return d, nil
}
