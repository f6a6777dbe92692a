package forensic

import (
	"math/rand/v2"
	"testing"
)

// laplacianHist is the histogram of |round(x/step)| for Laplacian x of scale b, optionally
// quantized first with step first (a double compression).
func laplacianHist(rng *rand.Rand, n int, b float64, first, step float64) []int {
	h := make([]int, djBins)
	for range n {
		x := rng.ExpFloat64() * b
		if first > 0 {
			x = first * float64(int(x/first+0.5))
		}
		if k := int(x/step + 0.5); k < djBins {
			h[k]++
		}
	}
	return h
}

func TestHistDeficit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name        string
		first, step float64
		double      bool
	}{
		{"single q85", 0, 3, false},
		{"single q50", 0, 10, false},
		{"q48 → q85 (coarser first)", 10.4, 3, true},
		{"q70 → q90 (coarser first)", 6, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, mass := histDeficit(laplacianHist(rng, 20000, 12, tt.first, tt.step))
			score := m / mass
			if got := score >= 0.2; got != tt.double {
				t.Errorf("score %.3f: double = %v, want %v", score, got, tt.double)
			}
		})
	}
}

func FuzzLumaQuantTable(f *testing.F) {
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00})
	f.Add(append([]byte{0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x84, 0x10}, make([]byte, 130)...))
	f.Add(exifJPEG("x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		q, ok := LumaQuantTable(data)
		if !ok && q != [64]int{} {
			t.Fatalf("table %v returned with ok = false", q)
		}
	})
}
