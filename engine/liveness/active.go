package liveness

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/kycd/kycd/engine/face"
)

// Observation is what one camera frame shows.
type Observation struct {
	At        time.Duration   // since the recording started
	Faces     int             // faces found
	Landmarks *face.Landmarks // the largest face's landmarks, nil when none
}

// ActiveConfig holds the action thresholds, relative to the person's neutral baseline
// measured in the lead-in.
type ActiveConfig struct {
	// BlinkClosed/BlinkOpen: eye aspect ratio as a share of the baseline for closed eyes,
	// and for the reopening that completes a blink.
	BlinkClosed, BlinkOpen float64
	// Turn: head yaw change (see Yaw) that counts as a turn.
	Turn float64
	// Mouth: mouth opening change (see MouthOpening) that counts as an open mouth.
	Mouth float64
	// Grace: the start of each slot during which other actions are not held against the
	// person (reaction time, coming back from the previous action).
	Grace time.Duration
	// SampleGap: Recording.Evaluate skips frames closer than this to the previous one it
	// measured; DetectEvery: it runs the face detector on every DetectEvery-th measured
	// frame (and when tracking is lost), tracking the landmarks in between.
	SampleGap   time.Duration
	DetectEvery int
}

// DefaultActiveConfig: set on landmark sequences of real head movements (the synthetic
// tests reproduce their amplitudes): a 20° turn moves Yaw by ~0.35, a closed eye halves the
// aspect ratio, an open mouth adds ~0.3 of the mouth width.
func DefaultActiveConfig() ActiveConfig {
	return ActiveConfig{BlinkClosed: 0.6, BlinkOpen: 0.85, Turn: 0.22, Mouth: 0.2, Grace: 700 * time.Millisecond,
		SampleGap: 120 * time.Millisecond, DetectEvery: 4}
}

// ActiveResult is the verdict on a recorded challenge sequence.
type ActiveResult struct {
	Challenges []Challenge `json:"challenges"`
	// Completed counts the challenges met in order before the first failure.
	Completed int  `json:"completed"`
	Passed    bool `json:"passed"`
	// Failure: "", "no_baseline", "timeout:<challenge>", "wrong_action:<challenge>:<seen>",
	// "several_faces".
	Failure string `json:"failure,omitempty"`
	// Evidence are the indices of the frames where each challenge was met; BestFrame is the
	// most frontal lead-in frame (for the passive check), -1 when none.
	Evidence  []int `json:"evidence"`
	BestFrame int   `json:"best_frame"`
}

type measures struct{ ear, yaw, mouth float64 }

func measure(l *face.Landmarks) measures {
	return measures{ear: EyeAspectRatio(l), yaw: Yaw(l), mouth: MouthOpening(l)}
}

// EvaluateActive checks observations (in recording order) against the schedule. Each
// challenge must be met inside its own slot; a different deliberate action in a slot
// (a turn the other way, a turn when the mouth was asked, …) fails the sequence, so a
// video recorded for another order fails even when it contains every action.
func EvaluateActive(s Schedule, obs []Observation, cfg ActiveConfig) ActiveResult {
	r, _ := evaluate(s, observed(obs), cfg) // a slice source never fails
	return r
}

// frameSource gives the observations of a recording in order. Observation may be
// computed on demand: evaluate asks only for the frames it needs (the lead-in, then each
// slot up to the frame where its challenge is met), always in increasing k.
type frameSource interface {
	Len() int
	Time(k int) time.Duration
	Observation(k int) (Observation, error)
}

// observed is a frameSource over observations already made.
type observed []Observation

func (o observed) Len() int                               { return len(o) }
func (o observed) Time(k int) time.Duration               { return o[k].At }
func (o observed) Observation(k int) (Observation, error) { return o[k], nil }

