package engine

import (
	"context"
	"fmt"

	"github.com/kycd/kycd/engine/face"
)

// FaceMatch is the face_match check: the portrait on the document against the selfie.
type FaceMatch struct {
	Models *face.Models
}

func (FaceMatch) Name() string { return CheckFaceMatch }

func (FaceMatch) Applicable(in *Input) error {
	if in.Selfie == nil {
		return fmt.Errorf("%w: face_match needs a selfie", ErrCheckNotApplicable)
	}
	if in.Front == nil {
		return fmt.Errorf("%w: face_match needs document_front", ErrCheckNotApplicable)
	}
	return nil
}

// faceSignal describes each face-engine signal code for a person.
var faceSignal = map[string]struct{ severity, en, fr string }{
	face.SignalNoFaceDocument:       {"high", "No face was found on the document.", "Aucun visage n'a été trouvé sur le document."},
	face.SignalNoFaceSelfie:         {"high", "No face was found on the selfie.", "Aucun visage n'a été trouvé sur le selfie."},
	face.SignalMultipleFacesSelfie:  {"high", "Several people are on the selfie.", "Plusieurs personnes figurent sur le selfie."},
	face.SignalMultipleFacesDoc:     {"medium", "Several portraits of different sizes are on the document.", "Plusieurs portraits figurent sur le document."},
	face.SignalLowDetectionDocument: {"low", "The portrait on the document is hard to see.", "Le portrait du document est peu lisible."},
	face.SignalLowDetectionSelfie:   {"low", "The face on the selfie is hard to see.", "Le visage du selfie est peu lisible."},
}

func (c FaceMatch) Run(ctx context.Context, j *Job) error {
	doc, err := c.Models.Analyze(ctx, j.In.Front.Mat)
	if err != nil {
		return fmt.Errorf("analyzing the document portrait: %w", err)
	}
	// A passport's or card's portrait is on the front; some permits carry it on the back.
	if doc.Main == nil && j.In.Back != nil {
		if back, err := c.Models.Analyze(ctx, j.In.Back.Mat); err == nil && back.Main != nil {
			doc = back
		}
	}
	self, err := j.SelfieAnalysis(ctx, c.Models)
	if err != nil {
		return fmt.Errorf("analyzing the selfie: %w", err)
	}
	r := c.Models.Compare(doc, self)
	if self.Main != nil {
		j.FaceTemplate = append([]float32(nil), self.Main.Descriptor[:]...)
	}

	res := &FaceMatchCheck{CheckResult: CheckResult{Confidence: round3(r.Confidence)},
		SimilarityScore: round3(r.SimilarityScore), Threshold: round3(r.Threshold)}
	for _, code := range r.Signals {
		d, ok := faceSignal[code]
		if !ok {
			d.severity, d.en, d.fr = "medium", "Face signal "+code+".", "Signal visage "+code+"."
		}
		j.AddSignal(Signal{Code: code, Severity: d.severity, Check: CheckFaceMatch, Message: d.en, MessageFR: d.fr})
	}
	switch {
	case doc.Main == nil || self.Main == nil:
		res.Status = CheckFailed
		res.Message = "a face is missing, so the faces could not be compared"
	case !r.Match:
		res.Status = CheckFailed
		res.Message = "the selfie does not match the document portrait"
		j.AddSignal(Signal{Code: "face_mismatch", Severity: "high", Check: CheckFaceMatch,
			Message:   fmt.Sprintf("The selfie does not match the document portrait (similarity %.2f, threshold %.2f).", r.SimilarityScore, r.Threshold),
			MessageFR: fmt.Sprintf("Le selfie ne correspond pas au portrait du document (similarité %.2f, seuil %.2f).", r.SimilarityScore, r.Threshold)})
	case r.FacesSelfie > 1 && hasSignal(r.Signals, face.SignalMultipleFacesSelfie):
		res.Status = CheckReview
		res.Message = "the faces match, but another person is on the selfie"
	default:
		res.Status = CheckPassed
	}
	j.V.Checks.FaceMatch = res
	return nil
}

func hasSignal(codes []string, code string) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}
