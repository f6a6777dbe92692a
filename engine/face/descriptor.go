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
	chips := []gocv.Mat{chip}
	if m.cfg.FlipAverage {
		flipped := gocv.NewMat()
		defer flipped.Close()
		gocv.Flip(chip, &flipped, 1)
		chips = append(chips, flipped)
	}
	ds, err := m.embed(chips...)
	if err != nil {
		return Descriptor{}, err
	}
	d := ds[0]
	if len(ds) == 2 { // mean of the face and its mirror image
		for i := range d {
			d[i] = (d[i] + ds[1][i]) / 2
		}
	}
	return d, nil
}

// embed runs the descriptor network on 150×150 BGR chips in one batch (a batch of two
// costs less than two passes).
func (m *Models) embed(chips ...gocv.Mat) ([]Descriptor, error) {
	blob := gocv.NewMat()
	defer blob.Close()
	gocv.BlobFromImages(chips, &blob, descriptorNorm.scale, image.Pt(descriptorInput, descriptorInput),
		gocv.NewScalar(descriptorNorm.mean[0], descriptorNorm.mean[1], descriptorNorm.mean[2], 0), true, false, gocv.MatTypeCV32F)
	out, err := m.recognition.Forward(blob)
	if err != nil {
		return nil, fmt.Errorf("running descriptor network: %w", err)
	}
	if len(out.Data) != len(chips)*descriptorSize {
		return nil, fmt.Errorf("descriptor output shape %v for %d chips", out.Shape, len(chips))
	}
	ds := make([]Descriptor, len(chips))
	for i := range ds {
		copy(ds[i][:], out.Data[i*descriptorSize:])
	}
	return ds, nil
}
