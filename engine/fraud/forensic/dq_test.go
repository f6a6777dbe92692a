package forensic

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"gocv.io/x/gocv"
)

// texture returns a w×h BGR image of smooth random shapes plus fine noise of amplitude noise:
// enough structure for non-zero DCT coefficients, as a card photo has.
func texture(t testing.TB, seed uint64, w, h int, noise float64) gocv.Mat {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	m := gocv.NewMatWithSize(h, w, gocv.MatTypeCV8UC3)
	pix, err := m.DataPtrUint8()
	if err != nil {
		t.Fatal(err)
	}
	fx, fy, ph := 0.02+rng.Float64()*0.05, 0.02+rng.Float64()*0.05, rng.Float64()*6
	for y := range h {
		for x := range w {
			v := 128 + 50*math.Sin(float64(x)*fx+ph)*math.Cos(float64(y)*fy) + rng.NormFloat64()*noise
			for c := range 3 {
				pix[3*(y*w+x)+c] = uint8(max(20, min(235, v+float64(c)*5)))
			}
		}
	}
	return m
}

func reencode(t testing.TB, m gocv.Mat, q int) ([]byte, gocv.Mat) {
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, m, []int{gocv.IMWriteJpegQuality, q})
	if err != nil {
		t.Fatal(err)
	}
	defer buf.Close()
	data := append([]byte(nil), buf.GetBytes()...)
	out, err := gocv.IMDecode(data, gocv.IMReadColor)
	if err != nil || out.Empty() {
		t.Fatalf("decoding: %v", err)
	}
	return data, out
}

// newDQMap builds the map of region r of grey (its corner on the 8×8 grid) for a JPEG whose
// luminance table is q; img is the decoded photo (BGR, or grey itself), whose channels tell
// where decoding clipped a colour. It returns nil when the region is too small.
func newDQMap(grey, img gocv.Mat, r image.Rectangle, q [64]int) *dqMap {
	return dqMapOf(newBlockCoefs(grey, img, r, q), q)
}

// dqOf builds the map of a whole encoded image.
func dqOf(t testing.TB, data []byte, img gocv.Mat) *dqMap {
	grey := gocv.NewMat()
	defer grey.Close()
	gocv.CvtColor(img, &grey, gocv.ColorBGRToGray)
	q, ok := LumaQuantTable(data)
	if !ok {
		t.Fatal("no quantization table")
	}
	return newDQMap(grey, img, image.Rect(0, 0, grey.Cols(), grey.Rows()), q)
}

// TestDQMapLocalizesPaste: a photo compressed at q1, a square of another picture pasted in
// (resampled, as a portrait is), saved at q2. The map must find the square when the first
// compression is coarser, and find nothing in the same photo saved again without the paste.
func TestDQMapLocalizesPaste(t *testing.T) {
	tests := []struct {
		name   string
		q1, q2 int
		paste  bool
		want   bool
	}{
		{"q60 → q90, pasted", 60, 90, true, true},
		{"q75 → q95, pasted", 75, 95, true, true},
		{"q60 → q90, not pasted", 60, 90, false, false},
		{"q75 → q95, not pasted", 75, 95, false, false},
		{"single q90 with a paste before saving", 0, 90, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := texture(t, 1, 640, 480, 4)
			defer img.Close()
			if tt.q1 > 0 {
				_, first := reencode(t, img, tt.q1)
				first.CopyTo(&img)
				first.Close()
			}
			box := image.Rect(203, 141, 203+150, 141+190)
			if tt.paste {
				donor := texture(t, 2, 400, 400, 3)
				small := gocv.NewMat()
				gocv.Resize(donor, &small, box.Size(), 0, 0, gocv.InterpolationArea)
				dst := img.Region(box)
				small.CopyTo(&dst)
				dst.Close()
				small.Close()
				donor.Close()
			}
			data, final := reencode(t, img, tt.q2)
			defer final.Close()
			m := dqOf(t, data, final)
			score, at := m.worstZone(m.bw*2/15, m.bh/3)
			got := score >= DefaultConfig().PortraitDQ
			if got != tt.want {
				t.Fatalf("score %.3f at %v (freqs %d, global %.3f): pasted found = %v, want %v", score, at, m.freqs, m.global, got, tt.want)
			}
			if got && !at.Overlaps(box) {
				t.Errorf("zone %v is not on the pasted box %v", at, box)
			}
		})
	}
}

// TestFirstStep: the likelihood gain of the true first step over a single compression is
// positive on a double-quantized Laplacian histogram, and no step gains on a single one.
func TestFirstStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	hist := func(first, step float64) []int {
		h := make([]int, dqMaxBin+2)
		for range 40000 {
			x := rng.ExpFloat64() * 20
			if first > 0 {
				x = first * math.Round(x/first)
			}
			x += rng.NormFloat64() * 0.4
			h[min(dqMaxBin+1, int(math.Abs(math.Round(x/step))))]++
		}
		return h
	}
	best := func(h []int, q2 int) (int, float64) {
		bq, bg := 0, 0.0
		for q1 := 1; q1 <= 60; q1++ {
			if _, g, _, ok := firstStep(h, q1, q2, map[[3]int]*[dqMaxBin + 1]float32{}); ok && g > bg {
				bq, bg = q1, g
			}
		}
		return bq, bg
	}
	tests := []struct {
		name      string
		first     float64
		step      int
		wantFirst int // 0: no step may reach dqMinGain
	}{
		{"single, step 3", 0, 3, 0},
		{"single, step 5", 0, 5, 0},
		{"10 then 3", 10, 3, 10},
		{"7 then 2", 7, 2, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q1, gain := best(hist(tt.first, float64(tt.step)), tt.step)
			if tt.wantFirst == 0 {
				if gain >= dqMinGain {
					t.Fatalf("single compression: step %d gains %.3f", q1, gain)
				}
				return
			}
			if q1 != tt.wantFirst || gain < dqMinGain {
				t.Fatalf("found step %d gaining %.3f, want %d", q1, gain, tt.wantFirst)
			}
		})
	}
}

