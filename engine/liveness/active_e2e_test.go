package liveness

import (
	"context"
	"image"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/internal/benchcpu"
)

// actionClip holds one JPEG per action of a face photo at kiosk resolution.
type actionClip struct {
	jpeg map[Challenge][]byte
}

// newActionClip renders a kiosk-like frame (16:9, 1280 px, the face a third of the width)
// cut around the face of a frontal portrait from the shared test faces doing each challenge.
func newActionClip(t testing.TB, fm *face.Models) actionClip {
	t.Helper()
	src := gocv.IMRead(filepath.Join(repoRoot(t), "..", "shared", "testdata", "faces", "rose_leslie", "rose_leslie-1.jpg"), gocv.IMReadColor)
	if src.Empty() {
		t.Skip("../shared/testdata/faces absent")
	}
	defer src.Close()
	a, err := fm.Analyze(context.Background(), src)
	if err != nil || a.Main == nil {
		t.Fatalf("no face in the clip photo: %v", err)
	}
	fr := landmarkRect(&a.Main.Landmarks)
	w := 3 * fr.Dx()
	c0 := fr.Min.Add(fr.Max).Div(2)
	cut := image.Rect(c0.X-w/2, c0.Y-w*9/32, c0.X+w/2, c0.Y+w*9/32).Intersect(image.Rect(0, 0, src.Cols(), src.Rows()))
	roi := src.Region(cut)
	img := gocv.NewMat()
	defer img.Close()
	gocv.Resize(roi, &img, image.Pt(1280, 1280*cut.Dy()/cut.Dx()), 0, 0, gocv.InterpolationCubic)
	roi.Close()
	if a, err = fm.Analyze(context.Background(), img); err != nil || a.Main == nil || len(a.Detections) != 1 {
		t.Fatalf("want one face in the clip frame, got %d: %v", len(a.Detections), err)
	}
	c := actionClip{jpeg: map[Challenge][]byte{}}
	for _, act := range append([]Challenge{""}, allChallenges...) {
		f := actionFrame(img, &a.Main.Landmarks, act)
		buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, f, []int{gocv.IMWriteJpegQuality, 85})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		c.jpeg[act] = append([]byte(nil), buf.GetBytes()...)
		buf.Close()
	}
	return c
}

// record is a 15 fps recording of s where the person performs order, one action per slot
// from 0.8 s to 1.6 s into it (the timing of sequence in active_test.go); "" in order is a
// slot where the person does nothing. The rate drops under 15 fps when the schedule would
// need more than MaxFrames (four challenges: 13.5 s, 14.8 fps).
func (c actionClip) record(s Schedule, order []Challenge) *Recording {
	r := &Recording{Schedule: s}
	step := max(66*time.Millisecond, s.Total()/MaxFrames)
	for at := time.Duration(0); at < s.Total(); at += step {
		act := Challenge("")
		if i := s.At(at); i >= 0 && i < len(order) {
			into := at - s.LeadIn - time.Duration(i)*s.Slot
			if into >= 800*time.Millisecond && into < 1600*time.Millisecond {
				act = order[i]
			}
		}
		r.Frames = append(r.Frames, c.jpeg[act])
		r.Times = append(r.Times, at)
	}
	return r
}

// TestActionFrames: the models see each synthetic action as the challenge it stands for
// (the thresholds of DefaultActiveConfig against the neutral frame), on the frames as they
// are and decoded at half size as Recording.Evaluate reads them: closed eyes are closed for
// the eye openness of eyelids.go, and reopening completes the blink; the open frames, the
// turns and the open mouth are not closed eyes.
func TestActionFrames(t *testing.T) {
	fm, p := loadAll(t)
	clip := newActionClip(t, fm)
	measureJPEG := func(b []byte, flags gocv.IMReadFlag) measures {
		img, err := decodeFrame(b, flags)
		if err != nil {
			t.Fatal(err)
		}
		defer img.Close()
		_, ls, err := fm.Landmarks(context.Background(), img)
		if err != nil || len(ls) == 0 {
			t.Fatalf("no landmarks: %v", err)
		}
		eyes, err := p.Models.EyeOpenness(img, &ls[0])
		if err != nil {
			t.Fatal(err)
		}
		return measure(Observation{Landmarks: &ls[0], Eyes: eyes})
	}
	cfg := DefaultActiveConfig()
	for _, scale := range []struct {
		name  string
		flags gocv.IMReadFlag
	}{{"full", gocv.IMReadColor}, {"half", gocv.IMReadReducedColor2}} {
		base := measureJPEG(clip.jpeg[""], scale.flags)
		for _, act := range allChallenges {
			t.Run(scale.name+"/"+string(act), func(t *testing.T) {
				m := measureJPEG(clip.jpeg[act], scale.flags)
				t.Logf("eyes %.3f→%.3f (%.0f %%; ear %.3f→%.3f) yaw %.3f→%.3f mouth %.3f→%.3f", base.eyes, m.eyes,
					100*m.eyes/base.eyes, base.ear, m.ear, base.yaw, m.yaw, base.mouth, m.mouth)
				closed := m.eyes < cfg.BlinkClosed*base.eyes
				seen := actions(m, base, cfg, new(bool))
				if act == Blink {
					if !closed {
						t.Fatalf("synthetic closed eyes not seen as closed (eyes %.3f, baseline %.3f)", m.eyes, base.eyes)
					}
					if len(seen) != 0 {
						t.Errorf("closed eyes seen as %v", seen)
					}
					if wasClosed := true; !slices.Equal(actions(base, base, cfg, &wasClosed), []Challenge{Blink}) {
						t.Error("reopened eyes after closed ones not seen as a blink")
					}
					return
				}
				if len(seen) != 1 || seen[0] != act || closed || m.eyes < cfg.BlinkOpen*base.eyes {
					t.Errorf("saw %v (eyes closed %v, %.0f %% open), want only %s", seen, closed, 100*m.eyes/base.eyes, act)
				}
			})
		}
	}
}

