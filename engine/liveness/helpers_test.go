package liveness

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kycd/kycd/engine/face"
)

// repoRoot walks up from the test's directory to the directory holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// modelsDir is the fetched models directory with both face-api and human, or a skip.
func modelsDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "models")
	for _, f := range []string{"human/antispoof.json", "human/liveness.json", "human/facemesh.json", "human/iris.json", "face-api/face_landmark_68_model-weights_manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Skipf("models not fetched (run `make setup`): %v", err)
		}
	}
	return dir
}

// loadAll loads the face and liveness models once per test, closing them at cleanup.
func loadAll(t testing.TB) (*face.Models, Passive) {
	t.Helper()
	dir := modelsDir(t)
	fm, err := face.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fm.Close() })
	lm, err := LoadModels(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lm.Close() })
	return fm, Passive{Models: lm, Config: DefaultConfig()}
}