func evaluate(s Schedule, src frameSource, cfg ActiveConfig) (ActiveResult, error) {
	r := ActiveResult{Challenges: s.Challenges, Evidence: []int{}, BestFrame: -1}
	base, best, ok, err := baseline(s, src)
	if err != nil || !ok {
		r.Failure = "no_baseline"
		return r, err
	}
	r.BestFrame = best
	several := 0
	for i, ch := range s.Challenges {
		met, wrong := -1, Challenge("")
		closed := false
		for k := 0; k < src.Len(); k++ {
			at := src.Time(k)
			if s.At(at) != i {
				continue
			}
			o, err := src.Observation(k)
			if err != nil {
				return r, err
			}
			if o.Faces > 1 {
				if several++; several > 2 {
					r.Failure = "several_faces"
					return r, nil
				}
			}
			if o.Landmarks == nil || o.Faces == 0 {
				continue
			}
			m := measure(o.Landmarks)
			seen := actions(m, base, cfg, &closed)
			if contains(seen, ch) {
				met = k
				break
			}
			inGrace := at-s.LeadIn-time.Duration(i)*s.Slot < cfg.Grace
			for _, a := range seen {
				if a != Blink && !inGrace {
					wrong = a
				}
			}
			if wrong != "" {
				break
			}
		}
		switch {
		case met >= 0:
			r.Evidence = append(r.Evidence, met)
			r.Completed++
		case wrong != "":
			r.Failure = fmt.Sprintf("wrong_action:%s:%s", ch, wrong)
			return r, nil
		default:
			r.Failure = "timeout:" + string(ch)
			return r, nil
		}
	}
	r.Passed = true
	return r, nil
}

// actions are the deliberate actions m shows against the baseline. A blink needs the eyes
// closed in an earlier frame of the slot (closed carries that state) and open again now.
func actions(m, base measures, cfg ActiveConfig, closed *bool) []Challenge {
	var out []Challenge
	if m.ear < cfg.BlinkClosed*base.ear {
		*closed = true
	} else if *closed && m.ear > cfg.BlinkOpen*base.ear {
		out = append(out, Blink)
		*closed = false
	}
	switch d := m.yaw - base.yaw; {
	case d > cfg.Turn:
		out = append(out, TurnLeft)
	case d < -cfg.Turn:
		out = append(out, TurnRight)
	}
	if m.mouth-base.mouth > cfg.Mouth {
		out = append(out, OpenMouth)
	}
	return out
}

// baseline is the median of the lead-in frames' measures, and the most frontal of them.
func baseline(s Schedule, src frameSource) (measures, int, bool, error) {
	var ms []measures
	var idx []int
	for k := 0; k < src.Len() && s.At(src.Time(k)) == -1; k++ {
		o, err := src.Observation(k)
		if err != nil {
			return measures{}, -1, false, err
		}
		if o.Faces == 1 && o.Landmarks != nil {
			ms = append(ms, measure(o.Landmarks))
			idx = append(idx, k)
		}
	}
	if len(ms) < 2 {
		return measures{}, -1, false, nil
	}
	b := medianMeasures(ms)
	best, bestD := -1, math.Inf(1)
	for i, m := range ms {
		if d := math.Abs(m.yaw - b.yaw); d < bestD && m.ear >= 0.8*b.ear {
			best, bestD = idx[i], d
		}
	}
	if best < 0 {
		best = idx[0]
	}
	return b, best, true, nil
}

// medianMeasures is the per-measure median (the upper one for an even count).
func medianMeasures(ms []measures) measures {
	med := func(f func(measures) float64) float64 {
		v := make([]float64, len(ms))
		for i, m := range ms {
			v[i] = f(m)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	return measures{ear: med(func(m measures) float64 { return m.ear }),
		yaw: med(func(m measures) float64 { return m.yaw }), mouth: med(func(m measures) float64 { return m.mouth })}
}

func contains(v []Challenge, c Challenge) bool {
	for _, x := range v {
		if x == c {
			return true
		}
	}
	return false
}
