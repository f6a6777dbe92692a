package mrz

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kycd/kycd/engine/ocr"
)

// specimenDir is the shared evaluation set, outside the repository (see its README).
func specimenDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "testdata", "mrz-specimens")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("MRZ specimens not available at %s: %v", dir, err)
	}
	return dir
}

func newTestReader(t testing.TB) *Reader {
	t.Helper()
	pool, err := ocr.NewPool(ocr.Config{Languages: []string{"eng"}, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pool.Close() })
	return NewReader(pool, Options{Now: testNow})
}

// Every specimen whose PassportEye score is 100 must be read fully valid.
func TestReadSpecimens(t *testing.T) {
	dir := specimenDir(t)
	r := newTestReader(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*_*.*"))
	var valid100 atomic.Int32
	// The acceptance: all ten 100_ images.
	const minValid100 = 10
	defer func() {
		if n := valid100.Load(); n < minValid100 {
			t.Errorf("%d of the 100_ specimens read fully valid, want at least %d", n, minValid100)
		}
	}()
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res, err := r.ReadImage(context.Background(), data)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("found=%v format=%s valid=%v checks=%v ms=%.0f lines=%q corr=%v", res.Found, res.Format, res.Valid, res.CheckDigits, res.MS, res.Lines, res.Corrections)
			if strings.HasPrefix(name, "100_") && res.Valid {
				valid100.Add(1)
			}
		})
	}
}
