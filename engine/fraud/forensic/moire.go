package forensic

import (
	"image"
	"math"
	"slices"
	"unsafe"

	"gocv.io/x/gocv"
)

// moireSize is the side of the centre crop whose spectrum is examined.
const moireSize = 512

// moireScore looks for the sharp high-frequency peak a screen's pixel grid leaves when it is
// photographed (moiré). The spectrum of the centre crop is taken in log magnitude; only
// periods under 6 pixels are searched (text, card patterns and the JPEG 8-pixel grid live
// below that frequency or exactly on its multiples, which are masked), and the score is the
// highest peak above the median of its 9×9 neighbourhood that has a partner a quarter turn
// away (see peakHeight).
func moireScore(grey gocv.Mat) float64 {
	n := moireSize
	if grey.Cols() < n || grey.Rows() < n {
		n = 256
		if grey.Cols() < n || grey.Rows() < n {
			return 0
		}
	}
	x0, y0 := (grey.Cols()-n)/2, (grey.Rows()-n)/2
	roi := grey.Region(image.Rect(x0, y0, x0+n, y0+n))
	defer roi.Close()
	crop := roi.Clone() // continuous memory
	defer crop.Close()
	pix, err := crop.DataPtrUint8()
	if err != nil {
		return 0
	}
	// A Hann window keeps the crop's borders from smearing energy along the axes.
	win := make([]float64, n)
	for i := range win {
		win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n-1))
	}
	vals := make([]float32, n*n)
	for y := range n {
		for x := range n {
			vals[y*n+x] = float32(float64(pix[y*n+x]) * win[x] * win[y])
		}
	}
	f, err := gocv.NewMatFromBytes(n, n, gocv.MatTypeCV32F, unsafe.Slice((*byte)(unsafe.Pointer(&vals[0])), 4*len(vals)))
	if err != nil {
		return 0
	}
	defer f.Close()
	spec := gocv.NewMat()
	defer spec.Close()
	gocv.DFT(f, &spec, gocv.DftComplexOutput)
	c, err := spec.DataPtrFloat32()
	if err != nil || len(c) < 2*n*n {
		return 0
	}
	// The magnitudes, taken from the interleaved real and imaginary parts in place of three
	// more planes (split, then cv::magnitude); vals is free again.
	m := vals
	for i := range m {
		re, im := c[2*i], c[2*i+1]
		m[i] = float32(math.Sqrt(float64(re*re + im*im)))
	}
	return peakHeight(m, n)
}

// peakHeight is the height of the best screen-grid peak in the high-frequency band of a
// magnitude spectrum, in log magnitude. A screen's pixels form a 2-D grid, so its peaks come in
// pairs at right angles (the rows' and the columns' frequency, or the two diagonals of a rotated
// grid); printed lines (a ruled table, text rows, a fine hatching) leave a comb of harmonics
// along one direction only. A peak counts at the height of its weaker partner a quarter turn
// away.
//
// The peaks and neighbourhood medians are found on the magnitudes themselves: log1p keeps
// their order, so only a peak and its median need the logarithm, not the whole spectrum
// (which took half the function's time).
func peakHeight(mag []float32, n int) float64 {
	grid := n / 8
	type peak struct{ u, v int }
	heights := map[peak]float64{}
	nb := make([]float32, 0, 81)
	for v := 0; v <= n/2; v++ {
		for u := 0; u < n; u++ {
			fu := u
			if fu > n/2 {
				fu -= n
			}
			// The band n/6 < r ≤ n/2, on squared radii (integers: no square root, and no
			// rounding at the edges, where no point of the lattice falls but the axes').
			if r2 := float64(fu*fu + v*v); r2 < float64(n*n)/36 || r2 > float64(n*n)/4 {
				continue
			}
			if nearMultiple(fu, grid) && nearMultiple(v, grid) || abs(fu) < 3 || v < 3 {
				continue // JPEG block grid harmonics and the axes
			}
			c := mag[v*n+u]
			if !max3x3(mag, n, u, v, c) {
				continue // most points fail here, before the 9×9 neighbourhood is read
			}
			nb = nb[:0]
			isMax := true
			for dv := -4; dv <= 4; dv++ {
				for du := -4; du <= 4; du++ {
					vv, uu := (v+dv+n)%n, (u+du+n)%n
					val := mag[vv*n+uu]
					if (du != 0 || dv != 0) && val > c {
						isMax = false
					}
					nb = append(nb, val)
				}
			}
			if !isMax {
				continue
			}
			slices.Sort(nb)
			if h := math.Log1p(float64(c)) - math.Log1p(float64(nb[len(nb)/2])); h > 0 {
				heights[peak{fu, v}] = h
			}
		}
	}
	best := 0.0
	for p, h := range heights {
		if h <= best {
			continue
		}
		// The frequency a quarter turn away, on the stored half-plane (v ≥ 0).
		q := peak{-p.v, p.u}
		if q.v < 0 {
			q = peak{p.v, -p.u}
		}
		partner := 0.0
		for dv := -moireSlack; dv <= moireSlack; dv++ {
			for du := -moireSlack; du <= moireSlack; du++ {
				partner = math.Max(partner, heights[peak{q.u + du, q.v + dv}])
			}
		}
		best = math.Max(best, math.Min(h, partner))
	}
	return best
}

// moireSlack is how far (frequency bins) the partner peak may lie from the exact quarter
// turn: a grid seen in perspective is not quite square.
const moireSlack = 3

func nearMultiple(v, m int) bool {
	r := ((v % m) + m) % m
	return r <= 2 || r >= m-2
}

// max3x3 reports whether c, at (u, v), is not below any of its 8 neighbours (wrapping).
func max3x3(mag []float32, n, u, v int, c float32) bool {
	for dv := -1; dv <= 1; dv++ {
		for du := -1; du <= 1; du++ {
			if mag[((v+dv+n)%n)*n+(u+du+n)%n] > c {
				return false
			}
		}
	}
	return true
}
