package liveness

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
)

// MaxFrames bounds a recording: at most one frame per 66 ms over the default schedule.
const MaxFrames = 200

// Recording is the kiosk's active-liveness evidence: the schedule the server chose at
// session start and the JPEG frames with their times since the recording started.
type Recording struct {
	Schedule Schedule
	Frames   [][]byte
	Times    []time.Duration
}

// Evaluate checks the recording against its schedule, looking at as few frames as the
// decision needs (see frameSource and sampledFrames): a whole recording measured frame by
// frame with Analyze cost 10–15 s of CPU at submit; this costs well under one. lm measures
// the eyes for the blink (without it the blink falls back on the landmarks' eye aspect
// ratio, which does not see closed eyes: pass it).
func (r *Recording) Evaluate(ctx context.Context, fm *face.Models, lm *Models, cfg ActiveConfig) (ActiveResult, error) {
	if len(r.Frames) != len(r.Times) || len(r.Frames) > MaxFrames {
		return ActiveResult{}, fmt.Errorf("%w: %d frames, %d times (max %d)", ErrBadInput, len(r.Frames), len(r.Times), MaxFrames)
	}
	src := newSampledFrames(ctx, fm, lm, r, cfg)
	res, err := evaluate(r.Schedule, src, cfg)
	if err != nil {
		return ActiveResult{}, err
	}
	// Frame indices are the recording's, not the sample's.
	for i, k := range res.Evidence {
		res.Evidence[i] = src.pick[k]
	}
	if res.BestFrame >= 0 {
		res.BestFrame = src.pick[res.BestFrame]
	}
	return res, nil
}

// Observe measures every frame with the full face analysis (detector, landmarks and
// descriptor) and, with lm, the eyes: the reference Evaluate's sampling is checked against
// in tests.
func (r *Recording) Observe(ctx context.Context, fm *face.Models, lm *Models) ([]Observation, error) {
	if len(r.Frames) != len(r.Times) || len(r.Frames) > MaxFrames {
		return nil, fmt.Errorf("%w: %d frames, %d times (max %d)", ErrBadInput, len(r.Frames), len(r.Times), MaxFrames)
	}
	obs := make([]Observation, 0, len(r.Frames))
	for i, jpeg := range r.Frames {
		o, err := observeFrame(ctx, fm, lm, jpeg)
		if err != nil {
			return nil, fmt.Errorf("frame %d: %w", i, err)
		}
		o.At = r.Times[i]
		obs = append(obs, o)
	}
	return obs, nil
}

func observeFrame(ctx context.Context, fm *face.Models, lm *Models, jpeg []byte) (Observation, error) {
	img, err := decodeFrame(jpeg, gocv.IMReadColor)
	if err != nil {
		return Observation{}, err
	}
	defer img.Close()
	a, err := fm.Analyze(ctx, img)
	if err != nil {
		return Observation{}, err
	}
	o := Observation{Faces: len(a.Detections)}
	if a.Main != nil {
		l := a.Main.Landmarks
		o.Landmarks = &l
		if lm != nil {
			if o.Eyes, err = lm.EyeOpenness(img, &l); err != nil && !errors.Is(err, ErrNoFace) {
				return Observation{}, err
			}
		}
	}
	return o, nil
}

// decodeFrame decodes one recorded JPEG; the caller closes the Mat.
func decodeFrame(jpeg []byte, flags gocv.IMReadFlag) (gocv.Mat, error) {
	img, err := gocv.IMDecode(jpeg, flags)
	if err != nil || img.Empty() {
		img.Close()
		return gocv.Mat{}, fmt.Errorf("%w: undecodable frame", ErrBadInput)
	}
	return img, nil
}
