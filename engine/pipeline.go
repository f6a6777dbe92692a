package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kycd/kycd/engine/risk"
)

// Engine runs the checks it was built with. It holds no per-request state, so one Engine
// serves every request concurrently.
type Engine struct {
	checks map[string]Check
	policy risk.Policy
}

// New builds an engine from the available checks and the status policy.
func New(policy risk.Policy, checks ...Check) (*Engine, error) {
	if err := policy.Validate(); err != nil {
		return nil, fmt.Errorf("risk policy: %w", err)
	}
	e := &Engine{checks: make(map[string]Check), policy: policy}
	for _, c := range checks {
		if !slices.Contains(AllChecks, c.Name()) {
			return nil, fmt.Errorf("unknown check %q", c.Name())
		}
		e.checks[c.Name()] = c
	}
	return e, nil
}

// Available lists the checks this engine can run, in pipeline order.
func (e *Engine) Available() []string {
	out := []string{}
	for _, name := range AllChecks {
		if _, ok := e.checks[name]; ok {
			out = append(out, name)
		}
	}
	return out
}

// Plan resolves the requested checks. With none requested it picks every available check the
// images allow; a requested check that is unknown to this build or cannot run on the input is
// an error naming it, never silently skipped.
func (e *Engine) Plan(in *Input, requested []string) ([]string, error) {
	if len(requested) == 0 {
		var plan []string
		for _, name := range e.Available() {
			if e.checks[name].Applicable(in) == nil {
				plan = append(plan, name)
			}
		}
		if len(plan) == 0 {
			return nil, fmt.Errorf("%w: no check of this build can run on these images (available: %v)", ErrCheckNotAvailable, e.Available())
		}
		return plan, nil
	}
	var plan []string
	for _, name := range AllChecks { // pipeline order, duplicates removed
		if !slices.Contains(requested, name) {
			continue
		}
		c, ok := e.checks[name]
		if !ok {
			return nil, &CheckError{Check: name, Err: fmt.Errorf("%w: the %s check is not available in this build", ErrCheckNotAvailable, name)}
		}
		if err := c.Applicable(in); err != nil {
			return nil, &CheckError{Check: name, Err: err}
		}
		plan = append(plan, name)
	}
	return plan, nil
}

// CheckError names the check a planning error is about.
type CheckError struct {
	Check string
	Err   error
}

func (e *CheckError) Error() string { return e.Err.Error() }
func (e *CheckError) Unwrap() error { return e.Err }

// stages group the checks that may run at the same time: the first three read only the
// images; fraud needs what ocr read and duplicate the face template. On a 2-core kiosk this
// overlaps OCR (Tesseract) with the face networks (OpenCV DNN); the fraud check's image
// forensics and the duplicate check's image hashes (Preparers) run in the first stage too.
var stages = [][]string{{CheckOCR, CheckFaceMatch, CheckLiveness}, {CheckFraud, CheckDuplicate}}

// Verify runs the planned checks on the input and fills v: extracted data, check results,
// signals, risk score, level and status. v arrives with its identity (id, times, type,
// country, metadata) set by the caller.
func (e *Engine) Verify(ctx context.Context, in *Input, plan []string, v *Verification) error {
	_, err := e.VerifyTimed(ctx, in, plan, v)
	return err
}

// VerifyTimed is Verify that also reports how long each check ran (for `kycd bench`).
func (e *Engine) VerifyTimed(ctx context.Context, in *Input, plan []string, v *Verification) (map[string]time.Duration, error) {
	j := &Job{In: in, V: v}
	timings := make(map[string]time.Duration, len(plan))
	errs := make(map[string]error, len(plan))
	var mu sync.Mutex
	for i, stage := range stages {
		if err := ctx.Err(); err != nil {
			return timings, fmt.Errorf("verification cancelled: %w", err)
		}
		var wg sync.WaitGroup
		if i == 0 {
			e.prepareLater(ctx, j, plan, &wg, func(name string, d time.Duration) {
				mu.Lock()
				timings[name] += d
				mu.Unlock()
			})
		}
		for _, name := range stage {
			if !slices.Contains(plan, name) {
				continue
			}
			c, ok := e.checks[name]
			if !ok {
				return timings, fmt.Errorf("%w: %s", ErrCheckNotAvailable, name)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				err := c.Run(ctx, j)
				mu.Lock()
				timings[name] += time.Since(start) // after its preparation, if any
				errs[name] = err
				mu.Unlock()
			}()
		}
		wg.Wait()
		for _, name := range stage {
			err := errs[name]
			if err == nil {
				continue
			}
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return timings, fmt.Errorf("running %s: %w", name, err)
			}
			markError(v, name, err)
			j.AddSignal(Signal{Code: "check_error", Severity: "medium", Check: name,
				Message:   fmt.Sprintf("the %s check could not finish: %v", name, err),
				MessageFR: fmt.Sprintf("la vérification %s n'a pas pu aboutir : %v", name, err)})
		}
	}
	orderSignals(j.Signals)
	e.decide(j, len(errs) > 0 && anyError(errs))
	return timings, nil
}

