package api

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSlotsBoundConcurrentVerifications(t *testing.T) {
	for _, n := range []int{0, 1, 2} {
		s := newSlots(n)
		want := max(n, 1)
		for i := range want {
			if err := s.acquire(context.Background()); err != nil {
				t.Fatalf("n=%d: slot %d: %v", n, i, err)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		if err := s.acquire(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("n=%d: acquire beyond %d slots: %v, want a wait until the deadline", n, want, err)
		}
		cancel()
		s.release()
		if err := s.acquire(context.Background()); err != nil {
			t.Fatalf("n=%d: acquire after a release: %v", n, err)
		}
	}
}
