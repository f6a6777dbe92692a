package engine

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/risk"
)

// scripted is a check whose outcome the test chooses: the pipeline's own logic (planning,
// ordering, error handling, the status policy) is what is under test here.
type scripted struct {
	name    string
	needs   func(*Input) error
	status  string
	signals []Signal
	err     error
	ran     *[]string
}

func (s scripted) Name() string { return s.name }
func (s scripted) Applicable(in *Input) error {
	if s.needs != nil {
		return s.needs(in)
	}
	return nil
}
func (s scripted) Run(ctx context.Context, j *Job) error {
	*s.ran = append(*s.ran, s.name)
	if s.err != nil {
		return s.err
	}
	for _, sig := range s.signals {
		j.AddSignal(sig)
	}
	r := CheckResult{Status: s.status, Confidence: 0.9}
	switch s.name {
	case CheckOCR:
		j.V.Checks.OCR = &OCRCheck{CheckResult: r}
	case CheckFaceMatch:
		j.V.Checks.FaceMatch = &FaceMatchCheck{CheckResult: r}
	case CheckFraud:
		j.V.Checks.Fraud = &FraudCheck{CheckResult: r}
	}
	return nil
}

func needSelfie(in *Input) error {
	if in.Selfie == nil {
		return fmt.Errorf("%w: face_match needs a selfie", ErrCheckNotApplicable)
	}
	return nil
}

func TestPlan(t *testing.T) {
	var ran []string
	e, err := New(risk.DefaultPolicy(),
		scripted{name: CheckFraud, ran: &ran},
		scripted{name: CheckOCR, ran: &ran},
		scripted{name: CheckFaceMatch, needs: needSelfie, ran: &ran})
	if err != nil {
		t.Fatal(err)
	}
	withSelfie := &Input{Front: &imageio.Image{}, Selfie: &imageio.Image{}}
	front := &Input{Front: &imageio.Image{}}
	tests := []struct {
		name      string
		in        *Input
		requested []string
		want      string
		err       error
	}{
		{"default, no selfie", front, nil, "[ocr fraud]", nil},
		{"default, selfie", withSelfie, nil, "[ocr face_match fraud]", nil},
		{"pipeline order", withSelfie, []string{"fraud", "ocr"}, "[ocr fraud]", nil},
		{"not applicable", front, []string{"face_match"}, "", ErrCheckNotApplicable},
		{"not available", front, []string{"liveness"}, "", ErrCheckNotAvailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := e.Plan(tt.in, tt.requested)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err == nil && fmt.Sprint(plan) != tt.want {
				t.Fatalf("plan = %v, want %s", plan, tt.want)
			}
		})
	}
	if _, err := New(risk.DefaultPolicy(), scripted{name: "astrology"}); err == nil {
		t.Fatal("unknown check accepted")
	}
}

func TestVerifyStatus(t *testing.T) {
	high := Signal{Code: "x_high", Severity: "high"}
	crit := Signal{Code: "x_crit", Severity: "critical"}
	tests := []struct {
		name   string
		checks []scripted
		want   string
		score  int
	}{
		{"all passed", []scripted{{name: CheckOCR, status: CheckPassed}, {name: CheckFraud, status: CheckPassed}}, StatusVerified, 0},
		{"one high signal", []scripted{{name: CheckOCR, status: CheckPassed, signals: []Signal{high}}}, StatusReview, 350},
		{"critical", []scripted{{name: CheckFraud, status: CheckFailed, signals: []Signal{crit}}}, StatusRejected, 1000},
		// A failed check that raised no signal gets one naming it (explainChecks).
		{"failed check", []scripted{{name: CheckOCR, status: CheckFailed}}, StatusReview, 150},
		{"check error", []scripted{{name: CheckOCR, err: errors.New("tesseract crashed")}}, StatusError, 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ran []string
			var checks []Check
			var plan []string
			for _, c := range tt.checks {
				c.ran = &ran
				checks = append(checks, c)
				plan = append(plan, c.name)
			}
			e, err := New(risk.DefaultPolicy(), checks...)
			if err != nil {
				t.Fatal(err)
			}
			v := &Verification{}
			if err := e.Verify(context.Background(), &Input{}, plan, v); err != nil {
				t.Fatal(err)
			}
			if v.Status != tt.want || v.RiskScore != tt.score {
				t.Fatalf("status %s score %d, want %s %d (signals %v)", v.Status, v.RiskScore, tt.want, tt.score, v.FraudSignals)
			}
			if len(v.RiskBreakdown) != len(v.FraudSignals) {
				t.Fatalf("breakdown %v does not explain signals %v", v.RiskBreakdown, v.FraudSignals)
			}
			if tt.want == StatusError && (v.Checks.OCR == nil || v.Checks.OCR.Status != CheckErrored || v.Checks.OCR.Message == "") {
				t.Fatalf("errored check not reported: %+v", v.Checks.OCR)
			}
		})
	}
}

func TestVerifyStopsOnCancel(t *testing.T) {
	var ran []string
	e, _ := New(risk.DefaultPolicy(), scripted{name: CheckOCR, status: CheckPassed, ran: &ran})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.Verify(ctx, &Input{}, []string{CheckOCR}, &Verification{}); !errors.Is(err, context.Canceled) || len(ran) != 0 {
		t.Fatalf("err %v, ran %v", err, ran)
	}
}

// waiting is a first-stage check that finishes only once prepared is closed.
type waiting struct {
	scripted
	prepared chan struct{}
}

func (w waiting) Run(ctx context.Context, j *Job) error {
	select {
	case <-w.prepared:
		return w.scripted.Run(ctx, j)
	case <-time.After(5 * time.Second):
		return errors.New("the later check's preparation did not run beside the first stage")
	}
}

// preparing is a later-stage check with a preparation step.
type preparing struct {
	scripted
	prepared chan struct{}
	calls    *int
}

func (p preparing) Prepare(context.Context, *Job) {
	*p.calls++
	close(p.prepared)
}

func TestPrepareRunsBesideFirstStage(t *testing.T) {
	for _, tt := range []struct {
		name      string
		plan      []string
		wantCalls int
	}{
		{"planned", []string{CheckOCR, CheckFraud}, 1},
		{"not planned", []string{CheckFaceMatch}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ran []string
			calls := 0
			prepared := make(chan struct{})
			e, err := New(risk.DefaultPolicy(),
				waiting{scripted{name: CheckOCR, status: CheckPassed, ran: &ran}, prepared},
				scripted{name: CheckFaceMatch, status: CheckPassed, ran: &ran},
				preparing{scripted{name: CheckFraud, status: CheckPassed, ran: &ran}, prepared, &calls})
			if err != nil {
				t.Fatal(err)
			}
			v := &Verification{}
			timings, err := e.VerifyTimed(context.Background(), &Input{}, tt.plan, v)
			if err != nil {
				t.Fatal(err)
			}
			if calls != tt.wantCalls {
				t.Fatalf("Prepare ran %d times, want %d", calls, tt.wantCalls)
			}
			for _, name := range tt.plan {
				if _, ok := timings[name]; !ok {
					t.Errorf("no timing for %s", name)
				}
			}
			if v.Checks.OCR != nil && v.Checks.OCR.Status != CheckPassed {
				t.Fatalf("ocr %+v: %v", v.Checks.OCR, v.FraudSignals)
			}
		})
	}
}
