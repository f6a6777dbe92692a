package mrz

import "math"

// cellCentres places n character cells along l. The MRZ is monospaced, so the cells are evenly
// spaced between the first and last character; a quadratic refit on the characters that sit
// where expected absorbs perspective (the pitch shrinks along a receding line). A cell is then
// centred on its own ink when that ink is one plausible character.
func cellCentres(l textLine, n int) []float64 {
	c0, c1, c2 := l.x0, (l.x1-l.x0)/float64(n-1), 0.0
	pitch := c1
	pred := func(i int) float64 { fi := float64(i); return c0 + c1*fi + c2*fi*fi }
	if q, ok := gapFit(l, n); ok {
		c0, c1, c2 = q[0], q[1], q[2]
	}
	for range 2 {
		var is, xs []float64
		for _, c := range l.comps {
			i := nearestCell(c.cx(), n, pred)
			if math.Abs(c.cx()-pred(i)) < 0.3*pitch && c.w() < 1.2*pitch {
				is, xs = append(is, float64(i)), append(xs, c.cx())
			}
		}
		if len(is) < 6 {
			break
		}
		c0, c1, c2 = fitQuadratic(is, xs)
	}
	out := make([]float64, n)
	lo := make([]float64, n)
	hi := make([]float64, n)
	for i := range out {
		lo[i], hi[i] = math.Inf(1), math.Inf(-1)
	}
	for _, c := range l.comps {
		i := nearestCell(c.cx(), n, pred)
		if math.Abs(c.cx()-pred(i)) < 0.35*pitch {
			lo[i], hi[i] = math.Min(lo[i], float64(c.x0)), math.Max(hi[i], float64(c.x1))
		}
	}
	for i := range out {
		out[i] = pred(i)
		if w := hi[i] - lo[i]; w > 0 && w < 1.1*pitch && math.Abs((lo[i]+hi[i])/2-out[i]) < 0.35*pitch {
			out[i] = (lo[i] + hi[i]) / 2
		}
	}
	return out
}

// gapFit indexes the line's characters by counting pitches gap by gap from the first one, and
// when that spans n cells, or up to maxLostTail fewer, fits the quadratic on all of them (an
// MRZ line starts with a letter or digit at the left margin, while the fillers ending it may be
// too faint to chain, so the grid is anchored on the left). Indices from the nearest evenly spaced
// cell fail under strong perspective: the pitch changes by a tenth along the line, and mid-line
// characters sit farther than a third of a pitch from where an even spacing puts them.
func gapFit(l textLine, n int) ([3]float64, bool) {
	idx := make([]float64, len(l.comps))
	for k := 1; k < len(l.comps); k++ {
		idx[k] = idx[k-1] + max(1, math.Round((l.comps[k].cx()-l.comps[k-1].cx())/l.pitch))
	}
	if last := int(idx[len(idx)-1]); last > n-1 || last < n-1-maxLostTail {
		return [3]float64{}, false
	}
	var q [3]float64
	tol := math.Inf(1)
	for range 2 {
		var is, xs []float64
		for k, c := range l.comps {
			i := idx[k]
			if c.w() < 1.2*l.pitch && math.Abs(c.cx()-q[0]-q[1]*i-q[2]*i*i) < tol {
				is, xs = append(is, i), append(xs, c.cx())
			}
		}
		if len(is) < 6 {
			return q, tol < math.Inf(1)
		}
		q[0], q[1], q[2] = fitQuadratic(is, xs)
		tol = 0.3 * l.pitch
	}
	return q, true
}

// maxLostTail is how many cells at the end of a line may have no blob.
const maxLostTail = 2

// nearestCell finds the cell whose predicted centre is closest to x (pred is monotonic).
func nearestCell(x float64, n int, pred func(int) float64) int {
	lo, hi := 0, n-1
	for lo < hi {
		mid := (lo + hi) / 2
		if pred(mid) < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo > 0 && math.Abs(pred(lo-1)-x) < math.Abs(pred(lo)-x) {
		return lo - 1
	}
	return lo
}

// fitQuadratic is the least-squares x = c0 + c1·i + c2·i² (normal equations, Cramer's rule).
func fitQuadratic(is, xs []float64) (c0, c1, c2 float64) {
	var s [5]float64 // Σ i^k
	var t [3]float64 // Σ x·i^k
	for k, i := range is {
		p := 1.0
		for e := range 5 {
			s[e] += p
			if e < 3 {
				t[e] += xs[k] * p
			}
			p *= i
		}
	}
	m := [3][3]float64{{s[0], s[1], s[2]}, {s[1], s[2], s[3]}, {s[2], s[3], s[4]}}
	d := det3(m)
	if math.Abs(d) < 1e-9 {
		return xs[0], 0, 0
	}
	solve := func(col int) float64 {
		mm := m
		for r := range 3 {
			mm[r][col] = t[r]
		}
		return det3(mm) / d
	}
	return solve(0), solve(1), solve(2)
}

func det3(m [3][3]float64) float64 {
	return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
		m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
		m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
}
