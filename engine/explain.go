package engine

import "fmt"

// explainChecks adds a signal for every check that failed or asked for review without raising
// one, so a rejected or review verification always names its reason (an auditor reads
// fraud_signals, not check statuses).
func explainChecks(j *Job) {
	raised := map[string]bool{}
	for _, s := range j.Signals {
		raised[s.Check] = true
	}
	c := &j.V.Checks
	for _, r := range []struct {
		name string
		res  *CheckResult
	}{
		{CheckOCR, resultOf(c.OCR != nil, func() *CheckResult { return &c.OCR.CheckResult })},
		{CheckFaceMatch, resultOf(c.FaceMatch != nil, func() *CheckResult { return &c.FaceMatch.CheckResult })},
		{CheckLiveness, resultOf(c.Liveness != nil, func() *CheckResult { return &c.Liveness.CheckResult })},
		{CheckFraud, resultOf(c.Fraud != nil, func() *CheckResult { return &c.Fraud.CheckResult })},
		{CheckDuplicate, resultOf(c.Duplicate != nil, func() *CheckResult { return &c.Duplicate.CheckResult })},
	} {
		if r.res == nil || raised[r.name] || (r.res.Status != CheckFailed && r.res.Status != CheckReview) {
			continue
		}
		sev, verb, verbFR := "medium", "failed", "a échoué"
		if r.res.Status == CheckReview {
			sev, verb, verbFR = "low", "asks for a review", "demande un examen"
		}
		why := r.res.Message
		if why == "" {
			why = "no reason given"
		}
		j.AddSignal(Signal{Code: r.name + "_" + r.res.Status, Severity: sev, Check: r.name,
			Message:   fmt.Sprintf("The %s check %s: %s.", r.name, verb, why),
			MessageFR: fmt.Sprintf("La vérification %s %s : %s.", r.name, verbFR, why)})
	}
}

func resultOf(ok bool, get func() *CheckResult) *CheckResult {
	if !ok {
		return nil
	}
	return get()
}
