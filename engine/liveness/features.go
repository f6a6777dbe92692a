package liveness

import "math"

// The passive decision is a logistic model over these features of the networks' scores
// and the cues. Each feature is shaped so that larger means more attack-like; the weights
// (passiveWeights) were fitted on the tuning half of the evaluation set only (see
// fitLogistic in eval_test.go) and checked on the held-out half.
const nFeatures = 13

// passiveFeatures: the networks' log-odds of "fake"; the periodic-pattern ramp; blur (a
// screen re-shows a lower-resolution image through optics); over-sharpness (halftone
// dots); the lifted dark level of screens and prints; the cut-out closure; the washed-out
// saturation; the BRISQUE score (re-capture through optics, halftone and screen grid
// bend the natural-scene statistics it models); the share of the face's sides closed by a
// straight border (bezel, paper edge); the halftone screen found all around the face; a
// face sharper than its surroundings and surroundings soft in themselves (the defocused
// scene behind a cut-out; both 0 when not measurable); the cut outline, the outermost
// in-focus edge running on around the head.
func (c Config) passiveFeatures(n NetScores, q Cues) [nFeatures]float64 {
	return [nFeatures]float64{
		0.5*clampLogit(1-n.Antispoof) + 0.5*clampLogit(1-n.Liveness),
		ramp(q.Periodicity, c.PeriodicityOnset, c.PeriodicityFull),
		math.Max(0, math.Log(100/math.Max(q.Sharpness, 1))),
		math.Max(0, math.Log(math.Max(q.Sharpness, 1)/2000)),
		10 * q.DarkLevel, // scaled to unit range so one regularisation suits every weight
		5 * q.Closure,
		0.4 - math.Min(q.Saturation, 0.4),
		math.Min(math.Max(q.Brisque, 0), 100) / 50,
		q.Border,
		ramp(q.Halftone, c.HalftoneOnset, c.HalftoneFull),
		defocusGap(q),
		ringSoftness(q),
		5 * q.Outline,
	}
}

// logit is the model's log-odds of an attack: the bias, the weighted features, and the
// fixed terms of cues too rare in the evaluation set to fit (glare, blur beyond judging,
// face size).
func (c Config) logit(n NetScores, q Cues) float64 {
	f := c.passiveFeatures(n, q)
	l := c.Weights[0]
	for i, v := range f {
		l += c.Weights[i+1] * v
	}
	return l + c.fixedTerms(q)
}

func (c Config) fixedTerms(q Cues) float64 {
	var l float64
	if q.Glare > c.MaxGlare {
		l += 1.5
	}
	if q.Sharpness < c.MinSharpness {
		l++
	}
	if q.FaceWidth < c.MinFaceWidth || q.FaceWidth > c.MaxFaceWidth {
		// A small face is what a phone held at arm's length shows; a face filling the
		// frame hides the edges of a screen or a print.
		l++
	}
	return l
}

// defocusGap is how much sharper the face's edges are than its surroundings'.
func defocusGap(q Cues) float64 {
	if q.FaceEdge <= 0 || q.RingEdge <= 0 {
		return 0
	}
	return math.Max(0, q.FaceEdge-q.RingEdge)
}

// ringSoftness is how far the surroundings' edges fall short of an in-focus edge's ratio
// (≈ 2.5 at the fine and coarse scales of defocus.go).
func ringSoftness(q Cues) float64 {
	if q.RingEdge <= 0 {
		return 0
	}
	return math.Max(0, 2.5-q.RingEdge)
}
