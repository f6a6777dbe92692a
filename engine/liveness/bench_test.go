package liveness

import (
	"context"
	"image"
	"path/filepath"
	"testing"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/internal/benchcpu"
)

// BenchmarkPassive is the passive analysis of one selfie after face detection: crop, both
// networks and every cue (the acceptance budget is 30 ms), on the demo photo as it is
// (1920×1280) and cut and reduced to a kiosk camera's 1280×720 frame.
func BenchmarkPassive(b *testing.B) {
	fm, p := loadAll(b)
	img := gocv.IMRead(filepath.Join(repoRoot(b), "models", "face-api", "demo", "sample1.jpg"), gocv.IMReadColor)
	if img.Empty() {
		b.Skip("demo photo absent")
	}
	defer img.Close()
	frame := gocv.NewMat()
	defer frame.Close()
	h := img.Cols() * 9 / 16 // the 16:9 band through the middle, then 1280×720
	band := img.Region(image.Rect(0, (img.Rows()-h)/2, img.Cols(), (img.Rows()-h)/2+h))
	gocv.Resize(band, &frame, image.Pt(1280, 720), 0, 0, gocv.InterpolationArea)
	band.Close()
	for _, c := range []struct {
		name string
		img  gocv.Mat
	}{{"photo1920x1280", img}, {"kiosk1280x720", frame}} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			a, err := fm.Analyze(ctx, c.img)
			if err != nil || a.Main == nil {
				b.Fatalf("no face: %v", err)
			}
			defer benchcpu.Start(b, "cpu-ms/op")()
			for b.Loop() {
				if _, err := p.Analyze(ctx, c.img, a); err != nil {
					b.Fatal(err)
				}
			}
		})
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
