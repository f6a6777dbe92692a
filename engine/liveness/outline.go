package liveness

import "math"

// A cut-out print ends in the edge its scissors left: a step in the print's own plane, so
// as sharp as the face's edges, running unbroken around the head at the offset the hand
// kept from it; and since the print is held in front of the scene, the camera focused on
// the face finds nothing in focus beyond it. The outermost in-focus edge around the head
// therefore traces one continuous line. Around a real head the outermost in-focus edges
// are the scene's own clutter when the scene is in focus (at every distance from the head,
// changing from one direction to the next) or, before a defocused backdrop, the hair's
// outline, which strands, flyaways and the ears break up. outline measures, on rays from
// the face centre through the head's top and sides, the longest run of rays whose outermost
// in-focus edges continue one smooth line: each one where the previous two point (a cut
// need not be concentric with the face, nor an ellipse — only smooth at the scale of a few
// rays), with a short gap allowed where the print and the scene happen to match.
const (
	olRays   = 64   // rays around the face centre
	olInner  = 1.05 // the search band, in elliptic face radii (half the landmark box)
	olOuter  = 2.9
	olBelow  = 0.6  // rays steeper than this sine below the horizontal (neck, body) are left out
	olSharp  = 2.1  // fine-to-coarse gradient ratio from which an edge counts as in focus
	olStep   = 0.1  // radius change (elliptic radii) allowed between neighbouring rays
	olBend   = 0.03 // departure per ray from the line's own course (elliptic radii)
	olMaxGap = 3    // the run may skip this many rays minus one (a low-contrast stretch)
)

// outline returns the longest run's share of the rays through the head's top and sides
// (0..1). fine and coarse are the squared gradient magnitudes (defocus.go) of the w×h
// reduced image; (cx, cy) is the face centre and (ax, ay) the elliptic face radii, in its
// pixels.
func outline(fine, coarse []float32, w, h int, cx, cy, ax, ay float64) float64 {
	// The sector's rays in order, from one side of the neck over the top to the other (image
	// y grows downwards: the left-out rays are those with a large positive sine).
	var radius []float64 // the outermost in-focus edge's radius on each ray, -1 when none
	start := 0
	for a := 0; a < olRays; a++ {
		if math.Sin(2*math.Pi*float64(a)/olRays) > olBelow && math.Sin(2*math.Pi*float64(a+1)/olRays) <= olBelow {
			start = a + 1
		}
	}
	for i := 0; i < olRays; i++ {
		th := 2 * math.Pi * float64((start+i)%olRays) / olRays
		if math.Sin(th) > olBelow {
			break
		}
		radius = append(radius, outermostSharp(fine, coarse, w, h, cx, cy, ax*math.Cos(th), ay*math.Sin(th), math.Max(ax, ay)))
	}
	if len(radius) == 0 {
		return 0
	}
	// The longest smooth run: run[k][g] is the length of the longest run whose last two
	// edges are on rays k-g and k (0: none). A run of two needs the edges within olStep per
	// ray of each other; each further edge within olBend per ray of where the last two
	// point.
	n := len(radius)
	run := make([][olMaxGap + 1]int, n)
	best := 0
	for k, r := range radius {
		if r < 0 {
			continue
		}
		best = max(best, 1)
		for g := 1; g <= olMaxGap && k-g >= 0; g++ {
			j := k - g
			p := radius[j]
			if p < 0 || math.Abs(r-p) > olStep*float64(g) {
				continue
			}
			v := 2
			for h := 1; h <= olMaxGap && j-h >= 0; h++ {
				if run[j][h] == 0 {
					continue
				}
				ahead := p + (p-radius[j-h])*float64(g)/float64(h)
				if math.Abs(r-ahead) <= olBend*float64(g) {
					v = max(v, run[j][h]+1)
				}
			}
			run[k][g] = v
			best = max(best, v)
		}
	}
	return float64(best) / float64(n)
}

// outermostSharp walks the ray (cx, cy) + ρ·(dx, dy) for ρ in [olInner, olOuter] by half
// pixels (rmax: the larger radius in pixels) and returns the ρ of its last edge in focus:
// a peak of the coarse gradient along the ray, strong enough to be an edge, whose fine
// gradient nearby is olSharp times it. -1 when there is none.
func outermostSharp(fine, coarse []float32, w, h int, cx, cy, dx, dy, rmax float64) float64 {
	step := 0.5 / rmax
	out := -1.0
	prevI := -1
	var rhos, mags [3]float64 // the last three samples, oldest first
	n := 0
	for rho := olInner; rho <= olOuter; rho += step {
		x, y := int(cx+rho*dx), int(cy+rho*dy)
		if x < 1 || y < 1 || x >= w-1 || y >= h-1 {
			break
		}
		i := y*w + x
		if i == prevI {
			continue
		}
		c := math.Sqrt(float64(coarse[i]))
		rhos = [3]float64{rhos[1], rhos[2], rho}
		mags = [3]float64{mags[1], mags[2], c}
		n++
		if n >= 3 && mags[1] >= dfMinGrad && mags[1] > mags[0] && mags[1] >= mags[2] && sharpAt(fine, prevI, w) >= olSharp*mags[1] {
			// The peak between the samples: the vertex of the parabola through the three
			// (the samples are a pixel apart, too coarse for the line's course).
			out = rhos[1]
			if d := mags[0] - 2*mags[1] + mags[2]; d < 0 {
				out += math.Max(-0.5, math.Min(0.5, 0.5*(mags[0]-mags[2])/d)) * (rhos[2] - rhos[0]) / 2
			}
		}
		prevI = i
	}
	return out
}

// sharpAt is the largest fine gradient magnitude in the 3×3 neighbourhood of pixel i (the
// fine gradient's ridge lies within a pixel of the coarse one's).
func sharpAt(fine []float32, i, w int) float64 {
	v := fine[i]
	for _, d := range [8]int{-w - 1, -w, -w + 1, -1, 1, w - 1, w, w + 1} {
		v = max(v, fine[i+d])
	}
	return math.Sqrt(float64(v))
}
