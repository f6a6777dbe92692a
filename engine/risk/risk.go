// Package risk turns signals into an explainable risk score, a level and a verification
// status. The score is a plain sum of per-signal points, capped at 1000, so every point in it
// can be traced to a signal an auditor can read.
package risk

import "fmt"

// Points per severity; a signal may carry its own points to override these.
type Weights struct {
	Low      int `yaml:"low"`
	Medium   int `yaml:"medium"`
	High     int `yaml:"high"`
	Critical int `yaml:"critical"`
}

// Bands are the lowest scores of the medium, high and critical levels.
type Bands struct {
	Medium   int `yaml:"medium"`
	High     int `yaml:"high"`
	Critical int `yaml:"critical"`
}

// Policy is the configurable status policy.
type Policy struct {
	Weights Weights `yaml:"weights"`
	Bands   Bands   `yaml:"bands"`
	// ReviewAt and RejectAt are the scores from which a verification goes to review or is
	// rejected. A critical signal always rejects.
	ReviewAt int `yaml:"review_at"`
	RejectAt int `yaml:"reject_at"`
}

// DefaultPolicy: one high signal (350) sends a verification to review, a critical one or two
// highs reject it; low signals alone never do.
func DefaultPolicy() Policy {
	return Policy{
		Weights:  Weights{Low: 40, Medium: 150, High: 350, Critical: 1000},
		Bands:    Bands{Medium: 250, High: 500, Critical: 750},
		ReviewAt: 300,
		RejectAt: 700,
	}
}

// Validate reports a policy whose numbers cannot work.
func (p Policy) Validate() error {
	w := p.Weights
	if w.Low < 0 || w.Medium < w.Low || w.High < w.Medium || w.Critical < w.High {
		return fmt.Errorf("risk weights must grow with severity: %+v", w)
	}
	b := p.Bands
	if !(0 < b.Medium && b.Medium < b.High && b.High < b.Critical && b.Critical <= 1000) {
		return fmt.Errorf("risk bands must be 0 < medium < high < critical <= 1000: %+v", b)
	}
	if !(0 < p.ReviewAt && p.ReviewAt <= p.RejectAt && p.RejectAt <= 1000) {
		return fmt.Errorf("risk thresholds must be 0 < review_at <= reject_at <= 1000")
	}
	return nil
}

// Item is one signal as the score sees it.
type Item struct {
	Code     string
	Severity string
}

// Part is one item's contribution to the score.
type Part struct {
	Code   string
	Points int
}

// Score sums the points of the items (capped at 1000) and returns the breakdown.
func (p Policy) Score(items []Item) (int, []Part) {
	total := 0
	parts := make([]Part, 0, len(items))
	for _, it := range items {
		pts := p.points(it.Severity)
		parts = append(parts, Part{Code: it.Code, Points: pts})
		total += pts
	}
	return min(total, 1000), parts
}

func (p Policy) points(severity string) int {
	switch severity {
	case "critical":
		return p.Weights.Critical
	case "high":
		return p.Weights.High
	case "medium":
		return p.Weights.Medium
	default:
		return p.Weights.Low
	}
}

// Level maps a score to low|medium|high|critical.
func (p Policy) Level(score int) string {
	switch {
	case score >= p.Bands.Critical:
		return "critical"
	case score >= p.Bands.High:
		return "high"
	case score >= p.Bands.Medium:
		return "medium"
	default:
		return "low"
	}
}

// Outcome is what the checks concluded, as the status policy needs it.
type Outcome struct {
	Score       int
	AnyCritical bool
	AnyError    bool // a check could not run to the end
	AnyFailed   bool // a check ran and failed
	AnyReview   bool // a check asks for a person
	Expired     bool // the document is past its expiry date
}

// Status applies the policy: error beats everything (the result is incomplete), then expired,
// then rejected, review and verified.
func (p Policy) Status(o Outcome) string {
	switch {
	case o.AnyError:
		return "error"
	case o.Expired:
		return "expired"
	case o.AnyCritical || o.Score >= p.RejectAt:
		return "rejected"
	case o.AnyFailed || o.AnyReview || o.Score >= p.ReviewAt:
		return "review"
	default:
		return "verified"
	}
}
