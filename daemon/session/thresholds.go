package session

// Thresholds of the auto-capture gates. Defaults were set on the rendered test videos and a
// 640×480 webcam; they are deliberately lenient because the engine checks judge the image
// again — the gate only has to avoid obviously unusable frames.
type Thresholds struct {
	// StableFrames: consecutive passing frames, with corners moving less than StableMove
	// (fraction of the frame diagonal), before a capture.
	StableFrames int
	StableMove   float64
	// MinSharpness: variance of the Laplacian of the region of interest (gray, 0-255).
	MinSharpness     float64
	MinFaceSharpness float64
	// MaxGlare: share of saturated (≥ 250) pixels on the document.
	MaxGlare float64
	// MinDocArea / MaxDocArea: document area as a share of the frame.
	MinDocArea, MaxDocArea float64
	// MinFaceWidth: face width as a share of the frame width; MaxFaceOffset: distance of the
	// face centre from the frame centre, as a share of the frame width.
	MinFaceWidth, MaxFaceOffset float64
	// MinBrightness: mean gray level of the region of interest.
	MinBrightness float64
	// LivenessFrames recorded by the liveness step.
	LivenessFrames int
}

// DefaultThresholds are the documented defaults.
func DefaultThresholds() Thresholds {
	return Thresholds{
		StableFrames: 5, StableMove: 0.015,
		MinSharpness: 60, MinFaceSharpness: 20,
		MaxGlare:   0.02,
		MinDocArea: 0.18, MaxDocArea: 0.92,
		MinFaceWidth: 0.15, MaxFaceOffset: 0.18,
		MinBrightness:  60,
		LivenessFrames: 30,
	}
}
