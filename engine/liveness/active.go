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
	// Eyes is the largest face's eye openness (Models.EyeOpenness), 0 when not measured.
	// The blink is judged on it when the lead-in frames have it, else on the 68 landmarks'
	// eye aspect ratio, which barely moves on closed eyes (see eyelids.go).
	Eyes float64
}

// ActiveConfig holds the action thresholds, relative to the person's neutral baseline
// measured in the lead-in.
type ActiveConfig struct {
	// BlinkClosed/BlinkOpen: eye openness (Observation.Eyes; the eye aspect ratio when not
	// measured) as a share of the baseline for closed eyes, and for the reopening that
	// completes a blink.
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
// tests reproduce their amplitudes): a 20° turn moves Yaw by ~0.35, an open mouth adds ~0.3
// of the mouth width.
//
// The blink shares are of the eye openness (eyelids.go). Real closed lids read 0.10–0.16
// (the face-api demo's sample2.jpg) where open eyes read 0.22–0.42 (the shared photos), so a
// full closure is under half the person's baseline; but at 8 samples a second a blink
// (100–400 ms) is often caught with the lids half-way, and the synthetic closed eyes of the
// tests (skin stretched over the eye) read 60–62 % of their open frame. Closed is therefore
// under 70 % of the baseline — a deliberate narrowing a still photo cannot make, while the
// turns and open mouth of the tests read 101–107 % — and the blink completes when the eyes
// are back over 85 %. Without openness measured, the same shares apply to the landmarks'
// aspect ratio.
func DefaultActiveConfig() ActiveConfig {
	return ActiveConfig{BlinkClosed: 0.7, BlinkOpen: 0.85, Turn: 0.22, Mouth: 0.2, Grace: 700 * time.Millisecond,
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

// measures are one frame's action measures; eyes is 0 when not measured.
type measures struct{ ear, eyes, yaw, mouth float64 }

// measure reads the measures of an observation with landmarks.
func measure(o Observation) measures {
	l := o.Landmarks
	return measures{ear: EyeAspectRatio(l), eyes: o.Eyes, yaw: Yaw(l), mouth: MouthOpening(l)}
}

// lids is the blink's signal in m and its baseline value: the eye openness when the
// baseline has one (m's is then 0 when this frame was not measured: no judgement), else
// the eye aspect ratio.
func lids(m, base measures) (v, ref float64) {
	if base.eyes > 0 {
		return m.eyes, base.eyes
	}
	return m.ear, base.ear
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
// slot up to the frame where its challenge is met), always in increasing k, and for the
// eye openness only where a blink is judged (the lead-in and blink slots).
type frameSource interface {
	Len() int
	Time(k int) time.Duration
	Observation(k int, eyes bool) (Observation, error)
}

// observed is a frameSource over observations already made.
type observed []Observation

func (o observed) Len() int                                       { return len(o) }
func (o observed) Time(k int) time.Duration                       { return o[k].At }
func (o observed) Observation(k int, _ bool) (Observation, error) { return o[k], nil }

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
			o, err := src.Observation(k, ch == Blink) // the eyes matter only to a blink
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
			m := measure(o)
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
	if v, ref := lids(m, base); v > 0 {
		if v < cfg.BlinkClosed*ref {
			*closed = true
		} else if *closed && v > cfg.BlinkOpen*ref {
			out = append(out, Blink)
			*closed = false
		}
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

// baselineEyes is the end of the lead-in where the baseline's eye openness is measured:
// the person has settled facing the camera, and 5 samples (at SampleGap 120 ms) make a
// median that one blink does not move, at ~14 ms of CPU each.
const baselineEyes = 600 * time.Millisecond

// baseline is the median of the lead-in frames' measures, and the most frontal of them
// with open eyes (among those whose eyes were measured, when the openness was).
func baseline(s Schedule, src frameSource) (measures, int, bool, error) {
	var ms []measures
	var idx []int
	for k := 0; k < src.Len() && s.At(src.Time(k)) == -1; k++ {
		o, err := src.Observation(k, s.LeadIn-src.Time(k) <= baselineEyes)
		if err != nil {
			return measures{}, -1, false, err
		}
		if o.Faces == 1 && o.Landmarks != nil {
			ms = append(ms, measure(o))
			idx = append(idx, k)
		}
	}
	if len(ms) < 2 {
		return measures{}, -1, false, nil
	}
	b := medianMeasures(ms)
	best, bestD := -1, math.Inf(1)
	for i, m := range ms {
		v, ref := lids(m, b)
		if d := math.Abs(m.yaw - b.yaw); d < bestD && v >= 0.8*ref {
			best, bestD = idx[i], d
		}
	}
	if best < 0 {
		best = idx[0]
	}
	return b, best, true, nil
}

// medianMeasures is the per-measure median (the upper one for an even count); the eyes'
// over the frames where they were measured, 0 when none was.
func medianMeasures(ms []measures) measures {
	var ear, eyes, yaw, mouth []float64
	for _, m := range ms {
		ear, yaw, mouth = append(ear, m.ear), append(yaw, m.yaw), append(mouth, m.mouth)
		if m.eyes > 0 {
			eyes = append(eyes, m.eyes)
		}
	}
	return measures{ear: upperMedian(ear), eyes: upperMedian(eyes), yaw: upperMedian(yaw), mouth: upperMedian(mouth)}
}

// upperMedian is the middle value of v (the upper one for an even count), 0 for none. It
// sorts v.
func upperMedian(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sort.Float64s(v)
	return v[len(v)/2]
}

func contains(v []Challenge, c Challenge) bool {
	for _, x := range v {
		if x == c {
			return true
		}
	}
	return false
}
