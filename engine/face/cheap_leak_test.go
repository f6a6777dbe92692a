package face

import (
	"context"
	"path/filepath"
	"testing"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/internal/cheap"
)

// TestAnalyzeGivesBackCHeap analyzes the same photo many times: after a warm-up the C heap
// must stay where it was. gocv's ForwardLayers leaked the names of the SSD's 12 outputs on
// every detection (~800 bytes), before the graph's outputs were packed into one.
func TestAnalyzeGivesBackCHeap(t *testing.T) {
	m := loadModels(t)
	img := gocv.IMRead(filepath.Join(modelsDir(t), "face-api", "demo", "sample2.jpg"), gocv.IMReadColor)
	if img.Empty() {
		t.Skip("demo photo absent (run make setup)")
	}
	defer img.Close()
	const n = 150
	grown := cheap.Grown(10, n, func() {
		a, err := m.Analyze(context.Background(), img)
		if err != nil {
			t.Fatal(err)
		}
		if a.Main == nil {
			t.Fatal("no face found in the demo photo")
		}
	})
	t.Logf("C heap in use: %+d bytes over %d analyses (%.1f per analysis)", grown, n, float64(grown)/n)
	if grown > n*200 {
		t.Errorf("the C heap grew by %d bytes over %d analyses: something is not freed", grown, n)
	}
}
