package api

import "context"

// slots bounds the verifications that run the engine at once: sync requests, async jobs and
// kiosk submissions together. One verification already spreads its checks over every core;
// a second one beside it on a 2-core kiosk adds little throughput but a second set of
// decoded images and network buffers, so by default it waits for the first (see
// Limits.Verifications).
type slots chan struct{}

func newSlots(n int) slots { return make(slots, max(n, 1)) }

// acquire waits for a free slot until ctx ends.
func (s slots) acquire(ctx context.Context) error {
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s slots) release() { <-s }
