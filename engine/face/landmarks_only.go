package face

import (
	"context"
	"fmt"

	"gocv.io/x/gocv"
)

// Landmarks detects every face in img (8-bit grey, BGR or BGRA) and returns their 68
// landmarks, largest face first, without descriptors: active liveness follows head
// movements over dozens of frames and needs geometry only (the descriptor is the most
// expensive network of Analyze).
func (m *Models) Landmarks(ctx context.Context, img gocv.Mat) ([]Detection, []Landmarks, error) {
	bgr, owned, err := toBGR(img)
	if err != nil {
		return nil, nil, err
	}
	if owned {
		defer bgr.Close()
	}
	dets, err := m.detectFaces(bgr)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Landmarks, 0, len(dets))
	for _, d := range dets {
		if err := ctx.Err(); err != nil {
			return nil, nil, fmt.Errorf("finding landmarks: %w", err)
		}
		l, err := m.landmarksRefined(bgr, d.Box)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, l)
	}
	return dets, out, nil
}

// TrackLandmarks finds the landmarks of a face near prev (the same face in the previous
// frame) without running the detector: one landmark pass on the square around prev, the
// same square Analyze's refinement uses. Between frames a fraction of a second apart the
// face moves far less than that square's margin.
func (m *Models) TrackLandmarks(ctx context.Context, img gocv.Mat, prev *Landmarks) (Landmarks, error) {
	if err := ctx.Err(); err != nil {
		return Landmarks{}, fmt.Errorf("tracking landmarks: %w", err)
	}
	bgr, owned, err := toBGR(img)
	if err != nil {
		return Landmarks{}, err
	}
	if owned {
		defer bgr.Close()
	}
	k := m.cfg.RefineLandmarks
	if k <= 0 {
		k = 1.25
	}
	return m.landmarks(bgr, prev.squareAround(k))
}

// landmarksRefined is the landmark step of describe: a pass on the detector box, then,
// when configured, a second pass on the square around the first landmarks.
func (m *Models) landmarksRefined(bgr gocv.Mat, box Box) (Landmarks, error) {
	l, err := m.landmarks(bgr, box)
	if err != nil {
		return Landmarks{}, err
	}
	if k := m.cfg.RefineLandmarks; k > 0 {
		return m.landmarks(bgr, l.squareAround(k))
	}
	return l, nil
}
