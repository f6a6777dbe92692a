package face

import (
	"context"
	"fmt"
	"math"

	"gocv.io/x/gocv"
)

// Signal codes of the face_match check (stable: the risk engine and auditors key on them).
const (
	SignalNoFaceDocument       = "face_not_found_document"
	SignalNoFaceSelfie         = "face_not_found_selfie"
	SignalMultipleFacesSelfie  = "multiple_faces_selfie"
	SignalMultipleFacesDoc     = "multiple_faces_document"
	SignalLowDetectionDocument = "low_confidence_face_document"
	SignalLowDetectionSelfie   = "low_confidence_face_selfie"
)

// Tunables of the result (not of the decision, which is only Threshold).
const (
	// companionRatio: another face at least this fraction of the main face's width counts
	// as a second person. A document's ghost image is ~⅓ of the portrait, so it does not.
	companionRatio = 0.6
	// lowDetectionScore flags a main face the detector was unsure of.
	lowDetectionScore = 0.7
	// confidenceSpan is the similarity distance from the threshold at which confidence
	// reaches 1.
	confidenceSpan = 0.3
)

// MatchResult is the outcome of comparing a document portrait with a selfie; its fields
// map onto the face_match check of API.md.
type MatchResult struct {
	SimilarityScore float64 // 0..1, see Similarity
	Threshold       float64 // similarity at or above which Match is true
	Distance        float64 // euclidean descriptor distance; -1 when a face is missing (JSON has no NaN)
	Confidence      float64 // 0..1: how far the score is from the threshold
	Match           bool
	FacesDoc        int
	FacesSelfie     int
	Signals         []string // signal codes, see the Signal constants
}

// Match compares the largest face on the document image with the largest face of the
// selfie. A missing face is not an error: the result has Match false, confidence 1 and a
// face_not_found signal, so the check can report "failed" (or "review") with a reason.
func (m *Models) Match(ctx context.Context, docImg, selfie gocv.Mat) (MatchResult, error) {
	doc, err := m.Analyze(ctx, docImg)
	if err != nil {
		return MatchResult{}, fmt.Errorf("analyzing document: %w", err)
	}
	self, err := m.Analyze(ctx, selfie)
	if err != nil {
		return MatchResult{}, fmt.Errorf("analyzing selfie: %w", err)
	}
	return m.Compare(doc, self), nil
}

// Compare turns two analyses into a MatchResult (a analyzed once can be compared with many).
func (m *Models) Compare(doc, self Analysis) MatchResult {
	r := MatchResult{Threshold: m.cfg.Threshold, FacesDoc: len(doc.Detections), FacesSelfie: len(self.Detections), Distance: -1}
	r.Signals = append(r.Signals, faceSignals(doc, SignalNoFaceDocument, SignalMultipleFacesDoc, SignalLowDetectionDocument)...)
	r.Signals = append(r.Signals, faceSignals(self, SignalNoFaceSelfie, SignalMultipleFacesSelfie, SignalLowDetectionSelfie)...)
	if doc.Main == nil || self.Main == nil {
		r.Confidence = 1
		return r
	}
	r.Distance = Distance(&doc.Main.Descriptor, &self.Main.Descriptor)
	r.SimilarityScore = Similarity(r.Distance)
	r.Match = r.SimilarityScore >= r.Threshold
	r.Confidence = math.Min(1, math.Abs(r.SimilarityScore-r.Threshold)/confidenceSpan)
	return r
}

func faceSignals(a Analysis, none, several, low string) []string {
	if a.Main == nil {
		return []string{none}
	}
	var s []string
	for _, d := range a.Detections[1:] {
		if d.Box.W >= companionRatio*a.Main.Box.W {
			s = append(s, several)
			break
		}
	}
	if a.Main.Score < lowDetectionScore {
		s = append(s, low)
	}
	return s
}
