package engine

import (
	"context"
	"fmt"
	"image"
	"math"

	"github.com/kycd/kycd/engine/document"
	"github.com/kycd/kycd/engine/fraud"
	"github.com/kycd/kycd/engine/fraud/forensic"
	"github.com/kycd/kycd/engine/imageio"
)

// Fraud is the fraud check: the consistency rules of DOCUMENTS.md §4 on what ocr read, and the
// image forensics on the document images. It fills tampering_detected and the signal codes and
// adds the signals to the job, so the risk score names every reason.
type Fraud struct {
	// Forensics examines the images; nil runs the consistency rules only.
	Forensics *forensic.Analyzer
}

func (Fraud) Name() string { return CheckFraud }

func (Fraud) Applicable(in *Input) error {
	if in.Front == nil {
		return fmt.Errorf("%w: fraud needs document_front", ErrCheckNotApplicable)
	}
	return nil
}

func (c Fraud) Run(ctx context.Context, j *Job) error {
	var findings []fraud.Finding
	if j.MRZ != nil {
		findings = append(findings, fraud.Rules(fraud.FromMRZ(j.MRZ, j.In.DocumentType, j.In.Country), j.In.Now)...)
	}
	if c.Forensics != nil {
		fs, err := c.imageFindings(ctx, j)
		if err != nil {
			return err
		}
		findings = append(findings, fs...)
	}
	res := &FraudCheck{CheckResult: CheckResult{Status: CheckPassed, Confidence: 0.9}, Signals: []string{}}
	for _, f := range findings {
		j.AddSignal(Signal{Code: f.Code, Severity: f.Severity, Message: f.Message, MessageFR: f.MessageFR, Check: CheckFraud})
		res.Signals = append(res.Signals, f.Code)
		res.TamperingDetected = res.TamperingDetected || f.Tampering
		res.Status = worseStatus(res.Status, f.Severity)
	}
	if j.MRZ == nil {
		// Without a reading only the images were examined: say so, and be less sure.
		res.Confidence = 0.6
	}
	if res.Status != CheckPassed {
		res.Message = fmt.Sprintf("%d fraud signal(s) raised", len(findings))
	}
	j.V.Checks.Fraud = res
	return nil
}

// Prepare examines the images (the forensics need no OCR result) while the first stage runs.
func (c Fraud) Prepare(ctx context.Context, j *Job) {
	if c.Forensics != nil {
		c.imageFindings(ctx, j) // kept in the job; Run reports its error
	}
}

// imageFindings are the forensic findings on both sides, computed once per verification.
func (c Fraud) imageFindings(ctx context.Context, j *Job) ([]fraud.Finding, error) {
	return j.forensics.get(func() ([]fraud.Finding, error) {
		return c.examineSides(ctx, j)
	})
}

// worseStatus: a high or critical finding fails the check, a medium one asks for review, a low
// one leaves it passed (it still counts in the score).
func worseStatus(cur, severity string) string {
	switch {
	case severity == fraud.High || severity == fraud.Critical:
		return CheckFailed
	case severity == fraud.Medium && cur == CheckPassed:
		return CheckReview
	}
	return cur
}

// examineSides runs the image forensics on the front, then on the back, front findings first.
// The back is examined without its face search when the front's portrait was found: none of
// the documents carries a portrait on both sides (face_match reads the back only when the
// front has none), and the face cascade is a sixth of a side's forensics.
// The sides run one after the other: the first stage's other checks keep both cores busy.
func (c Fraud) examineSides(ctx context.Context, j *Job) ([]fraud.Finding, error) {
	var out []fraud.Finding
	portraitFound := false
	for i, side := range []struct {
		name string
		img  *imageio.Image
	}{{"document_front", j.In.Front}, {"document_back", j.In.Back}} {
		if side.img == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("fraud check: %w", err)
		}
		geo := geometryOf(j.outline(i, side.img))
		geo.NoPortrait = portraitFound
		s, err := c.Forensics.MeasureIn(side.img.Bytes, side.img.Mat, geo)
		if err != nil {
			return nil, fmt.Errorf("analyzing %s: %w", side.name, err)
		}
		portraitFound = portraitFound || !s.PortraitBox.Empty()
		out = append(out, forensic.Label(c.Forensics.Findings(s), side.name)...)
	}
	return out, nil
}

// geometryOf is the forensics' geometry of a document outline (the one the printed-zone
// reader found), so that they compare the card with itself, not with the table: its bounding
// box; unknown when there is no outline.
func geometryOf(q document.Quad, found bool) forensic.Geometry {
	if !found {
		return forensic.Geometry{}
	}
	// A literal, not image.Rect, which would swap the inverted start.
	r := image.Rectangle{Min: image.Pt(math.MaxInt, math.MaxInt), Max: image.Pt(math.MinInt, math.MinInt)}
	for _, p := range q {
		r.Min.X, r.Min.Y = min(r.Min.X, int(p.X)), min(r.Min.Y, int(p.Y))
		r.Max.X, r.Max.Y = max(r.Max.X, int(math.Ceil(float64(p.X)))), max(r.Max.Y, int(math.Ceil(float64(p.Y))))
	}
	return forensic.Geometry{Card: r}
}
