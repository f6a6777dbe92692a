package ocr

import (
	"context"
	"image"
	"image/color"
	"testing"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/internal/cheap"
)

// textLine renders a gray line of text, as the document reader hands Tesseract.
func textLine(t *testing.T, s string) ([]byte, int, int) {
	t.Helper()
	m := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(255, 0, 0, 0), 48, 420, gocv.MatTypeCV8UC1)
	defer m.Close()
	gocv.PutText(&m, s, image.Pt(8, 34), gocv.FontHersheySimplex, 1.0, color.RGBA{0, 0, 0, 255}, 2)
	return m.ToBytes(), m.Cols(), m.Rows()
}

// TestNoCHeapGrowth reads the same lines many times: after a warm-up, what Tesseract returns
// (the page text, every word) must be given back, so the C heap stays where it was. gosseract
// leaked both (~100 bytes a line here), which a kiosk saw as memory growing with every
// verification.
func TestNoCHeapGrowth(t *testing.T) {
	p, err := NewPool(Config{Languages: []string{"eng"}, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	pix, w, h := textLine(t, "KYCD VERIFY 12345 ABC")
	ctx := context.Background()
	const n = 600
	grown := cheap.Grown(30, n, func() {
		r, err := p.ReadGray(ctx, Settings{PSM: PSMSingleLine}, pix, w, h)
		if err != nil {
			t.Fatal(err)
		}
		if r.Text == "" {
			t.Fatal("nothing read from the rendered line")
		}
		if _, err := p.ReadGrayText(ctx, Settings{PSM: PSMSingleLine}, pix, w, h); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("C heap in use: %+d bytes over %d reads (%.1f per read)", grown, n, float64(grown)/n)
	// glibc's per-thread cache of freed chunks moves the count by a few KB either way; the
	// strings gosseract did not free cost ~130 bytes a read pair here, 80 KB over the run.
	if grown > n*40 {
		t.Errorf("the C heap grew by %d bytes over %d reads: something Tesseract returned is not freed", grown, n)
	}
}
