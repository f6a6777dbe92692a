package liveness

import (
	"fmt"
	"image"
	"math"
	"sort"

	"gocv.io/x/gocv"
)

// A live face's spectrum falls off smoothly. A screen's pixel grid, the moiré it beats with
// the camera sensor, and a print's halftone screen are periodic: they put isolated peaks in
// the mid/high band. periodicity measures how far the strongest peaks stand above their
// neighbourhood on the native-resolution skin patch (no resize: resampling would erase the
// very pattern looked for).
const (
	specSize    = 128 // patch side; smaller faces use the largest power of two that fits
	specMinSize = 32
	specNeigh   = 4    // half-width of the neighbourhood a peak is compared with
	specLowCut  = 0.12 // ignore radii below this share of Nyquist (face shape, lighting)
	specTopK    = 4    // mean of the strongest peaks, so one noise spike cannot decide
)

// periodicity returns the mean log-magnitude excess of the specTopK strongest spectral
// peaks over their local mean, on a square patch of gray centered at c.
func periodicity(gray gocv.Mat, c image.Point, side int) (float64, error) {
	n := specSize
	for n > specMinSize && n > side {
		n /= 2
	}
	r := image.Rect(c.X-n/2, c.Y-n/2, c.X+n/2, c.Y+n/2)
	if !r.In(image.Rect(0, 0, gray.Cols(), gray.Rows())) {
		r = r.Intersect(image.Rect(0, 0, gray.Cols(), gray.Rows()))
		if r.Dx() < specMinSize || r.Dy() < specMinSize {
			return 0, nil
		}
		n = specMinSize
		for n*2 <= min(r.Dx(), r.Dy()) && n < specSize {
			n *= 2
		}
		r = image.Rect(r.Min.X, r.Min.Y, r.Min.X+n, r.Min.Y+n)
	}
	mag, err := logSpectrum(gray, r)
	if err != nil {
		return 0, err
	}
	return peakExcess(mag, n), nil
}

// logSpectrum is log(1+|DFT|) of the Hann-windowed, mean-removed patch, n×n row-major.
func logSpectrum(gray gocv.Mat, r image.Rectangle) ([]float64, error) {
	roi := gray.Region(r)
	defer roi.Close()
	f := gocv.NewMat()
	defer f.Close()
	roi.ConvertTo(&f, gocv.MatTypeCV32F)
	n := r.Dx()
	px, err := f.DataPtrFloat32()
	if err != nil || !f.IsContinuous() {
		return nil, fmt.Errorf("reading the spectrum patch: %v", err)
	}
	var mean float64
	for _, v := range px {
		mean += float64(v)
	}
	mean /= float64(len(px))
	win := make([]float64, n) // Hann
	for i := range win {
		win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n-1))
	}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			px[y*n+x] = float32((float64(px[y*n+x]) - mean) * win[x] * win[y])
		}
	}
	spec := gocv.NewMat()
	defer spec.Close()
	gocv.DFT(f, &spec, gocv.DftComplexOutput)
	parts := gocv.Split(spec)
	defer func() {
		for _, p := range parts {
			p.Close()
		}
	}()
	if len(parts) != 2 {
		return nil, fmt.Errorf("dft produced %d planes", len(parts))
	}
	re, err1 := parts[0].DataPtrFloat32()
	im, err2 := parts[1].DataPtrFloat32()
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("reading the spectrum")
	}
	out := make([]float64, n*n)
	for i := range out {
		out[i] = math.Log1p(math.Hypot(float64(re[i]), float64(im[i])))
	}
	return out, nil
}

// peakExcess scans the mid/high band of one half-plane (the spectrum of a real patch is
// symmetric) and averages the specTopK largest excesses over the local mean. JPEG's 8×8
// blocks put peaks at multiples of n/8 in either axis; those lines are skipped so a heavily
// compressed genuine selfie does not look like a screen.
func peakExcess(mag []float64, n int) float64 {
	var ex []float64
	half := n / 2
	for v := 0; v <= half; v++ {
		for u := -half + 1; u <= half; u++ {
			rad := math.Hypot(float64(u), float64(v)) / float64(half)
			if rad < specLowCut || jpegLine(u, n) || jpegLine(v, n) {
				continue
			}
			x, y := (u+n)%n, v
			c := mag[y*n+x]
			var sum float64
			var cnt int
			for dy := -specNeigh; dy <= specNeigh; dy++ {
				for dx := -specNeigh; dx <= specNeigh; dx++ {
					if abs(dx) <= 1 && abs(dy) <= 1 {
						continue // the peak's own leakage
					}
					sum += mag[((y+dy+n)%n)*n+(x+dx+n)%n]
					cnt++
				}
			}
			ex = append(ex, c-sum/float64(cnt))
		}
	}
	if len(ex) == 0 {
		return 0
	}
	sort.Float64s(ex)
	k := min(specTopK, len(ex))
	var s float64
	for _, e := range ex[len(ex)-k:] {
		s += e
	}
	return s / float64(k)
}

func jpegLine(f, n int) bool {
	p := n / 8
	m := ((f % p) + p) % p
	return m <= 1 || m >= p-1
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
