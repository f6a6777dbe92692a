package liveness

import (
	"bytes"
	"crypto/rand"
	"math"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kycd/kycd/engine/face"
)

// neutralFace is a frontal 68-point face (iBUG order) in a 200×200 frame: eye aspect 0.4,
// mouth opening 0.08, nose centered between the jaw ends.
func neutralFace() face.Landmarks {
	var l face.Landmarks
	for i := 0; i <= 16; i++ { // jaw: lower half-ellipse from ear to ear
		th := math.Pi * float64(i) / 16
		l[i] = face.Point{X: 100 - 80*math.Cos(th), Y: 90 + 90*math.Sin(th)}
	}
	for i := 0; i < 5; i++ { // brows
		l[17+i] = face.Point{X: 45 + 10*float64(i), Y: 60}
		l[22+i] = face.Point{X: 115 + 10*float64(i), Y: 60}
	}
	for i := 0; i < 4; i++ { // nose bridge to tip (30)
		l[27+i] = face.Point{X: 100, Y: 70 + 15*float64(i)}
	}
	for i := 0; i < 5; i++ {
		l[31+i] = face.Point{X: 88 + 6*float64(i), Y: 125}
	}
	eye := [][2]float64{{-15, 0}, {-5, -6}, {5, -6}, {15, 0}, {5, 6}, {-5, 6}}
	for i, p := range eye {
		l[36+i] = face.Point{X: 70 + p[0], Y: 80 + p[1]}
		l[42+i] = face.Point{X: 130 + p[0], Y: 80 + p[1]}
	}
	for i := 0; i < 12; i++ { // outer lip
		th := 2 * math.Pi * float64(i) / 12
		l[48+i] = face.Point{X: 100 - 25*math.Cos(th), Y: 150 - 8*math.Sin(th)}
	}
	inner := [][2]float64{{80, 150}, {90, 148}, {100, 148}, {110, 148}, {120, 150}, {110, 152}, {100, 152}, {90, 152}}
	for i, p := range inner {
		l[60+i] = face.Point{X: p[0], Y: p[1]}
	}
	return l
}

// perform returns the neutral face doing action a, with sub-pixel landmark jitter.
func perform(a Challenge, rng *mrand.Rand) face.Landmarks {
	l := neutralFace()
	switch a {
	case Blink:
		for _, i := range []int{37, 38, 40, 41, 43, 44, 46, 47} {
			l[i].Y = 80 + (l[i].Y-80)*0.2
		}
	case TurnLeft, TurnRight: // nose and inner face shift sideways: yaw ±0.4
		d := 32.0
		if a == TurnRight {
			d = -d
		}
		for i := 27; i < 68; i++ {
			l[i].X += d
		}
	case OpenMouth:
		for _, i := range []int{65, 66, 67} {
			l[i].Y += 18
		}
		for _, i := range []int{55, 56, 57, 58, 59} {
			l[i].Y += 18
		}
	}
	for i := range l {
		l[i].X += rng.Float64() - 0.5
		l[i].Y += rng.Float64() - 0.5
	}
	return l
}

// sequence renders a 15 fps recording of s where the person performs the actions in the
// given order, one per slot, from 0.8 s to 1.6 s into the slot.
func sequence(s Schedule, order []Challenge, faces int) []Observation {
	rng := mrand.New(mrand.NewPCG(1, 2))
	var obs []Observation
	for at := time.Duration(0); at < s.Total(); at += 66 * time.Millisecond {
		act := Challenge("")
		if i := s.At(at); i >= 0 && i < len(order) {
			into := at - s.LeadIn - time.Duration(i)*s.Slot
			if into >= 800*time.Millisecond && into < 1600*time.Millisecond {
				act = order[i]
			}
		}
		l := perform(act, rng)
		n := faces
		if at < s.LeadIn {
			n = 1 // a second person steps in after the lead-in
		}
		// Eye openness as eyelids.go measures it: ~0.32 open, ~0.13 closed.
		eyes := 0.32 + 0.02*(rng.Float64()-0.5)
		if act == Blink {
			eyes = 0.13
		}
		obs = append(obs, Observation{At: at, Faces: n, Landmarks: &l, Eyes: eyes})
	}
	return obs
}

// withEyes returns a copy of obs with the eye openness kept only where keep says.
func withEyes(obs []Observation, keep func(o Observation) bool) []Observation {
	out := append([]Observation(nil), obs...)
	for i := range out {
		if !keep(out[i]) {
			out[i].Eyes = 0
		}
	}
	return out
}

