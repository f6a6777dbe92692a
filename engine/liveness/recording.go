package liveness

import (
	"context"
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

// Observe decodes each frame and measures its faces. The frames stay in the recording as
// evidence; nothing else is kept.
func (r *Recording) Observe(ctx context.Context, fm *face.Models) ([]Observation, error) {
	if len(r.Frames) != len(r.Times) || len(r.Frames) > MaxFrames {
		return nil, fmt.Errorf("%w: %d frames, %d times (max %d)", ErrBadInput, len(r.Frames), len(r.Times), MaxFrames)
	}
	obs := make([]Observation, 0, len(r.Frames))
	for i, jpeg := range r.Frames {
		o, err := observeFrame(ctx, fm, jpeg)
		if err != nil {
			return nil, fmt.Errorf("frame %d: %w", i, err)
		}
		o.At = r.Times[i]
		obs = append(obs, o)
	}
	return obs, nil
}

func observeFrame(ctx context.Context, fm *face.Models, jpeg []byte) (Observation, error) {
	img, err := gocv.IMDecode(jpeg, gocv.IMReadColor)
	if err != nil || img.Empty() {
		img.Close()
		return Observation{}, fmt.Errorf("%w: undecodable frame", ErrBadInput)
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
	}
	return o, nil
}
