package liveness

import (
	"fmt"
	"math"
	"time"
)

// Tracker gives the kiosk live feedback on the active challenge, one camera frame at a
// time, with the same rules as Recording.Evaluate (same baseline, slots, grace, wrong-action
// and several-faces rules), so what the prompt shows is what the verdict at submit will say.
// It is feedback only: the recording is still judged by Recording.Evaluate on submit.
//
// The capture session creates one Tracker per liveness step with the step's schedule and
// calls Observe for each frame it has landmarks for (face.Models.Landmarks, or
// TrackLandmarks from the previous frame), in time order, with the eye openness
// (Models.EyeOpenness) on the frames WantsEyes asks for:
//
//	tr := liveness.NewTracker(schedule, liveness.DefaultActiveConfig())
//	for each frame {
//		o := liveness.Observation{At: t, Faces: n, Landmarks: l}
//		if tr.WantsEyes(t) { o.Eyes, _ = models.EyeOpenness(frame, l) }
//		show(tr.Observe(o))
//	}
//
// Not safe for concurrent use.
type Tracker struct {
	s   Schedule
	cfg ActiveConfig
	// Lead-in measures until the first slot frame, then the baseline.
	lead []measures
	base measures
	// State of the current slot.
	slot    int
	met     bool
	closed  bool
	several int
	fb      Feedback
}

// Feedback is the state of the challenge sequence after a frame.
type Feedback struct {
	// Slot is the index of the challenge due now: -1 in the lead-in, len(challenges) after.
	Slot int `json:"slot"`
	// Challenge is the challenge to prompt (empty in the lead-in and after the last slot).
	Challenge Challenge `json:"challenge,omitempty"`
	// Progress toward the current challenge, 0..1 (a turn or an open mouth as a share of
	// the threshold; a blink is 0.5 once the eyes closed, 1 when they reopen).
	Progress float64 `json:"progress"`
	// Met: the current challenge is done (the kiosk can acknowledge it until the next slot).
	Met       bool `json:"met"`
	Completed int  `json:"completed"`
	// Hint: HintNoFace, HintSeveralFaces, HintLookAtCamera or "".
	Hint string `json:"hint,omitempty"`
	// Done: the sequence is decided, Passed or with Failure (the codes of ActiveResult).
	Done    bool   `json:"done"`
	Passed  bool   `json:"passed"`
	Failure string `json:"failure,omitempty"`
}

// Hints of Feedback.
const (
	HintNoFace       = "no_face"
	HintSeveralFaces = "several_faces"
	HintLookAtCamera = "look_at_camera" // the lead-in: look at the camera, neutral face
)

// NewTracker starts following the schedule s.
func NewTracker(s Schedule, cfg ActiveConfig) *Tracker {
	return &Tracker{s: s, cfg: cfg, slot: -1, fb: Feedback{Slot: -1}}
}

// WantsEyes tells whether a frame taken at elapsed needs Observation.Eyes: at the end of
// the lead-in (the baseline, as Recording.Evaluate measures it) and in a blink slot not yet
// met. Without eye openness in the lead-in the blink is judged on the landmarks' eye aspect
// ratio, which barely moves on closed eyes.
func (t *Tracker) WantsEyes(elapsed time.Duration) bool {
	if t.fb.Done {
		return false
	}
	i := t.s.At(elapsed)
	if i < 0 {
		return t.s.LeadIn-elapsed <= baselineEyes
	}
	return i < len(t.s.Challenges) && t.s.Challenges[i] == Blink && !(i == t.slot && t.met)
}

// Observe takes the next frame (At increasing) and returns the feedback to show. After
// the sequence is decided it keeps returning the final feedback.
func (t *Tracker) Observe(o Observation) Feedback {
	if t.fb.Done {
		return t.fb
	}
	i := t.s.At(o.At)
	t.fb.Hint = ""
	if i < 0 {
		t.fb.Hint = HintLookAtCamera
		switch {
		case o.Faces == 0 || o.Landmarks == nil:
			t.fb.Hint = HintNoFace
		case o.Faces > 1:
			t.fb.Hint = HintSeveralFaces
		default:
			t.lead = append(t.lead, measure(o))
		}
		return t.fb
	}
	if t.slot < 0 { // first frame after the lead-in
		if len(t.lead) < 2 {
			return t.fail("no_baseline")
		}
		t.base = medianMeasures(t.lead)
		t.enter(0)
	}
	for t.slot < i { // the frame is in a later slot: the current one must have been met
		if !t.met && t.slot < len(t.s.Challenges) {
			return t.fail("timeout:" + string(t.s.Challenges[t.slot]))
		}
		t.enter(t.slot + 1)
	}
	if t.slot >= len(t.s.Challenges) {
		t.fb.Done, t.fb.Passed = true, true
		return t.fb
	}
	if !t.met {
		t.step(o)
	}
	return t.fb
}

// enter starts slot i.
func (t *Tracker) enter(i int) {
	t.slot, t.met, t.closed = i, false, false
	t.fb.Slot, t.fb.Met, t.fb.Progress, t.fb.Challenge = i, false, 0, ""
	if i < len(t.s.Challenges) {
		t.fb.Challenge = t.s.Challenges[i]
	}
}

// step judges one frame of the current, not yet met slot (the loop body of evaluate).
func (t *Tracker) step(o Observation) {
	ch := t.s.Challenges[t.slot]
	if o.Faces > 1 {
		t.fb.Hint = HintSeveralFaces
		if t.several++; t.several > 2 {
			t.fail("several_faces")
			return
		}
	}
	if o.Landmarks == nil || o.Faces == 0 {
		t.fb.Hint = HintNoFace
		return
	}
	m := measure(o)
	seen := actions(m, t.base, t.cfg, &t.closed)
	t.fb.Progress = t.progress(ch, m)
	if contains(seen, ch) {
		t.met, t.fb.Met, t.fb.Progress = true, true, 1
		t.fb.Completed++
		if t.fb.Completed == len(t.s.Challenges) {
			t.fb.Done, t.fb.Passed = true, true
		}
		return
	}
	inGrace := o.At-t.s.LeadIn-time.Duration(t.slot)*t.s.Slot < t.cfg.Grace
	for _, a := range seen {
		if a != Blink && !inGrace {
			t.fail(fmt.Sprintf("wrong_action:%s:%s", ch, a))
			return
		}
	}
}

// progress is how far m has moved toward challenge ch from the baseline, 0..1.
func (t *Tracker) progress(ch Challenge, m measures) float64 {
	var p float64
	switch ch {
	case TurnLeft:
		p = (m.yaw - t.base.yaw) / t.cfg.Turn
	case TurnRight:
		p = (t.base.yaw - m.yaw) / t.cfg.Turn
	case OpenMouth:
		p = (m.mouth - t.base.mouth) / t.cfg.Mouth
	case Blink:
		if t.closed {
			return 0.5
		}
		v, ref := lids(m, t.base)
		if v == 0 {
			return 0 // eyes not measured on this frame
		}
		p = 0.5 * (ref - v) / (ref * (1 - t.cfg.BlinkClosed))
	}
	return math.Max(0, math.Min(1, p))
}

func (t *Tracker) fail(code string) Feedback {
	t.fb.Done, t.fb.Passed, t.fb.Failure, t.fb.Met = true, false, code, false
	return t.fb
}
