package engine

import (
	"context"
	"errors"
	"image"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/liveness"
)

// livenessCheck loads the face and liveness models, or skips.
func livenessCheck(t *testing.T) Liveness {
	t.Helper()
	models := repoFile(t, "models")
	if _, err := os.Stat(filepath.Join(models, "human", "antispoof.json")); err != nil {
		t.Skip("models/ absent: run `make setup`")
	}
	fm, err := face.Load(models)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fm.Close() })
	lm, err := liveness.LoadModels(models)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lm.Close() })
	return Liveness{Faces: fm, Passive: liveness.Passive{Models: lm, Config: liveness.DefaultConfig()},
		Active: liveness.DefaultActiveConfig()}
}

// jpegOf encodes m and decodes it the way a request image is.
func jpegOf(t *testing.T, m gocv.Mat) []byte {
	t.Helper()
	buf, err := gocv.IMEncode(gocv.JPEGFileExt, m)
	if err != nil {
		t.Fatal(err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...)
}

func decoded(t *testing.T, b []byte) *imageio.Image {
	t.Helper()
	im, err := imageio.Decode(b, imageio.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { im.Close() })
	return im
}

// TestLivenessCheck runs the check as the pipeline does: a genuine selfie passes, the same
// photo shown on a screen fails with a signal, a kiosk recording of a still photo fails the
// challenges, and a request with neither selfie nor recording is not applicable.
func TestLivenessCheck(t *testing.T) {
	c := livenessCheck(t)
	path := repoFile(t, "../shared/testdata/faces/rose_leslie/rose_leslie-1.jpg")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s absent: %v", path, err)
	}
	photo := decoded(t, raw)
	a, err := c.Faces.Analyze(context.Background(), photo.Mat)
	if err != nil || a.Main == nil {
		t.Fatalf("no face: %v", err)
	}
	b := a.Main.Detection.Box
	screen, err := liveness.SimulateAttack(liveness.AttackScreen, photo.Mat,
		image.Rect(int(b.X), int(b.Y), int(b.X+b.W), int(b.Y+b.H)), 7)
	if err != nil {
		t.Fatal(err)
	}
	attack := decoded(t, jpegOf(t, screen))
	screen.Close()
	// A still photo in front of the kiosk camera: the same frame for the whole schedule.
	still := &liveness.Recording{Schedule: liveness.NewSchedule([]liveness.Challenge{liveness.TurnLeft, liveness.OpenMouth, liveness.TurnRight})}
	for at := time.Duration(0); at < still.Schedule.Total(); at += 200 * time.Millisecond {
		still.Frames, still.Times = append(still.Frames, raw), append(still.Times, at)
	}
	for _, tc := range []struct {
		name       string
		in         Input
		applicable bool
		status     string
		signal     string
	}{
		{"genuine selfie", Input{Selfie: photo}, true, CheckPassed, ""},
		{"screen replay", Input{Selfie: attack}, true, CheckFailed, ""},
		{"still photo at the kiosk", Input{Liveness: still}, true, CheckFailed, signalActiveFailed},
		{"nothing to judge", Input{}, false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			err := c.Applicable(&in)
			if (err == nil) != tc.applicable || (err != nil && !errors.Is(err, ErrCheckNotApplicable)) {
				t.Fatalf("Applicable: %v, want applicable=%v", err, tc.applicable)
			}
			if !tc.applicable {
				return
			}
			j := &Job{In: &in, V: &Verification{}}
			if err := c.Run(context.Background(), j); err != nil {
				t.Fatal(err)
			}
			got := j.V.Checks.Liveness
			if got == nil || got.Status != tc.status || got.IsLive != (tc.status == CheckPassed) {
				t.Fatalf("result %+v, want status %s", got, tc.status)
			}
			if tc.status == CheckFailed && len(j.Signals) == 0 {
				t.Error("a failed liveness check must say why (no signal)")
			}
			if tc.signal != "" && !slices.ContainsFunc(j.Signals, func(s Signal) bool { return s.Code == tc.signal }) {
				t.Errorf("signals %+v, want %s", j.Signals, tc.signal)
			}
		})
	}
}
