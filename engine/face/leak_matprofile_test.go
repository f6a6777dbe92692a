//go:build matprofile

package face

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"gocv.io/x/gocv"
)

// TestNoMatLeak compares many photo pairs and checks that no gocv Mat outlives them.
// Run: go test -tags matprofile -run NoMatLeak ./engine/face/ (KYCD_LEAK_N sets the count).
func TestNoMatLeak(t *testing.T) {
	n := 200
	if v, err := strconv.Atoi(os.Getenv("KYCD_LEAK_N")); err == nil {
		n = v
	}
	dir := facesDir(t)
	m := loadModels(t)
	a := gocv.IMRead(filepath.Join(dir, "obama", "obama-4.jpg"), gocv.IMReadColor)
	defer a.Close()
	b := gocv.IMRead(filepath.Join(dir, "_multi", "kit_with_rose.jpg"), gocv.IMReadGrayScale) // grey: exercises the conversion path
	defer b.Close()
	// Large faces: the coarse detector pass decides (the pair above needs the full pass).
	c := gocv.IMRead(filepath.Join(dir, "obama", "obama-3.jpg"), gocv.IMReadColor)
	defer c.Close()
	d := gocv.IMRead(filepath.Join(dir, "biden", "biden-2.jpg"), gocv.IMReadColor)
	defer d.Close()
	before := gocv.MatProfile.Count()
	for i := 0; i < n; i++ {
		x, y := a, b
		if i%2 == 1 {
			x, y = c, d
		}
		if _, err := m.Match(context.Background(), x, y); err != nil {
			t.Fatal(err)
		}
		if (i+1)%1000 == 0 {
			t.Logf("%d comparisons, Mats alive %d", i+1, gocv.MatProfile.Count())
		}
	}
	if after := gocv.MatProfile.Count(); after != before {
		t.Errorf("gocv Mats alive: %d before, %d after %d comparisons", before, after, n)
	}
	t.Logf("%d comparisons, Mats alive before %d, after %d", n, before, gocv.MatProfile.Count())
}
