package backoff

import (
	"context"
	"testing"
	"time"
)

func TestBackoffGrowsAndCaps(t *testing.T) {
	tests := []struct {
		name string
		rand float64
		want []time.Duration
	}{
		{"upper bound", 0.999999999, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}},
		{"lower bound", 0, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Backoff{Min: time.Second, Max: 10 * time.Second, Rand: func() float64 { return tt.rand }}
			for i, want := range tt.want {
				if got := b.Next(); got.Round(time.Millisecond) != want {
					t.Errorf("try %d: %s, want %s", i, got, want)
				}
			}
			b.Reset()
			if b.Failures() != 0 || b.Next().Round(time.Millisecond) != tt.want[0] {
				t.Error("Reset did not start over")
			}
		})
	}
}

func TestSleep(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	wake := make(chan struct{}, 1)
	wake <- struct{}{}
	if err := Sleep(ctx, Real{}, time.Hour, wake); err != nil {
		t.Errorf("woken sleep: %v", err)
	}
	cancel()
	if err := Sleep(ctx, Real{}, time.Hour, nil); err == nil {
		t.Error("cancelled sleep returned nil")
	}
	if err := Sleep(context.Background(), Real{}, time.Millisecond, nil); err != nil {
		t.Errorf("short sleep: %v", err)
	}
}
