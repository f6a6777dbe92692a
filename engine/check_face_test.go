package engine

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/risk"
)

// repoFile finds path relative to the repository root (where go.mod is).
func repoFile(t *testing.T, path string) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, path)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

func loadImage(t *testing.T, path string) *imageio.Image {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s absent (../shared/testdata is read from beside the repo): %v", path, err)
	}
	im, err := imageio.Decode(data, imageio.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { im.Close() })
	return im
}

func TestFaceMatchCheck(t *testing.T) {
	models := repoFile(t, "models")
	if _, err := os.Stat(filepath.Join(models, "face-api")); err != nil {
		t.Skip("models/ absent: run `make setup`")
	}
	m, err := face.Load(models)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	e, err := New(risk.DefaultPolicy(), FaceMatch{Models: m})
	if err != nil {
		t.Fatal(err)
	}
	faces := repoFile(t, "../shared/testdata/faces")
	tests := []struct {
		name, doc, selfie string
		status            string
		signal            string
	}{
		{"same person", "obama/obama-1.jpg", "obama/obama-2.jpg", CheckPassed, ""},
		{"another person", "obama/obama-1.jpg", "biden/biden-1.jpg", CheckFailed, "face_mismatch"},
		{"two people on the selfie", "obama/obama-2.jpg", "_multi/obama_and_biden.jpg", "", "multiple_faces_selfie"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &Input{Front: loadImage(t, filepath.Join(faces, tt.doc)), Selfie: loadImage(t, filepath.Join(faces, tt.selfie))}
			v := &Verification{}
			if err := e.Verify(context.Background(), in, []string{CheckFaceMatch}, v); err != nil {
				t.Fatal(err)
			}
			fm := v.Checks.FaceMatch
			if fm == nil || (tt.status != "" && fm.Status != tt.status) {
				t.Fatalf("face_match = %+v, want %s", fm, tt.status)
			}
			if fm.SimilarityScore < 0 || fm.SimilarityScore > 1 || fm.Threshold <= 0 || fm.Threshold >= 1 {
				t.Fatalf("scores out of 0..1: %+v", fm)
			}
			codes := []string{}
			for _, s := range v.FraudSignals {
				codes = append(codes, s.Code)
			}
			if tt.signal != "" && !slices.Contains(codes, tt.signal) {
				t.Fatalf("signals %v lack %s", codes, tt.signal)
			}
			if (v.Status == StatusReview || v.Status == StatusRejected) && len(codes) == 0 {
				t.Fatalf("%s without a signal", v.Status)
			}
		})
	}
}
