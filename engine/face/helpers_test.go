package face

import (
	"os"
	"path/filepath"
	"testing"
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

// modelsDir is the fetched models directory (packaging/fetch-models.sh), or a skip.
func modelsDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "models")
	if _, err := os.Stat(filepath.Join(dir, "face-api", "face_recognition_model-weights_manifest.json")); err != nil {
		t.Skipf("models not fetched (run: bash packaging/fetch-models.sh models): %v", err)
	}
	return dir
}

// facesDir is the shared labelled face set, or a skip.
func facesDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "..", "shared", "testdata", "faces")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared face photos absent (%s): %v", dir, err)
	}
	return dir
}

// loadModels loads the face models once per test, closing them at cleanup.
func loadModels(t testing.TB) *Models {
	t.Helper()
	m, err := Load(modelsDir(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}
