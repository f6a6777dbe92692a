package liveness

import (
	"context"
	"image"
	"path/filepath"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
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
// from 0.8 s to 1.6 s into it (the timing of sequence in active_test.go).
func (c actionClip) record(s Schedule, order []Challenge) *Recording {
	r := &Recording{Schedule: s}
	for at := time.Duration(0); at < s.Total(); at += 66 * time.Millisecond {
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

// TestActionFrames: the face models see each synthetic action as the challenge it stands
// for (the thresholds of DefaultActiveConfig against the neutral frame).
func TestActionFrames(t *testing.T) {
	fm, _ := loadAll(t)
	clip := newActionClip(t, fm)
	measureJPEG := func(b []byte) measures {
		img, err := decodeFrame(b, gocv.IMReadColor)
		if err != nil {
			t.Fatal(err)
		}
		defer img.Close()
		_, ls, err := fm.Landmarks(context.Background(), img)
		if err != nil || len(ls) == 0 {
			t.Fatalf("no landmarks: %v", err)
		}
		return measure(&ls[0])
	}
	base := measureJPEG(clip.jpeg[""])
	cfg := DefaultActiveConfig()
	for _, act := range allChallenges {
		t.Run(string(act), func(t *testing.T) {
			m := measureJPEG(clip.jpeg[act])
			t.Logf("ear %.3f→%.3f yaw %.3f→%.3f mouth %.3f→%.3f", base.ear, m.ear, base.yaw, m.yaw, base.mouth, m.mouth)
			closed := m.ear < cfg.BlinkClosed*base.ear
			seen := actions(m, base, cfg, new(bool))
			if act == Blink {
				if !closed {
					// face-api's 68-point network keeps the eye contour open on closed eyes:
					// with the upper lids warped down onto the lower lids (closeEye: the iris
					// and sclera gone, lid skin and lashes in their place) the eye aspect ratio
					// moves 0.31 → 0.29 here, and between +2 % and −12 % on the 15 shared photos,
					// where a blink needs −40 %. Its shape prior (300-W has few closed eyes)
					// wins over the pixels, so no synthetic blink can pass through it; the blink
					// challenge needs a real recording or an eyelid-aware landmark model.
					t.Skipf("synthetic closed eyes not seen as closed (ear %.2f, baseline %.2f)", m.ear, base.ear)
				}
				if len(seen) != 0 {
					t.Errorf("closed eyes seen as %v", seen)
				}
				return
			}
			if len(seen) != 1 || seen[0] != act || closed {
				t.Errorf("saw %v (eyes closed %v), want only %s", seen, closed, act)
			}
		})
	}
}

// TestEvaluateRecording runs the kiosk path end to end through the face models: sampled,
// tracked landmarks on JPEG frames, against the schedule.
func TestEvaluateRecording(t *testing.T) {
	fm, _ := loadAll(t)
	clip := newActionClip(t, fm)
	// No blink: see TestActionFrames.
	asked := []Challenge{TurnRight, OpenMouth, TurnLeft}
	s := NewSchedule(asked)
	for _, c := range []struct {
		name    string
		order   []Challenge
		pass    bool
		failure string
	}{
		{"correct order", asked, true, ""},
		{"still photo", nil, false, "timeout:turn_right"},
		{"other order", []Challenge{TurnLeft, OpenMouth, TurnRight}, false, "wrong_action:turn_right:turn_left"},
		{"last two swapped", []Challenge{TurnRight, TurnLeft, OpenMouth}, false, "wrong_action:open_mouth:turn_left"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := clip.record(s, c.order)
			start := time.Now()
			r, err := rec.Evaluate(context.Background(), fm, DefaultActiveConfig())
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
// 15 fps recording of 1280-px frames (target: ≤ 1 s).
func BenchmarkEvaluateRecording(b *testing.B) {
	fm, _ := loadAll(b)
	clip := newActionClip(b, fm)
	asked := []Challenge{TurnLeft, OpenMouth, TurnRight}
	rec := clip.record(NewSchedule(asked), asked)
	b.ResetTimer()
	for b.Loop() {
		r, err := rec.Evaluate(context.Background(), fm, DefaultActiveConfig())
		if err != nil || !r.Passed {
			b.Fatalf("%v %+v", err, r)
		}
	}
}
