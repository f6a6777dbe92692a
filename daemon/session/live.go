package session

import (
	"context"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/liveness"
)

// LandmarkFinder finds faces and their 68 landmarks on a camera frame (face.Models). With
// one in Config, the liveness step follows the challenge sequence live, frame by frame.
type LandmarkFinder interface {
	// Landmarks detects every face (largest first) and its landmarks.
	Landmarks(ctx context.Context, img gocv.Mat) ([]face.Detection, []face.Landmarks, error)
	// TrackLandmarks re-fits the landmarks of a face that was at prev on the previous frame,
	// without running the detector.
	TrackLandmarks(ctx context.Context, img gocv.Mat, prev *face.Landmarks) (face.Landmarks, error)
}

// EyeMeter measures how open a face's eyes are (liveness.Models.EyeOpenness).
type EyeMeter interface {
	EyeOpenness(img gocv.Mat, l *face.Landmarks) (float64, error)
}

// redetectEvery bounds how many frames are tracked from the previous landmarks before the
// detector runs again (it also runs whenever the face was lost): tracking costs a few ms,
// detection tens, and a second person stepping in must still be seen.
const redetectEvery = 8

// liveTracker feeds the recorded frames to a liveness.Tracker, so the kiosk can show
// progress, hints and the verdict as soon as it is decided. It is feedback only: submit
// judges the recording with Recording.Evaluate.
type liveTracker struct {
	finder  LandmarkFinder
	eyes    EyeMeter // nil: the blink is followed on the eye aspect ratio
	tracker *liveness.Tracker
	prev    *face.Landmarks
	tracked int
	last    *liveness.Feedback
}

func newLiveTracker(finder LandmarkFinder, eyes EyeMeter, s liveness.Schedule) *liveTracker {
	if finder == nil {
		return nil
	}
	return &liveTracker{finder: finder, eyes: eyes, tracker: liveness.NewTracker(s, liveness.DefaultActiveConfig())}
}

// observe measures one kept frame taken at since the recording started; last is then the
// feedback to show. A landmark error keeps the previous feedback: the recording goes on.
func (t *liveTracker) observe(ctx context.Context, frame gocv.Mat, at time.Duration) error {
	obs := liveness.Observation{At: at}
	if t.prev == nil || t.tracked >= redetectEvery {
		dets, lms, err := t.finder.Landmarks(ctx, frame)
		if err != nil {
			return err
		}
		t.prev, t.tracked = nil, 0
		obs.Faces = len(dets)
		if len(lms) > 0 {
			lm := lms[0]
			t.prev, obs.Landmarks = &lm, &lm
		}
	} else {
		lm, err := t.finder.TrackLandmarks(ctx, frame, t.prev)
		if err != nil {
			t.prev = nil // detect on the next frame
			return err
		}
		t.tracked++
		t.prev, obs.Faces, obs.Landmarks = &lm, 1, &lm
	}
	if t.eyes != nil && obs.Landmarks != nil && t.tracker.WantsEyes(at) {
		// Only where the tracker judges a blink: the end of the lead-in and blink slots.
		if e, err := t.eyes.EyeOpenness(frame, obs.Landmarks); err == nil {
			obs.Eyes = e
		}
	}
	fb := t.tracker.Observe(obs)
	t.last = &fb
	return nil
}