// TestEvaluateRecording runs the kiosk path end to end through the face models: sampled,
// tracked landmarks on JPEG frames, the eyes measured in the lead-in and the blink slot,
// against the schedule.
func TestEvaluateRecording(t *testing.T) {
	fm, p := loadAll(t)
	clip := newActionClip(t, fm)
	asked := []Challenge{Blink, TurnRight, OpenMouth, TurnLeft}
	s := NewSchedule(asked)
	for _, c := range []struct {
		name    string
		order   []Challenge
		pass    bool
		failure string
	}{
		{"correct order", asked, true, ""},
		{"still photo", nil, false, "timeout:blink"},
		{"other order", []Challenge{TurnRight, Blink, OpenMouth, TurnLeft}, false, "wrong_action:blink:turn_right"},
		{"last two swapped", []Challenge{Blink, TurnRight, TurnLeft, OpenMouth}, false, "wrong_action:open_mouth:turn_left"},
		// Blinks at the wrong time: one slot late (the blink slot passes without one), and
		// in place of the turn (a blink is no turn, and not a wrong action either).
		{"blink one slot late", []Challenge{"", Blink, OpenMouth, TurnLeft}, false, "timeout:blink"},
		{"blink instead of turn", []Challenge{Blink, Blink, OpenMouth, TurnLeft}, false, "timeout:turn_right"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := clip.record(s, c.order)
			start := time.Now()
			r, err := rec.Evaluate(context.Background(), fm, p.Models, DefaultActiveConfig())
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d frames evaluated in %v: %+v", len(rec.Frames), time.Since(start), r)
			if r.Passed != c.pass || r.Failure != c.failure {
				t.Fatalf("passed=%v failure=%q, want %v %q", r.Passed, r.Failure, c.pass, c.failure)
			}
			if c.pass && (len(r.Evidence) != len(asked) || r.BestFrame < 0 || r.BestFrame >= len(rec.Frames)) {
				t.Fatalf("evidence %v best %d", r.Evidence, r.BestFrame)
			}
		})
	}
}

// BenchmarkEvaluateRecording is the active check's cost at submit for a passing 10.5 s,
// 15 fps recording of 1280-px frames (target: ≤ 1 s), without a blink (the landmarks
// alone) and with one first (the eyes measured in the lead-in and the blink slot).
func BenchmarkEvaluateRecording(b *testing.B) {
	fm, p := loadAll(b)
	clip := newActionClip(b, fm)
	for _, asked := range [][]Challenge{{TurnLeft, OpenMouth, TurnRight}, {Blink, TurnRight, OpenMouth}} {
		rec := clip.record(NewSchedule(asked), asked)
		b.Run(string(asked[0])+"_first", func(b *testing.B) {
			defer benchcpu.Start(b, "cpu-ms/op")()
			for b.Loop() {
				r, err := rec.Evaluate(context.Background(), fm, p.Models, DefaultActiveConfig())
				if err != nil || !r.Passed {
					b.Fatalf("%v %+v", err, r)
				}
			}
		})
	}
}

// BenchmarkEyeOpenness is the per-frame eye measure on a kiosk frame (1280 px wide, the
// face a third of it) once the landmarks are known: face crop, mesh, two eye crops and two
// iris passes.
func BenchmarkEyeOpenness(b *testing.B) {
	fm, p := loadAll(b)
	clip := newActionClip(b, fm)
	img, err := decodeFrame(clip.jpeg[""], gocv.IMReadColor)
	if err != nil {
		b.Fatal(err)
	}
	defer img.Close()
	_, ls, err := fm.Landmarks(context.Background(), img)
	if err != nil || len(ls) == 0 {
		b.Fatalf("no landmarks: %v", err)
	}
	defer benchcpu.Start(b, "cpu-ms/op")()
	for b.Loop() {
		if _, err := p.Models.EyeOpenness(img, &ls[0]); err != nil {
			b.Fatal(err)
		}
	}
}
