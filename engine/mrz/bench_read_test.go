package mrz_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kycd/kycd/engine/mrz"
	"github.com/kycd/kycd/engine/specimen"
)

// BenchmarkRead reads one real specimen photo and one degraded synthetic photo (ms per image).
func BenchmarkRead(b *testing.B) {
	r := mrz.NewReader(nil, mrz.Options{})
	images := map[string][]byte{}
	if data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "testdata", "mrz-specimens", "100_pass-ltu.jpg")); err == nil {
		images["specimen"] = data
	}
	if gen, err := specimen.NewGenerator(""); err == nil {
		if s, err := gen.Sample(1, mrz.TD3, true); err == nil {
			images["synthetic"] = s.Image
		}
	}
	for name, data := range images {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.ReadImage(context.Background(), data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
