package engine

import (
	"context"
	"fmt"

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
	sides := []struct {
		name string
		img  *imageio.Image
	}{{"document_front", j.In.Front}, {"document_back", j.In.Back}}
	for _, side := range sides {
		if side.img == nil || c.Forensics == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("fraud check: %w", err)
		}
		fs, err := c.Forensics.Analyze(side.img.Bytes, side.img.Mat)
		if err != nil {
			return fmt.Errorf("analyzing %s: %w", side.name, err)
		}
		findings = append(findings, forensic.Label(fs, side.name)...)
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
