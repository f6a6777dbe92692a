package risk

import "testing"

func TestStatusPolicy(t *testing.T) {
	p := DefaultPolicy()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		items []Item
		o     Outcome
		score int
		level string
		want  string
	}{
		{"clean", nil, Outcome{}, 0, "low", "verified"},
		{"one low", []Item{{"a", "low"}}, Outcome{}, 40, "low", "verified"},
		{"one high", []Item{{"a", "high"}}, Outcome{}, 350, "medium", "review"},
		{"two highs", []Item{{"a", "high"}, {"b", "high"}}, Outcome{}, 700, "high", "rejected"},
		{"critical", []Item{{"a", "critical"}}, Outcome{AnyCritical: true}, 1000, "critical", "rejected"},
		{"expired", []Item{{"a", "high"}}, Outcome{Expired: true}, 350, "medium", "expired"},
		{"error wins", []Item{{"a", "critical"}}, Outcome{AnyError: true, AnyCritical: true}, 1000, "critical", "error"},
		{"failed check", nil, Outcome{AnyFailed: true}, 0, "low", "review"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			score, parts := p.Score(tt.items)
			if score != tt.score || len(parts) != len(tt.items) {
				t.Fatalf("score = %d (%d parts), want %d", score, len(parts), tt.score)
			}
			if got := p.Level(score); got != tt.level {
				t.Errorf("level = %s, want %s", got, tt.level)
			}
			tt.o.Score = score
			if got := p.Status(tt.o); got != tt.want {
				t.Errorf("status = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestValidateRejectsBadPolicy(t *testing.T) {
	p := DefaultPolicy()
	p.ReviewAt = 900
	if p.Validate() == nil {
		t.Fatal("review_at above reject_at accepted")
	}
	p = DefaultPolicy()
	p.Weights.High = 1
	if p.Validate() == nil {
		t.Fatal("weights out of order accepted")
	}
}