func TestEvaluateActive(t *testing.T) {
	asked := []Challenge{TurnLeft, Blink, OpenMouth}
	s := NewSchedule(asked)
	for _, c := range []struct {
		name    string
		obs     []Observation
		pass    bool
		failure string
	}{
		{"correct order", sequence(s, asked, 1), true, ""},
		{"still photo", sequence(s, nil, 1), false, "timeout:turn_left"},
		{"replayed other order", sequence(s, []Challenge{OpenMouth, TurnLeft, Blink}, 1), false, "wrong_action:turn_left:open_mouth"},
		{"replay for turn_right first", sequence(s, []Challenge{TurnRight, Blink, OpenMouth}, 1), false, "wrong_action:turn_left:turn_right"},
		{"blink instead of mouth", sequence(s, []Challenge{TurnLeft, Blink, Blink}, 1), false, "timeout:open_mouth"},
		{"two people", sequence(s, asked, 2), false, "several_faces"},
		{"no frames", nil, false, "no_baseline"},
		// Without eye openness the blink is judged on the landmarks' eye aspect ratio (the
		// synthetic landmarks close their eyes; face-api's on real closed eyes do not).
		{"eye aspect ratio", withEyes(sequence(s, asked, 1), func(Observation) bool { return false }), true, ""},
		// The openness measured in the lead-in only: the blink slot's frames are not
		// judged, not mixed with aspect ratios.
		{"eyes unmeasured in the blink slot", withEyes(sequence(s, asked, 1), func(o Observation) bool { return o.At < s.LeadIn }), false, "timeout:blink"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := EvaluateActive(s, c.obs, DefaultActiveConfig())
			if r.Passed != c.pass || r.Failure != c.failure {
				t.Fatalf("passed=%v failure=%q, want %v %q", r.Passed, r.Failure, c.pass, c.failure)
			}
			if c.pass && (len(r.Evidence) != len(asked) || r.BestFrame < 0) {
				t.Fatalf("evidence %v best %d", r.Evidence, r.BestFrame)
			}
		})
	}
}

// TestReplayAcrossOrders: a recording made for one order passes only that order.
func TestReplayAcrossOrders(t *testing.T) {
	recorded := []Challenge{Blink, TurnRight, OpenMouth}
	obs := sequence(NewSchedule(recorded), recorded, 1)
	passes := 0
	orders := permutations(allChallenges, 3)
	for _, o := range orders {
		if EvaluateActive(NewSchedule(o), obs, DefaultActiveConfig()).Passed {
			passes++
			if !slices.Equal(o, recorded) {
				t.Errorf("recording for %v passed order %v", recorded, o)
			}
		}
	}
	if passes != 1 {
		t.Errorf("recording passed %d of %d orders, want exactly its own", passes, len(orders))
	}
}

func TestNewChallenges(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		ch, err := NewChallenges(rand.Reader, 3)
		if err != nil {
			t.Fatal(err)
		}
		if ch[0] == ch[1] || ch[1] == ch[2] || ch[0] == ch[2] {
			t.Fatalf("repeated challenge in %v", ch)
		}
		seen[strings.Join([]string{string(ch[0]), string(ch[1]), string(ch[2])}, ",")] = true
	}
	if len(seen) != 24 {
		t.Errorf("%d distinct orders in 2000 draws, want all 24", len(seen))
	}
	if _, err := NewChallenges(bytes.NewReader(nil), 3); err == nil {
		t.Error("an exhausted random source must be an error, not a fixed order")
	}
	if _, err := NewChallenges(rand.Reader, 5); err == nil {
		t.Error("5 challenges accepted")
	}
}

func permutations(pool []Challenge, k int) [][]Challenge {
	if k == 0 {
		return [][]Challenge{nil}
	}
	var out [][]Challenge
	for i, c := range pool {
		rest := append(append([]Challenge(nil), pool[:i]...), pool[i+1:]...)
		for _, p := range permutations(rest, k-1) {
			out = append(out, append([]Challenge{c}, p...))
		}
	}
	return out
}

func TestGeometry(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(3, 4))
	n := neutralFace()
	for _, c := range []struct {
		name      string
		l         face.Landmarks
		ear, yaw  [2]float64
		mouthOpen [2]float64
	}{
		{"neutral", n, [2]float64{0.35, 0.45}, [2]float64{-0.05, 0.05}, [2]float64{0, 0.12}},
		{"blink", perform(Blink, rng), [2]float64{0, 0.15}, [2]float64{-0.05, 0.05}, [2]float64{0, 0.12}},
		{"turn left", perform(TurnLeft, rng), [2]float64{0.3, 0.5}, [2]float64{0.3, 0.5}, [2]float64{0, 0.12}},
		{"turn right", perform(TurnRight, rng), [2]float64{0.3, 0.5}, [2]float64{-0.5, -0.3}, [2]float64{0, 0.12}},
		{"open mouth", perform(OpenMouth, rng), [2]float64{0.3, 0.5}, [2]float64{-0.05, 0.05}, [2]float64{0.3, 0.6}},
	} {
		e, y, m := EyeAspectRatio(&c.l), Yaw(&c.l), MouthOpening(&c.l)
		if e < c.ear[0] || e > c.ear[1] || y < c.yaw[0] || y > c.yaw[1] || m < c.mouthOpen[0] || m > c.mouthOpen[1] {
			t.Errorf("%s: ear %.2f yaw %.2f mouth %.2f", c.name, e, y, m)
		}
	}
}