// prepareLater starts, in wg, the preparation of the planned checks of later stages; took
// reports how long each one ran, which counts in that check's time.
func (e *Engine) prepareLater(ctx context.Context, j *Job, plan []string, wg *sync.WaitGroup, took func(string, time.Duration)) {
	for _, stage := range stages[1:] {
		for _, name := range stage {
			p, ok := e.checks[name].(Preparer)
			if !ok || !slices.Contains(plan, name) {
				continue
			}
			wg.Go(func() {
				start := time.Now()
				p.Prepare(ctx, j)
				took(name, time.Since(start))
			})
		}
	}
}

func anyError(errs map[string]error) bool {
	for _, err := range errs {
		if err != nil {
			return true
		}
	}
	return false
}

// orderSignals puts signals in pipeline order of the check that raised them, keeping each
// check's own order, so concurrent checks still give a deterministic result.
func orderSignals(s []Signal) {
	rank := func(check string) int {
		if i := slices.Index(AllChecks, check); i >= 0 {
			return i
		}
		return len(AllChecks)
	}
	slices.SortStableFunc(s, func(a, b Signal) int { return rank(a.Check) - rank(b.Check) })
}

// decide turns the job's signals and check statuses into score, level and status.
func (e *Engine) decide(j *Job, anyErr bool) {
	explainChecks(j)
	items := make([]risk.Item, len(j.Signals))
	o := risk.Outcome{AnyError: anyErr, Expired: j.Expired}
	for i, s := range j.Signals {
		items[i] = risk.Item{Code: s.Code, Severity: s.Severity}
		o.AnyCritical = o.AnyCritical || s.Severity == "critical"
	}
	for _, st := range checkStatuses(&j.V.Checks) {
		o.AnyFailed = o.AnyFailed || st == CheckFailed
		o.AnyReview = o.AnyReview || st == CheckReview
	}
	score, parts := e.policy.Score(items)
	o.Score = score
	v := j.V
	v.RiskScore = score
	v.RiskLevel = e.policy.Level(score)
	v.RiskBreakdown = make([]Contribution, len(parts))
	for i, p := range parts {
		v.RiskBreakdown[i] = Contribution{Code: p.Code, Points: p.Points}
	}
	v.FraudSignals = append([]Signal{}, j.Signals...)
	v.Status = e.policy.Status(o)
}

func checkStatuses(c *Checks) []string {
	var out []string
	if c.OCR != nil {
		out = append(out, c.OCR.Status)
	}
	if c.FaceMatch != nil {
		out = append(out, c.FaceMatch.Status)
	}
	if c.Liveness != nil {
		out = append(out, c.Liveness.Status)
	}
	if c.Fraud != nil {
		out = append(out, c.Fraud.Status)
	}
	if c.Duplicate != nil {
		out = append(out, c.Duplicate.Status)
	}
	return out
}

// markError records a check that failed to run, keeping whatever part it had filled.
func markError(v *Verification, name string, err error) {
	r := CheckResult{Status: CheckErrored, Message: err.Error()}
	c := &v.Checks
	switch name {
	case CheckOCR:
		c.OCR = &OCRCheck{CheckResult: r}
	case CheckFaceMatch:
		c.FaceMatch = &FaceMatchCheck{CheckResult: r}
	case CheckLiveness:
		c.Liveness = &LivenessCheck{CheckResult: r}
	case CheckFraud:
		c.Fraud = &FraudCheck{CheckResult: r, Signals: []string{}}
	case CheckDuplicate:
		c.Duplicate = &DuplicateCheck{CheckResult: r, Matches: []DuplicateMatch{}}
	}
}
