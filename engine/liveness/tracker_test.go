package liveness

import (
	"testing"
	"time"
)

// runTracker feeds every observation, then a frame after the schedule's end (a timeout of
// the last slot shows only then), and returns the last feedback and the slots at which
// the feedback first said Met.
func runTracker(s Schedule, obs []Observation) (Feedback, []int) {
	tr := NewTracker(s, DefaultActiveConfig())
	fb := Feedback{Slot: -1}
	var metAt []int
	for _, o := range append(obs[:len(obs):len(obs)], Observation{At: s.Total()}) {
		prev := fb
		fb = tr.Observe(o)
		if fb.Met && (!prev.Met || prev.Slot != fb.Slot) {
			metAt = append(metAt, fb.Slot)
		}
	}
	return fb, metAt
}

// TestTrackerAgreesWithEvaluate: the live feedback ends where the verdict at submit does,
// on every case of TestEvaluateActive and on a recording replayed against every order.
func TestTrackerAgreesWithEvaluate(t *testing.T) {
	asked := []Challenge{TurnLeft, Blink, OpenMouth}
	s := NewSchedule(asked)
	type tc struct {
		name string
		s    Schedule
		obs  []Observation
	}
	cases := []tc{
		{"correct order", s, sequence(s, asked, 1)},
		{"still photo", s, sequence(s, nil, 1)},
		{"replayed other order", s, sequence(s, []Challenge{OpenMouth, TurnLeft, Blink}, 1)},
		{"blink instead of mouth", s, sequence(s, []Challenge{TurnLeft, Blink, Blink}, 1)},
		{"two people", s, sequence(s, asked, 2)},
		{"no frames", s, nil},
	}
	recorded := []Challenge{Blink, TurnRight, OpenMouth}
	rec := sequence(NewSchedule(recorded), recorded, 1)
	for _, o := range permutations(allChallenges, 3) {
		cases = append(cases, tc{"replay for " + string(o[0]) + "," + string(o[1]) + "," + string(o[2]), NewSchedule(o), rec})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := EvaluateActive(c.s, c.obs, DefaultActiveConfig())
			fb, metAt := runTracker(c.s, c.obs)
			if !fb.Done {
				t.Fatalf("undecided after the schedule: %+v", fb)
			}
			if fb.Passed != want.Passed || fb.Failure != want.Failure || fb.Completed != want.Completed {
				t.Fatalf("tracker passed=%v failure=%q completed=%d; Evaluate passed=%v failure=%q completed=%d",
					fb.Passed, fb.Failure, fb.Completed, want.Passed, want.Failure, want.Completed)
			}
			if len(metAt) != want.Completed {
				t.Errorf("met in slots %v, want %d", metAt, want.Completed)
			}
			for i, k := range metAt {
				if k != i {
					t.Errorf("met in slots %v, want 0, 1, …", metAt)
				}
			}
		})
	}
}

// TestTrackerFeedback: the prompt and progress a person sees along a correct sequence.
func TestTrackerFeedback(t *testing.T) {
	asked := []Challenge{TurnRight, OpenMouth, Blink}
	s := NewSchedule(asked)
	obs := sequence(s, asked, 1)
	tr := NewTracker(s, DefaultActiveConfig())
	var maxProgress [3]float64
	for _, o := range obs {
		fb := tr.Observe(o)
		switch i := s.At(o.At); {
		case i < 0:
			if fb.Hint != HintLookAtCamera || fb.Challenge != "" || fb.Slot != -1 {
				t.Fatalf("lead-in feedback %+v", fb)
			}
		case i < len(asked) && !(fb.Done && fb.Slot < i):
			if fb.Challenge != asked[i] || fb.Slot != i {
				t.Fatalf("at %v: feedback %+v, want challenge %s", o.At, fb, asked[i])
			}
			if fb.Progress < 0 || fb.Progress > 1 {
				t.Fatalf("progress %v", fb.Progress)
			}
			maxProgress[i] = max(maxProgress[i], fb.Progress)
		}
		if fb.Done && !fb.Passed {
			t.Fatalf("failed: %+v", fb)
		}
	}
	if maxProgress != [3]float64{1, 1, 1} {
		t.Errorf("max progress per challenge %v, want all 1", maxProgress)
	}
	// No face and a second person are hinted.
	tr = NewTracker(s, DefaultActiveConfig())
	if fb := tr.Observe(Observation{At: 0}); fb.Hint != HintNoFace {
		t.Errorf("no face: hint %q", fb.Hint)
	}
	l := neutralFace()
	if fb := tr.Observe(Observation{At: 100 * time.Millisecond, Faces: 2, Landmarks: &l}); fb.Hint != HintSeveralFaces {
		t.Errorf("two faces: hint %q", fb.Hint)
	}
}

// TestTrackerWantsEyes: the eyes are asked for at the end of the lead-in and in a blink
// slot until the blink is met, nowhere else.
func TestTrackerWantsEyes(t *testing.T) {
	asked := []Challenge{TurnLeft, Blink, OpenMouth}
	s := NewSchedule(asked)
	tr := NewTracker(s, DefaultActiveConfig())
	var blinkMet bool
	for _, o := range sequence(s, asked, 1) {
		want := (s.At(o.At) < 0 && o.At >= s.LeadIn-baselineEyes) || (s.At(o.At) == 1 && !blinkMet)
		if got := tr.WantsEyes(o.At); got != want {
			t.Fatalf("at %v (slot %d): WantsEyes %v, want %v", o.At, s.At(o.At), got, want)
		}
		fb := tr.Observe(o)
		blinkMet = blinkMet || (fb.Slot == 1 && fb.Met)
	}
	if !blinkMet {
		t.Fatal("the blink was never met")
	}
}
