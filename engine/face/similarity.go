package face

import "math"

// The similarity_score is a fixed, monotone decreasing map of the euclidean descriptor
// distance d onto 0..1:
//
//	similarity = 1 / (1 + exp((d − similarityMid) / similaritySlope))
//
// A logistic is used (not 1 − d) so that the score spreads where decisions are made
// (d ≈ 0.3–0.7) and saturates where they are obvious. similarityMid = 0.5 maps to 0.5;
// d = 0 maps to ≈ 1 and d ≥ 1 to ≈ 0.
const (
	similarityMid   = 0.5
	similaritySlope = 0.08
)

// Similarity maps a descriptor distance to a score in 0..1 (higher is more alike).
func Similarity(distance float64) float64 {
	return 1 / (1 + math.Exp((distance-similarityMid)/similaritySlope))
}

// DistanceForSimilarity is the inverse of Similarity (for reports and thresholds).
func DistanceForSimilarity(s float64) float64 {
	return similarityMid + similaritySlope*math.Log(1/s-1)
}

// DefaultThreshold is the similarity at or above which two faces match; see eval.go for
// the calibration. It is Similarity(0.5) until calibrated.
const DefaultThreshold = 0.5
