package session

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/capture/capturetest"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// runCameras starts file cameras for the test and stops them at cleanup.
func runCameras(t *testing.T, srcs ...capture.Source) *capture.Set {
	t.Helper()
	set, err := capture.NewSet(srcs, capture.Options{Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { set.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return set
}

func waitStep(t *testing.T, m *Manager, id, step string, d time.Duration) (StepView, []string) {
	t.Helper()
	seen := map[string]bool{}
	var order []string
	for start := time.Now(); time.Since(start) < d; time.Sleep(50 * time.Millisecond) {
		v, err := m.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		sv := v.Steps[step]
		for _, f := range sv.Feedback {
			if !seen[f] {
				seen[f] = true
				order = append(order, f)
			}
		}
		if sv.State == StateCaptured || sv.State == StateFailed {
			return sv, order
		}
	}
	t.Fatalf("%s not captured within %s (feedback seen %v)", step, d, order)
	return StepView{}, nil
}

func TestAutoCaptureDocumentAndSelfie(t *testing.T) {
	set := runCameras(t,
		capture.Source{Name: "doc", Spec: capturetest.CardVideo(t, 25, 50)},
		capture.Source{Name: "face", Spec: capturetest.FaceVideo(t, 25, 50)})
	m := New(set, Config{Log: quiet()})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Run(ctx)
	v, err := m.Create(Options{DocumentType: "cni", Country: "FR", Cameras: Cameras{Document: "doc", Selfie: "face"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{StepDocumentFront, StepSelfie} {
		if _, err := m.Start(v.ID, step); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []string{StepDocumentFront, StepSelfie} {
		sv, fb := waitStep(t, m, v.ID, step, 20*time.Second)
		t.Logf("%s: %s, feedback seen %v", step, sv.State, fb)
		if sv.State != StateCaptured {
			t.Errorf("%s: %s (%s)", step, sv.State, sv.Error)
		}
	}
	got, err := m.BeginSubmit(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	for name, img := range map[string][]byte{"front": got.Front, "selfie": got.Selfie} {
		mat, err := gocv.IMDecode(img, gocv.IMReadColor)
		if err != nil || mat.Cols() != capturetest.Width {
			t.Errorf("%s: not a %d-wide JPEG: %v", name, capturetest.Width, err)
		}
		mat.Close()
	}
	if _, err := m.BeginSubmit(v.ID); err != ErrConflict {
		t.Errorf("second submit: %v, want ErrConflict", err)
	}
	m.EndSubmit(v.ID, "ver_test")
	if v, _ := m.Get(v.ID); v.Status != StatusSubmitted || v.VerificationID != "ver_test" {
		t.Errorf("after submit: %+v", v)
	}
}