// TestTwinRefine: a block copied within a photographed picture agrees with its source at full
// resolution (these hard-edged marks reach 0.85 after the second save; card text 0.94–0.99,
// see TestImageTamperingEval); a straight edge and a repeating pattern are refused (0)
// however well they match.
func TestTwinRefine(t *testing.T) {
	tests := []struct {
		name string
		make func() gocv.Mat
		want bool
	}{
		{"copied block", func() gocv.Mat {
			// Glyph-like marks over a smooth background with sensor noise, as a card.
			m := texture(t, 5, 640, 480, 2)
			rng := rand.New(rand.NewPCG(9, 10))
			for range 600 {
				x, y := rng.IntN(630), rng.IntN(470)
				gocv.Rectangle(&m, image.Rect(x, y, x+2+rng.IntN(6), y+3+rng.IntN(8)), color.RGBA{30, 30, 40, 0}, -1)
			}
			// Photographed (saved once), then the block copied and the picture saved again.
			_, photo := reencode(t, m, 92)
			photo.CopyTo(&m)
			photo.Close()
			src := m.Region(image.Rect(100, 100, 200, 140))
			dst := m.Region(image.Rect(400, 300, 500, 340))
			src.CopyTo(&dst)
			src.Close()
			dst.Close()
			return m
		}, true},
		{"vertical edge", func() gocv.Mat {
			m := gocv.NewMatWithSize(480, 640, gocv.MatTypeCV8UC3)
			m.SetTo(gocv.NewScalar(200, 200, 200, 0))
			r := m.Region(image.Rect(450, 0, 640, 480))
			r.SetTo(gocv.NewScalar(40, 40, 40, 0))
			r.Close()
			return m
		}, false},
		{"stripes", func() gocv.Mat {
			m := gocv.NewMatWithSize(480, 640, gocv.MatTypeCV8UC3)
			pix, _ := m.DataPtrUint8()
			for i := range pix {
				if (i/3%640)%12 < 4 {
					pix[i] = 30
				} else {
					pix[i] = 220
				}
			}
			return m
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := tt.make()
			defer img.Close()
			data, dec := reencode(t, img, 90)
			defer dec.Close()
			_ = data
			grey := gocv.NewMat()
			defer grey.Close()
			gocv.CvtColor(dec, &grey, gocv.ColorBGRToGray)
			r := image.Rect(400, 300, 500, 340)
			d := image.Pt(-300, -200)
			if tt.name != "copied block" {
				r, d = image.Rect(420, 100, 480, 140), image.Pt(0, 200)
			}
			c := twinRefine(grey, r, d, nil)
			if got := c >= 0.8; got != tt.want {
				t.Fatalf("correlation %.3f: copy = %v, want %v", c, got, tt.want)
			}
		})
	}
}

// TestMoireNeedsGrid: a 2-D pixel grid (screen) scores, a 1-D comb of ruled lines does not.
func TestMoireNeedsGrid(t *testing.T) {
	tests := []struct {
		name string
		grid bool
		want bool
	}{
		{"screen grid, period 3.2 px, rotated 3°", true, true},
		{"ruled lines, period 3.2 px, rotated 3°", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const n = 600
			m := gocv.NewMatWithSize(n, n, gocv.MatTypeCV8U)
			defer m.Close()
			pix, _ := m.DataPtrUint8()
			sin, cos := math.Sincos(3 * math.Pi / 180)
			rng := rand.New(rand.NewPCG(7, 8))
			for i := range pix {
				x, y := float64(i%n), float64(i/n)
				u, v := x*cos+y*sin, -x*sin+y*cos
				g := 0.82 + 0.18*math.Cos(2*math.Pi*v/3.2)
				if tt.grid {
					g = 0.82 + 0.18*math.Cos(2*math.Pi*u/3.2)*math.Cos(2*math.Pi*v/3.2)
				}
				pix[i] = uint8(max(0, min(255, (150+rng.NormFloat64()*3)*g)))
			}
			s := moireScore(m)
			if got := s >= DefaultConfig().MoirePeak; got != tt.want {
				t.Fatalf("moiré score %.2f: screen = %v, want %v", s, got, tt.want)
			}
		})
	}
}

// TestByteBelow checks the eight-bytes-at-once test against a byte-by-byte scan, over words
// with each byte value at each position among neighbours that do and do not pass.
func TestByteBelow(t *testing.T) {
	for _, n := range []uint64{1, dqClip + 1, 128} {
		for pos := range 8 {
			for v := range 256 {
				for _, fill := range []uint64{0, n - 1, n, 200, 255} {
					var x uint64
					for i := range 8 {
						b := fill
						if i == pos {
							b = uint64(v)
						}
						x |= b << (8 * i)
					}
					want := false
					for i := range 8 {
						want = want || (x>>(8*i))&0xFF < n
					}
					if got := byteBelow(x, n); got != want {
						t.Fatalf("byteBelow(%#016x, %d) = %v, want %v", x, n, got, want)
					}
				}
			}
		}
	}
}
