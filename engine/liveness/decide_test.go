package liveness

import (
	"slices"
	"testing"
)

// TestDecideSignals: each cue past its limit raises its signal (and review where the image
// cannot be judged), on an otherwise ordinary genuine-looking measurement.
func TestDecideSignals(t *testing.T) {
	c := DefaultConfig()
	nets := NetScores{Antispoof: 0.7, Liveness: 0.95}
	base := Cues{Periodicity: 1.1, Sharpness: 300, Saturation: 0.4, FaceWidth: 0.3, EyeAspect: 0.3, Faces: 1, DarkLevel: 0.06, Brisque: 20, Halftone: 0.4, FaceEdge: 1.9, RingEdge: 1.9}
	for _, tc := range []struct {
		name   string
		edit   func(*Cues)
		signal string
		review bool
	}{
		{"genuine", func(*Cues) {}, "", false},
		{"periodic pattern", func(q *Cues) { q.Periodicity = 3.4 }, SignalScreen, false},
		{"halftone all around the face", func(q *Cues) { q.Halftone = 1.2 }, SignalScreen, false},
		{"glare", func(q *Cues) { q.Glare = 0.05 }, SignalGlare, false},
		{"blurred", func(q *Cues) { q.Sharpness = 10 }, SignalLowQuality, true},
		{"degraded", func(q *Cues) { q.Brisque = 90 }, SignalLowQuality, true},
		{"small face", func(q *Cues) { q.FaceWidth = 0.05 }, SignalFaceTooSmall, false},
		{"eyes closed", func(q *Cues) { q.EyeAspect = 0.1 }, SignalEyesClosed, true},
		{"two faces", func(q *Cues) { q.Faces = 2 }, SignalSeveralFaces, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := base
			tc.edit(&q)
			r := c.decide(nets, q)
			if tc.signal == "" {
				if len(r.Signals) != 0 || !r.IsLive || r.Review {
					t.Errorf("genuine cues judged %+v", r)
				}
				return
			}
			if !slices.Contains(r.Signals, tc.signal) || r.Review != tc.review {
				t.Errorf("signals %v review %v, want %s review %v", r.Signals, r.Review, tc.signal, tc.review)
			}
		})
	}
	// Every feature is attack-increasing: raising any one raises the spoof probability.
	p0 := c.decide(nets, base).SpoofProbability
	for name, edit := range map[string]func(*Cues){
		"periodicity": func(q *Cues) { q.Periodicity = 2.5 }, "blur": func(q *Cues) { q.Sharpness = 40 },
		"dark level": func(q *Cues) { q.DarkLevel = 0.25 }, "closure": func(q *Cues) { q.Closure = 0.6 },
		"saturation": func(q *Cues) { q.Saturation = 0.15 }, "border": func(q *Cues) { q.Border = 1 },
		"halftone": func(q *Cues) { q.Halftone = 0.8 }, "defocused surroundings": func(q *Cues) { q.RingEdge = 1.2 },
		"cut outline": func(q *Cues) { q.Outline = 0.5 },
	} {
		q := base
		edit(&q)
		if p := c.decide(nets, q).SpoofProbability; p <= p0 {
			t.Errorf("%s: spoof probability %.3f, not above %.3f", name, p, p0)
		}
	}
}

// TestRecapturedExplainsAFailingVerdict: the recapture cues raise liveness_recaptured only
// when the verdict is an attack; on a selfie judged live they are already weighed in it.
func TestRecapturedExplainsAFailingVerdict(t *testing.T) {
	c := DefaultConfig()
	q := Cues{Periodicity: 1.1, Sharpness: 60, Saturation: 0.4, FaceWidth: 0.3, EyeAspect: 0.3, Faces: 1, DarkLevel: 0.2, Brisque: 20, Halftone: 0.4, Closure: 0.5, FaceEdge: 1.9, RingEdge: 1.3}
	for _, tc := range []struct {
		name string
		nets NetScores
		live bool
	}{
		{"networks sure it is live", NetScores{Antispoof: 0.98, Liveness: 0.99}, true},
		{"networks see an attack", NetScores{Antispoof: 0.05, Liveness: 0.1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.decide(tc.nets, q)
			if r.IsLive != tc.live {
				t.Fatalf("judged live %v (p %.3f), want %v", r.IsLive, r.SpoofProbability, tc.live)
			}
			if got := slices.Contains(r.Signals, SignalRecaptured); got == tc.live {
				t.Errorf("signals %v: recaptured %v on a verdict live=%v", r.Signals, got, r.IsLive)
			}
		})
	}
}
