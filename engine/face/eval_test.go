package face

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalSharedFaces(t *testing.T) {
	dir := facesDir(t)
	m := loadModels(t)
	r, err := m.Eval(context.Background(), dir, filepath.Join(modelsDir(t), "face-api", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	r.WriteTable(&b, m.Config().Threshold)
	t.Log("\n" + b.String())
	if os.Getenv("KYCD_EVAL_PAIRS") != "" {
		for _, p := range r.Pairs {
			t.Logf("%v %.4f %s %s", p.Genuine, p.Distance, p.A, p.B)
		}
	}
	maxD := DistanceForSimilarity(m.Config().Threshold)
	for _, im := range r.Images {
		if im.Desc == nil {
			t.Errorf("no face in %s", im.Path)
		}
	}
	for _, p := range r.Pairs {
		if p.Genuine && p.Distance > maxD {
			t.Errorf("genuine pair rejected: %s %s distance %.4f", p.A, p.B, p.Distance)
		}
		if !p.Genuine && p.Distance <= maxD {
			t.Errorf("impostor pair accepted: %s %s distance %.4f", p.A, p.B, p.Distance)
		}
	}
}
