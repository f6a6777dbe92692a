package uplink

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/kycd/kycd/daemon/backoff"
	"github.com/kycd/kycd/storage"
)

// Options inject the worker's environment; zero values are the real ones.
type Options struct {
	Clock  backoff.Clock
	Client *http.Client
	// Dial probes connectivity to the hub while the network is down.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Rand is the jitter source, for deterministic tests.
	Rand func() float64
}

// Worker sends the outbox upstream. Run it once; Status is safe concurrently.
type Worker struct {
	cfg    Config
	db     *storage.DB
	log    *slog.Logger
	clock  backoff.Clock
	client *http.Client
	dial   func(ctx context.Context, network, addr string) (net.Conn, error)
	bo     backoff.Backoff
	wake   chan struct{}
	limit  int // current batch size; halved on 413

	mu        sync.Mutex
	status    Status
	lastLog   string    // the error last logged, so a repeat is not logged again
	downSince time.Time // first failure of the current outage
}

// New builds a worker for cfg (validated) on db.
func New(cfg Config, db *storage.DB, log *slog.Logger, opts Options) (*Worker, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	w := &Worker{cfg: cfg, db: db, log: log.With("component", "uplink"), clock: opts.Clock, client: opts.Client,
		dial: opts.Dial, wake: make(chan struct{}, 1), limit: cfg.BatchSize,
		bo: backoff.Backoff{Min: cfg.MinBackoff, Max: cfg.MaxBackoff, Rand: opts.Rand}}
	if w.clock == nil {
		w.clock = backoff.Real{}
	}
	if w.client == nil {
		// Per-request timeouts come from the context; the hub must not redirect sync traffic.
		w.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if w.dial == nil {
		w.dial = (&net.Dialer{}).DialContext
	}
	return w, nil
}

// Wake makes an idle worker look at the outbox now, e.g. after a write.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends; cancellation is not an error. Items are dropped
// from the outbox only after the hub acknowledged them, so a kill at any
// point loses nothing (and at worst sends a batch twice, which the hub
// recognises).
func (w *Worker) Run(ctx context.Context) error {
	w.log.Info("upstream sync started", "upstream", w.cfg.URL, "device_id", w.cfg.DeviceID, "images", w.cfg.IncludeImages)
	for ctx.Err() == nil {
		wait, err := w.step(ctx)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			wait = w.failed(ctx, err, wait)
		}
		if err := backoff.Sleep(ctx, w.clock, wait, w.wake); err != nil {
			break
		}
	}
	return nil
}

// step sends one batch. It returns how long to wait before the next step:
// the idle interval when the outbox is empty, 0 when more is waiting, or
// the Retry-After of a failure.
func (w *Worker) step(ctx context.Context) (time.Duration, error) {
	items, err := w.db.OutboxPeek(w.limit)
	if err != nil {
		return 0, fmt.Errorf("reading the outbox: %w", err)
	}
	if len(items) == 0 {
		return w.cfg.Interval, nil
	}
	body, seqs, err := w.build(items)
	if err != nil {
		return 0, err
	}
	if body != nil {
		if wait, err := w.send(ctx, body); err != nil {
			return wait, err
		}
	}
	if err := w.db.OutboxAck(seqs...); err != nil {
		return 0, fmt.Errorf("acknowledging sent items: %w", err)
	}
	w.succeeded(len(seqs))
	return 0, nil
}

// failed records err, logs it unless it repeats the last one, and returns
// how long to wait before the next try. Network failures wait for the hub to
// be reachable again, not only for the backoff.
func (w *Worker) failed(ctx context.Context, err error, retryAfter time.Duration) time.Duration {
	w.mu.Lock()
	w.status.Failures++
	w.status.LastError, w.status.LastErrorAt = err.Error(), w.clock.Now().UTC()
	if w.downSince.IsZero() {
		w.downSince = w.clock.Now()
	}
	repeat := w.lastLog == err.Error()
	w.lastLog = err.Error()
	w.mu.Unlock()
	if repeat {
		w.log.Debug("upstream sync still failing", "err", err)
	} else {
		w.log.Warn("upstream sync failed; will retry", "err", err)
	}
	var tooLarge *errTooLarge
	if errors.As(err, &tooLarge) && w.limit > 1 {
		w.limit = max(1, w.limit/2)
		return 0
	}
	if retryAfter > 0 {
		w.setWaiting("retry_after")
		return min(retryAfter, w.cfg.MaxRetryAfter)
	}
	if isNetworkDown(err) {
		w.waitForConnectivity(ctx)
		return 0
	}
	w.setWaiting("backoff")
	return w.bo.Next()
}

// succeeded resets the failure state and reports a recovery once.
func (w *Worker) succeeded(n int) {
	w.bo.Reset()
	w.mu.Lock()
	failures, since := w.status.Failures, w.downSince
	w.status.Failures, w.status.Waiting, w.lastLog, w.downSince = 0, "", "", time.Time{}
	w.status.LastSuccess = w.clock.Now().UTC()
	w.status.Sent += uint64(n)
	w.mu.Unlock()
	if failures > 0 {
		w.log.Info("upstream sync recovered", "failed_attempts", failures, "down_for", w.clock.Now().Sub(since).Round(time.Second))
	}
	if w.limit < w.cfg.BatchSize {
		w.limit = min(w.cfg.BatchSize, w.limit*2)
	}
}

// waitForConnectivity probes the hub's address with capped backoff until a
// TCP connection succeeds, without touching the outbox meanwhile.
func (w *Worker) waitForConnectivity(ctx context.Context) {
	w.setWaiting("connectivity")
	addr := hostPort(w.cfg.URL)
	for {
		if err := backoff.Sleep(ctx, w.clock, w.bo.Next(), nil); err != nil {
			return
		}
		pctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
		conn, err := w.dial(pctx, "tcp", addr)
		cancel()
		if err == nil {
			conn.Close()
			w.log.Debug("upstream reachable again", "addr", addr)
			return
		}
	}
}

// isNetworkDown tells "cannot reach the hub" (refused, unreachable, DNS)
// from failures of a reached hub.
func isNetworkDown(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	return (errors.As(err, &op) && op.Op == "dial") || errors.As(err, &dns)
}

func hostPort(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if u.Port() != "" {
		return u.Host
	}
	if u.Scheme == "https" {
		return net.JoinHostPort(u.Hostname(), "443")
	}
	return net.JoinHostPort(u.Hostname(), "80")
}
