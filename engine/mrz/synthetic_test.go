package mrz_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kycd/kycd/engine/mrz"
	"github.com/kycd/kycd/engine/specimen"
)

// syntheticSeeds is the CI-sized synthetic set: degraded photos (any rotation, perspective,
// blur, noise, glare, JPEG) of every MRZ format, with their ground truth. The wider evaluation
// is `kycd bench mrz --synthetic 500`.
const (
	syntheticFirstSeed = 1001
	syntheticCount     = 40
	minSyntheticExact  = 39
)

func TestReadSynthetic(t *testing.T) {
	gen, err := specimen.NewGenerator("")
	if err != nil {
		t.Skipf("OCR-B font not available: %v", err)
	}
	r := mrz.NewReader(nil, mrz.Options{})
	exact, valid := 0, 0
	for seed := uint64(syntheticFirstSeed); seed < syntheticFirstSeed+syntheticCount; seed++ {
		s, err := gen.Sample(seed, "", true)
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.ReadImage(context.Background(), s.Image)
		if err != nil {
			t.Fatal(err)
		}
		if res.Valid {
			valid++
		}
		if res.Valid && slices.Equal(res.Lines, s.Lines) {
			exact++
			continue
		}
		t.Logf("seed %d %s: found=%v valid=%v read %q, printed %q", seed, s.Format, res.Found, res.Valid, res.Lines, s.Lines)
	}
	t.Logf("%d of %d fully valid, %d valid and exact", valid, syntheticCount, exact)
	if exact < minSyntheticExact {
		t.Errorf("%d of %d synthetic photos read valid and exact, want at least %d", exact, syntheticCount, minSyntheticExact)
	}
}
