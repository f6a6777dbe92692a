package liveness

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
)

// sampledFrames is the frameSource of a recording measured on demand, with three savings
// that keep what the challenges need:
//   - frames closer than ActiveConfig.SampleGap to the previous sampled one are skipped
//     (15 fps → 8 fps: a blink still spans one or two samples);
//   - frames are decoded at half size when that leaves a frame of 480 px or more (the
//     measures are ratios of landmark distances, independent of scale);
//   - the detector runs on the first frame, every DetectEvery-th sample (to count faces)
//     and when tracking is lost; in between, one landmark pass around the previous
//     landmarks follows the face;
//   - the eyes (Models.EyeOpenness, ~15 ms of CPU a frame) only where evaluate asks: at
//     the end of the lead-in and in blink slots.
//
// evaluate asks for frames in increasing order and stops a slot at its challenge, so the
// frames after each met challenge are never decoded.
type sampledFrames struct {
	ctx  context.Context
	fm   *face.Models
	lm   *Models // nil: the eyes are not measured
	rec  *Recording
	cfg  ActiveConfig
	pick []int // recording index of each sample
	obs  []*Observation
	eyed []bool // the eyes of obs[k] were measured (possibly to no value)
	// Tracking state: the last measured sample, its landmarks and samples since the
	// detector last ran.
	last      int
	prev      *face.Landmarks
	sinceDet  int
	halfScale bool
	decided   bool
}

func newSampledFrames(ctx context.Context, fm *face.Models, lm *Models, rec *Recording, cfg ActiveConfig) *sampledFrames {
	s := &sampledFrames{ctx: ctx, fm: fm, lm: lm, rec: rec, cfg: cfg, last: -1}
	var lastAt time.Duration
	for k, at := range rec.Times {
		if len(s.pick) == 0 || at-lastAt >= cfg.SampleGap {
			s.pick = append(s.pick, k)
			lastAt = at
		}
	}
	s.obs = make([]*Observation, len(s.pick))
	s.eyed = make([]bool, len(s.pick))
	return s
}

func (s *sampledFrames) Len() int                 { return len(s.pick) }
func (s *sampledFrames) Time(k int) time.Duration { return s.rec.Times[s.pick[k]] }

func (s *sampledFrames) Observation(k int, eyes bool) (Observation, error) {
	eyes = eyes && s.lm != nil
	if o := s.obs[k]; o != nil && (!eyes || s.eyed[k]) {
		return *o, nil
	}
	img, err := s.decode(s.rec.Frames[s.pick[k]])
	if err != nil {
		return Observation{}, fmt.Errorf("frame %d: %w", s.pick[k], err)
	}
	defer img.Close()
	if s.obs[k] == nil {
		o, err := s.measure(k, img)
		if err != nil {
			return Observation{}, fmt.Errorf("frame %d: %w", s.pick[k], err)
		}
		o.At = s.Time(k)
		s.obs[k] = &o
	}
	if o := s.obs[k]; eyes && o.Landmarks != nil {
		v, err := s.lm.EyeOpenness(img, o.Landmarks)
		if err != nil && !errors.Is(err, ErrNoFace) { // no face for the mesh: not measured
			return Observation{}, fmt.Errorf("frame %d: %w", s.pick[k], err)
		}
		o.Eyes = v
	}
	s.eyed[k] = s.eyed[k] || eyes
	return *s.obs[k], nil
}

// measure finds the face of sample k on its decoded frame img, tracking it from the
// previous sample when that one is recent and had a face.
func (s *sampledFrames) measure(k int, img gocv.Mat) (Observation, error) {
	recent := s.last >= 0 && s.Time(k)-s.Time(s.last) <= 3*s.cfg.SampleGap
	s.last = k
	if recent && s.prev != nil && s.sinceDet+1 < s.cfg.DetectEvery {
		l, err := s.fm.TrackLandmarks(s.ctx, img, s.prev)
		if err != nil {
			return Observation{}, err
		}
		if sameFace(s.prev, &l) {
			s.prev, s.sinceDet = &l, s.sinceDet+1
			return Observation{Faces: 1, Landmarks: &l}, nil
		}
	}
	dets, ls, err := s.fm.Landmarks(s.ctx, img)
	if err != nil {
		return Observation{}, err
	}
	s.sinceDet, s.prev = 0, nil
	o := Observation{Faces: len(dets)}
	if len(ls) > 0 {
		l := ls[0]
		o.Landmarks, s.prev = &l, &l
	}
	return o, nil
}

// decode decodes a frame, at half size when the recording's frames are large enough (the
// first frame decides for all).
func (s *sampledFrames) decode(jpeg []byte) (gocv.Mat, error) {
	if !s.decided || s.halfScale {
		img, err := decodeFrame(jpeg, gocv.IMReadReducedColor2)
		if err != nil {
			return gocv.Mat{}, err
		}
		if s.decided || img.Cols() >= 480 {
			s.decided, s.halfScale = true, true
			return img, nil
		}
		img.Close()
		s.decided = true
	}
	return decodeFrame(jpeg, gocv.IMReadColor)
}

// sameFace: the tracked landmarks are the same face as before, not the landmark network's
// guess on background after the person left (extent within ±30 %, centre moved less than
// 40 % of the extent).
func sameFace(a, b *face.Landmarks) bool {
	ra, rb := landmarkRect(a), landmarkRect(b)
	sa, sb := float64(max(ra.Dx(), ra.Dy())), float64(max(rb.Dx(), rb.Dy()))
	if sa <= 0 || sb/sa < 0.7 || sb/sa > 1.3 {
		return false
	}
	ca, cb := ra.Min.Add(ra.Max).Div(2), rb.Min.Add(rb.Max).Div(2)
	return math.Hypot(float64(ca.X-cb.X), float64(ca.Y-cb.Y)) < 0.4*sa
}
