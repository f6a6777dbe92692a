// Package backoff is capped exponential backoff with jitter, and the clock the
// background workers (uplink, webhooks) wait on, injectable so tests run
// without real sleeps. After Tailscale's util/backoff and tstime.
package backoff

import (
	"context"
	"math/rand/v2"
	"time"
)

// Backoff grows the wait after each failure: Min, 2·Min, 4·Min … up to Max,
// each drawn uniformly from [d/2, d] so that many kiosks coming back after an
// outage do not retry in lockstep. The zero value is not usable: set Min and Max.
type Backoff struct {
	Min, Max time.Duration
	// Rand returns a float in [0,1); nil means math/rand/v2.
	Rand func() float64
	n    int
}

// Next records a failure and returns how long to wait before the next try.
func (b *Backoff) Next() time.Duration {
	d := b.Delay(b.n)
	b.n++
	return d
}

// Delay is the wait after the nth consecutive failure (0-based), without
// changing b: for queues that keep the attempt count with each item.
func (b *Backoff) Delay(n int) time.Duration {
	d := b.Min
	for i := 0; i < n && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	r := rand.Float64
	if b.Rand != nil {
		r = b.Rand
	}
	half := d / 2
	return half + time.Duration(r()*float64(d-half))
}

// Reset forgets the failures after a success.
func (b *Backoff) Reset() { b.n = 0 }

// Failures is the number of Next calls since the last Reset.
func (b *Backoff) Failures() int { return b.n }

// Clock is the time source of a worker.
type Clock interface {
	Now() time.Time
	// After fires once d has passed.
	After(d time.Duration) <-chan time.Time
}

// Real is the wall clock.
type Real struct{}

// Now is time.Now.
func (Real) Now() time.Time { return time.Now() }

// After is time.After (unreferenced timers are collected since Go 1.23).
func (Real) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Sleep waits d on c, returning early with ctx's error when it ends, or nil
// when wake fires (a nil wake never does).
func Sleep(ctx context.Context, c Clock, d time.Duration, wake <-chan struct{}) error {
	if d <= 0 {
		return ctx.Err()
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-c.After(d):
		return nil
	case <-wake:
		return nil
	}
}
