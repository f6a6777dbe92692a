package liveness

import (
	"image"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"gocv.io/x/gocv"
)

// brisqueOrSkip loads OpenCV's BRISQUE model, or skips when opencv-data is not installed.
func brisqueOrSkip(t testing.TB) *brisque {
	t.Helper()
	b, err := loadBrisque(brisqueDirs)
	if err != nil {
		t.Skipf("BRISQUE model absent: %v", err)
	}
	t.Cleanup(b.Close)
	return b
}

// TestBrisqueOrdering checks the known behaviour of BRISQUE on a real photo: the clean
// image scores better (lower) than the same image blurred, noisier or heavily JPEG-compressed,
// and a stronger degradation scores worse than a milder one.
func TestBrisqueOrdering(t *testing.T) {
	b := brisqueOrSkip(t)
	src := gocv.IMRead(filepath.Join(repoRoot(t), "models", "face-api", "demo", "sample6.jpg"), gocv.IMReadGrayScale)
	if src.Empty() {
		t.Skip("demo photo absent")
	}
	defer src.Close()
	score := func(m gocv.Mat) float64 {
		t.Helper()
		s, err := b.Score(m)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	blur := func(sigma float64) func(gocv.Mat) gocv.Mat {
		return func(m gocv.Mat) gocv.Mat {
			out := gocv.NewMat()
			gocv.GaussianBlur(m, &out, image.Pt(0, 0), sigma, 0, gocv.BorderReflect)
			return out
		}
	}
	noise := func(sd float64) func(gocv.Mat) gocv.Mat {
		return func(m gocv.Mat) gocv.Mat {
			out := m.Clone()
			p, _ := out.DataPtrUint8()
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range p {
				p[i] = clamp8(float64(p[i]) + sd*rng.NormFloat64())
			}
			return out
		}
	}
	jpeg := func(q int) func(gocv.Mat) gocv.Mat {
		return func(m gocv.Mat) gocv.Mat {
			buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, m, []int{gocv.IMWriteJpegQuality, q})
			if err != nil {
				t.Fatal(err)
			}
			defer buf.Close()
			out, err := gocv.IMDecode(buf.GetBytes(), gocv.IMReadGrayScale)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	clean := score(src)
	for _, c := range []struct {
		name        string
		mild, heavy func(gocv.Mat) gocv.Mat
	}{
		{"blur", blur(1.5), blur(4)},
		{"noise", noise(10), noise(30)},
		{"jpeg", jpeg(30), jpeg(5)},
	} {
		t.Run(c.name, func(t *testing.T) {
			mild, heavy := c.mild(src), c.heavy(src)
			defer mild.Close()
			defer heavy.Close()
			sm, sh := score(mild), score(heavy)
			t.Logf("clean %.1f, mild %.1f, heavy %.1f", clean, sm, sh)
			if !(clean < sm && sm < sh) {
				t.Errorf("want clean < mild < heavy, got %.1f, %.1f, %.1f", clean, sm, sh)
			}
		})
	}
}

func TestBrisqueInput(t *testing.T) {
	b := brisqueOrSkip(t)
	for _, c := range []struct {
		name string
		mat  func() gocv.Mat
		ok   bool
	}{
		{"gray 64", func() gocv.Mat {
			return gocv.NewMatWithSizeFromScalar(gocv.NewScalar(128, 0, 0, 0), 64, 64, gocv.MatTypeCV8U)
		}, true},
		{"too small", func() gocv.Mat { return gocv.NewMatWithSize(8, 8, gocv.MatTypeCV8U) }, false},
		{"colour", func() gocv.Mat { return gocv.NewMatWithSize(64, 64, gocv.MatTypeCV8UC3) }, false},
		{"float", func() gocv.Mat { return gocv.NewMatWithSize(64, 64, gocv.MatTypeCV32F) }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := c.mat()
			defer m.Close()
			_, err := b.Score(m)
			if (err == nil) != c.ok {
				t.Errorf("Score error %v, want ok=%v", err, c.ok)
			}
			_, err = brisqueFeatures(m)
			if (err == nil) != c.ok {
				t.Errorf("brisqueFeatures error %v, want ok=%v", err, c.ok)
			}
		})
	}
	if _, err := loadBrisque([]string{t.TempDir()}); err == nil {
		t.Error("loading from an empty directory succeeded")
	}
}

// FuzzBrisque: any 8-bit gray content and shape of 16×16 or more scores without error, a
// finite value in OpenCV's 0..100 range, and the features are finite (flat regions give
// zero variances, which the AGGD fits must survive).
func FuzzBrisque(f *testing.F) {
	b, err := loadBrisque(brisqueDirs)
	if err != nil {
		f.Skipf("BRISQUE model absent: %v", err)
	}
	defer b.Close()
	f.Add(uint8(16), make([]byte, 256))
	f.Add(uint8(20), []byte("a flat image with some text in it, repeated to fill the frame"))
	f.Fuzz(func(t *testing.T, w uint8, data []byte) {
		cols := int(w)%48 + 16
		rows := max(len(data)/cols, 16)
		if rows > 64 {
			rows = 64
		}
		m := gocv.NewMatWithSize(rows, cols, gocv.MatTypeCV8U)
		defer m.Close()
		p, _ := m.DataPtrUint8()
		for i := range p {
			if len(data) > 0 {
				p[i] = data[i%len(data)]
			}
		}
		s, err := b.Score(m)
		if err != nil || math.IsNaN(s) || s < 0 || s > 100 {
			t.Fatalf("%d×%d: score %v, %v", rows, cols, s, err)
		}
		feats, err := brisqueFeatures(m)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range feats {
			if math.IsInf(float64(v), 0) {
				t.Fatalf("feature %d infinite", i)
			}
		}
	})
}
