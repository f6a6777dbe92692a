package engine

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/kycd/kycd/engine/risk"
)

// randomCheck sets a random status and sometimes raises a random signal, sometimes none.
// Checks of one stage run concurrently, so the shared generator is locked.
type randomCheck struct {
	name string
	rng  *lockedRand
}

type lockedRand struct {
	mu sync.Mutex
	r  *rand.Rand
}

func (l *lockedRand) IntN(n int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.IntN(n)
}

func (c randomCheck) Name() string            { return c.name }
func (c randomCheck) Applicable(*Input) error { return nil }
func (c randomCheck) Run(_ context.Context, j *Job) error {
	st := []string{CheckPassed, CheckPassed, CheckFailed, CheckReview}[c.rng.IntN(4)]
	r := CheckResult{Status: st}
	switch c.name {
	case CheckOCR:
		j.V.Checks.OCR = &OCRCheck{CheckResult: r}
	case CheckFaceMatch:
		j.V.Checks.FaceMatch = &FaceMatchCheck{CheckResult: r}
	case CheckLiveness:
		j.V.Checks.Liveness = &LivenessCheck{CheckResult: r}
	case CheckFraud:
		j.V.Checks.Fraud = &FraudCheck{CheckResult: r}
	case CheckDuplicate:
		j.V.Checks.Duplicate = &DuplicateCheck{CheckResult: r}
	}
	if c.rng.IntN(3) == 0 {
		j.AddSignal(Signal{Code: "random", Severity: Severities[c.rng.IntN(len(Severities))], Check: c.name})
	}
	return nil
}

// TestEveryDecisionNamesASignal: over many generated verifications, every rejected or review
// verification lists at least one signal, and the score is the sum of its breakdown.
func TestEveryDecisionNamesASignal(t *testing.T) {
	rng := &lockedRand{r: rand.New(rand.NewPCG(1, 1))}
	var checks []Check
	for _, n := range AllChecks {
		checks = append(checks, randomCheck{n, rng})
	}
	e, err := New(risk.DefaultPolicy(), checks...)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for range 5000 {
		v := &Verification{}
		if err := e.Verify(context.Background(), &Input{}, AllChecks, v); err != nil {
			t.Fatal(err)
		}
		counts[v.Status]++
		if (v.Status == StatusRejected || v.Status == StatusReview) && len(v.FraudSignals) == 0 {
			t.Fatalf("%s verification without a signal: %+v", v.Status, v.Checks)
		}
		sum := 0
		for _, c := range v.RiskBreakdown {
			sum += c.Points
		}
		if min(sum, 1000) != v.RiskScore {
			t.Fatalf("score %d, breakdown sums to %d", v.RiskScore, sum)
		}
	}
	t.Logf("statuses over 5000 verifications: %v", counts)
}
