package session

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/capture/capturetest"
	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/liveness"
)

// loadFaces loads the face models the setup step fetched (CI always has them).
func loadFaces(t *testing.T) *face.Models {
	t.Helper()
	dir := filepath.Join("..", "..", "models")
	if _, err := os.Stat(filepath.Join(dir, "face-api")); err != nil {
		t.Skipf("models not fetched (run `make setup`): %v", err)
	}
	m, err := face.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// A still face in front of the camera during the liveness step: the step shows the live
// challenge feedback frame by frame (lead-in, then the first slot with a face in view) and
// the sequence is decided as failed — a photo performs no action.
func TestLivenessLiveFeedback(t *testing.T) {
	faces := loadFaces(t)
	set := runCameras(t, capture.Source{Name: "face", Spec: capturetest.FaceVideo(t, 5, 100)})
	live, err := liveness.LoadModels(filepath.Join("..", "..", "models"))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	// With the eyelid models: a still face's eyes never close, whatever the challenges.
	m := New(set, Config{Log: quiet(), Landmarks: faces, Eyes: live})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Run(ctx)
	v, err := m.Create(Options{DocumentType: "cni", Country: "FR", Cameras: Cameras{Selfie: "face"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Start(v.ID, StepLiveness); err != nil {
		t.Fatal(err)
	}
	slots := map[int]bool{}
	var last StepView
	for start := time.Now(); time.Since(start) < 60*time.Second; time.Sleep(50 * time.Millisecond) {
		got, err := m.Get(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		last = got.Steps[StepLiveness]
		if last.Live != nil {
			slots[last.Live.Slot] = true
		}
		if last.State == StateCaptured || last.State == StateFailed {
			break
		}
	}
	if last.State != StateCaptured {
		t.Fatalf("liveness step: %s (%s)", last.State, last.Error)
	}
	if last.Live == nil {
		t.Fatal("no live feedback with a landmark finder")
	}
	t.Logf("slots seen %v, final %+v", slots, *last.Live)
	if !slots[-1] && !slots[0] {
		t.Errorf("neither the lead-in nor the first slot was shown: %v", slots)
	}
	if !last.Live.Done || last.Live.Passed || last.Live.Failure == "" {
		t.Errorf("a still face: live verdict %+v, want decided and failed", *last.Live)
	}
	if last.Live.Hint == "no_face" {
		t.Errorf("the face in view was not found: %+v", *last.Live)
	}
}
