package liveness

import "math"

// fitLogistic fits the passive model's weights on the tuning half: L2-regularised
// logistic regression by gradient descent, the fixed terms as an offset, genuine samples
// weighted up (a rejected customer costs more than the attack share suggests: BPCER ≤ 5 %
// is the constraint, APCER the objective; fitForBPCER chooses the boost). Samples without
// a face are left out (they fail by themselves).
func fitLogistic(c Config, samples []evalSample, genuineBoost float64) [nFeatures + 1]float64 {
	const (
		lambda = 0.01
		steps  = 20000
		rate   = 0.05
	)
	type row struct {
		x      [nFeatures]float64
		off, y float64
		weight float64
	}
	var rows []row
	var wsum float64
	for _, s := range samples {
		if s.holdout || s.res.Cues.Faces == 0 {
			continue
		}
		r := row{x: c.passiveFeatures(s.res.Nets, s.res.Cues), off: c.fixedTerms(s.res.Cues), y: 1, weight: 1}
		if s.kind == "genuine" {
			r.y, r.weight = 0, genuineBoost
		}
		rows = append(rows, r)
		wsum += r.weight
	}
	var w [nFeatures + 1]float64
	for it := 0; it < steps; it++ {
		var g [nFeatures + 1]float64
		for _, r := range rows {
			z := w[0] + r.off
			for i, v := range r.x {
				z += w[i+1] * v
			}
			e := r.weight * (1/(1+math.Exp(-z)) - r.y)
			g[0] += e
			for i, v := range r.x {
				g[i+1] += e * v
			}
		}
		for i := range w {
			reg := 0.0
			if i > 0 {
				reg = lambda * w[i]
			}
			w[i] -= rate * (g[i]/wsum + reg)
		}
	}
	return w
}

// fitForBPCER fits with the smallest genuine boost of 3, 4, 6, 8 whose weights keep the
// tuning half's BPCER at or under 5 % (the held-out half is never looked at), or 8.
func fitForBPCER(c Config, samples []evalSample) ([nFeatures + 1]float64, float64) {
	boosts := []float64{3, 4, 6, 8}
	for _, b := range boosts {
		c.Weights = fitLogistic(c, samples, b)
		var n, wrong int
		for _, s := range samples {
			if s.holdout || s.kind != "genuine" || s.res.Cues.Faces == 0 {
				continue
			}
			n++
			if !c.decide(s.res.Nets, s.res.Cues).IsLive {
				wrong++
			}
		}
		if n > 0 && float64(wrong) <= 0.05*float64(n) {
			return c.Weights, b
		}
	}
	return c.Weights, boosts[len(boosts)-1]
}
