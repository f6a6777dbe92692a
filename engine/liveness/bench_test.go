package liveness

import (
	"context"
	"path/filepath"
	"testing"

	"gocv.io/x/gocv"
)

// BenchmarkPassive is the passive analysis of one selfie after face detection: crop, both
// networks and every cue (the acceptance budget is 30 ms).
func BenchmarkPassive(b *testing.B) {
	fm, p := loadAll(b)
	img := gocv.IMRead(filepath.Join(repoRoot(b), "models", "face-api", "demo", "sample1.jpg"), gocv.IMReadColor)
	if img.Empty() {
		b.Skip("demo photo absent")
	}
	defer img.Close()
	ctx := context.Background()
	a, err := fm.Analyze(ctx, img)
	if err != nil || a.Main == nil {
		b.Fatalf("no face: %v", err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := p.Analyze(ctx, img, a); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPassiveGenuine: a genuine photo is live, and the same photo rendered as a print with
// halftone dots is not (a smoke test of the full path; the rates are in eval_test.go).
func TestPassiveGenuine(t *testing.T) {
	fm, p := loadAll(t)
	img := gocv.IMRead(filepath.Join(repoRoot(t), "models", "face-api", "demo", "sample6.jpg"), gocv.IMReadColor)
	if img.Empty() {
		t.Skip("demo photo absent")
	}
	defer img.Close()
	ctx := context.Background()
	a, err := fm.Analyze(ctx, img)
	if err != nil || a.Main == nil {
		t.Fatalf("no face: %v", err)
	}
	r, err := p.Analyze(ctx, img, a)
	if err != nil {
		t.Fatal(err)
	}
	if !r.IsLive || r.SpoofProbability > 0.5 {
		t.Errorf("genuine photo judged a spoof: %+v", r)
	}
}
