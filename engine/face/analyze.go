package face

import (
	"context"
	"fmt"

	"gocv.io/x/gocv"
)

// Face is a detected face with its landmarks and descriptor.
type Face struct {
	Detection
	Landmarks  Landmarks
	Descriptor Descriptor
}

// Analysis is the result of looking for faces in one image.
type Analysis struct {
	// Detections are all faces found, largest first.
	Detections []Detection
	// Main is the largest face with landmarks and descriptor, nil when none was found. On a
	// document that is the portrait, not the smaller ghost image; on a selfie, the person
	// nearest the camera.
	Main *Face
}

// Analyze detects every face in img (8-bit grey, BGR or BGRA) and describes the largest.
func (m *Models) Analyze(ctx context.Context, img gocv.Mat) (Analysis, error) {
	bgr, owned, err := toBGR(img)
	if err != nil {
		return Analysis{}, err
	}
	if owned {
		defer bgr.Close()
	}
	dets, err := m.detectFaces(bgr)
	if err != nil {
		return Analysis{}, err
	}
	a := Analysis{Detections: dets}
	if len(dets) == 0 {
		return a, nil
	}
	if err := ctx.Err(); err != nil {
		return Analysis{}, fmt.Errorf("analyzing face: %w", err)
	}
	f, err := m.describe(bgr, dets[0])
	if err != nil {
		return Analysis{}, err
	}
	a.Main = &f
	return a, nil
}

// describe computes landmarks and descriptor for one detection of a BGR image.
func (m *Models) describe(bgr gocv.Mat, det Detection) (Face, error) {
	l, err := m.landmarks(bgr, det.Box)
	if err != nil {
		return Face{}, err
	}
	if k := m.cfg.RefineLandmarks; k > 0 {
		// Second pass on a square around the first landmarks: detector boxes (SSD's are tall
		// and loose) place the face inconsistently in the 112×112 input; a landmark-derived
		// box does not. Measured on the eval set: worst genuine distance 0.540 → 0.493, closest
		// impostor 0.543 → 0.559.
		if l, err = m.landmarks(bgr, l.squareAround(k)); err != nil {
			return Face{}, err
		}
	}
	d, err := m.descriptor(bgr, &l)
	if err != nil {
		return Face{}, err
	}
	return Face{Detection: det, Landmarks: l, Descriptor: d}, nil
}

// AnalyzeAll detects and describes every face in img, largest first.
func (m *Models) AnalyzeAll(ctx context.Context, img gocv.Mat) ([]Face, error) {
	bgr, owned, err := toBGR(img)
	if err != nil {
		return nil, err
	}
	if owned {
		defer bgr.Close()
	}
	dets, err := m.detectFaces(bgr)
	if err != nil {
		return nil, err
	}
	faces := make([]Face, 0, len(dets))
	for _, d := range dets {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("analyzing faces: %w", err)
		}
		f, err := m.describe(bgr, d)
		if err != nil {
			return nil, err
		}
		faces = append(faces, f)
	}
	return faces, nil
}
