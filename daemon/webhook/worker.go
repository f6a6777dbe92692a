package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/kycd/kycd/daemon/backoff"
	"github.com/kycd/kycd/storage"
)

// MinRetryFor is the shortest retry window API.md allows.
const MinRetryFor = 24 * time.Hour

// Config bounds delivery.
type Config struct {
	Secret     string
	Allow      []string
	Timeout    time.Duration // per attempt; default 10 s
	MinBackoff time.Duration // default 5 s
	MaxBackoff time.Duration // default 1 h
	RetryFor   time.Duration // give up after this long; default 72 h, at least 24 h
	Interval   time.Duration // idle look at the queue; default 1 s
}

func (c Config) withDefaults() Config {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Timeout, 10*time.Second)
	def(&c.MinBackoff, 5*time.Second)
	def(&c.MaxBackoff, time.Hour)
	def(&c.RetryFor, 72*time.Hour)
	def(&c.Interval, time.Second)
	c.RetryFor = max(c.RetryFor, MinRetryFor)
	return c
}

// Options inject the environment; zero values are the real ones.
type Options struct {
	Clock  backoff.Clock
	Client *http.Client
	Rand   func() float64
}

// Worker delivers queued webhooks, one at a time, earliest due first.
type Worker struct {
	cfg    Config
	db     *storage.DB
	log    *slog.Logger
	clock  backoff.Clock
	client *http.Client
	bo     backoff.Backoff
	wake   chan struct{}

	mu      sync.Mutex
	lastLog map[string]string // target host → error last logged, so a down receiver is logged once
}

// New builds a worker.
func New(cfg Config, db *storage.DB, log *slog.Logger, opts Options) (*Worker, error) {
	if len(cfg.Secret) < 16 {
		return nil, errors.New("webhook secret shorter than 16 characters")
	}
	cfg = cfg.withDefaults()
	w := &Worker{cfg: cfg, db: db, log: log.With("component", "webhooks"), clock: opts.Clock, client: opts.Client,
		wake: make(chan struct{}, 1), lastLog: map[string]string{},
		bo: backoff.Backoff{Min: cfg.MinBackoff, Max: cfg.MaxBackoff, Rand: opts.Rand}}
	if w.clock == nil {
		w.clock = backoff.Real{}
	}
	if w.client == nil {
		w.client = &http.Client{}
	}
	// Never follow a redirect: it could lead outside the allow-list.
	c := *w.client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	w.client = &c
	return w, nil
}

// Wake makes the worker look at the queue now.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends; cancellation is not an error. An attempt cut
// short by shutdown is not recorded, and is made again on the next start.
func (w *Worker) Run(ctx context.Context) error {
	for ctx.Err() == nil {
		due, err := w.db.WebhooksDue(w.clock.Now(), 16)
		if err != nil {
			w.log.Error("reading the webhook queue", "err", err)
		}
		for _, d := range due {
			if ctx.Err() != nil {
				return nil
			}
			w.deliver(ctx, d)
		}
		if len(due) > 0 {
			continue
		}
		if err := backoff.Sleep(ctx, w.clock, w.idle(), w.wake); err != nil {
			return nil
		}
	}
	return nil
}

// idle is how long to sleep: until the next due delivery, at most Interval.
func (w *Worker) idle() time.Duration {
	next, ok, err := w.db.NextWebhookDue()
	if err != nil || !ok {
		return w.cfg.Interval
	}
	return min(max(next.Sub(w.clock.Now()), 10*time.Millisecond), w.cfg.Interval)
}

// deliver makes one attempt and records it with its outcome.
func (w *Worker) deliver(ctx context.Context, d storage.WebhookDelivery) {
	start := w.clock.Now()
	status, retryAfter, err := w.post(ctx, d)
	if ctx.Err() != nil {
		return
	}
	a := storage.WebhookAttempt{Time: start.UTC(), Status: status, Duration: w.clock.Now().Sub(start)}
	out := storage.WebhookOutcome{State: storage.WebhookDelivered}
	var notAllowed *errNotAllowed
	switch {
	case err == nil:
	case errors.As(err, &notAllowed):
		a.Error, out.State = err.Error(), storage.WebhookFailed
	default:
		a.Error = err.Error()
		out = w.retry(d, retryAfter)
	}
	if _, rerr := w.db.RecordWebhookAttempt(d.ID, a, out); rerr != nil {
		w.log.Error("recording a webhook attempt", "id", d.ID, "err", rerr)
		return
	}
	w.report(d, a, out)
}

// retry schedules the next attempt with capped exponential backoff and
// jitter, or gives up once the retry window is over.
func (w *Worker) retry(d storage.WebhookDelivery, retryAfter time.Duration) storage.WebhookOutcome {
	wait := w.bo.Delay(d.Attempts)
	if retryAfter > 0 {
		wait = min(max(wait, retryAfter), w.cfg.MaxBackoff)
	}
	// The last attempt is made at the end of the window, so a receiver is
	// tried for the whole of it.
	now, deadline := w.clock.Now(), d.CreatedAt.Add(w.cfg.RetryFor)
	if !now.Before(deadline) {
		return storage.WebhookOutcome{State: storage.WebhookFailed}
	}
	next := now.Add(wait)
	if next.After(deadline) {
		next = deadline
	}
	return storage.WebhookOutcome{State: storage.WebhookPending, NextAttempt: next}
}

// report logs a failing target once, and again when it recovers or is given up.
func (w *Worker) report(d storage.WebhookDelivery, a storage.WebhookAttempt, out storage.WebhookOutcome) {
	host := hostOf(d.URL)
	w.mu.Lock()
	last := w.lastLog[host]
	if a.Error == "" {
		delete(w.lastLog, host)
	} else {
		w.lastLog[host] = a.Error
	}
	w.mu.Unlock()
	switch {
	case out.State == storage.WebhookFailed:
		w.log.Error("webhook given up", "id", d.ID, "verification", d.VerificationID, "host", host, "attempts", d.Attempts+1, "err", a.Error)
	case a.Error != "" && a.Error != last:
		w.log.Warn("webhook delivery failed; will retry", "id", d.ID, "host", host, "next", out.NextAttempt, "err", a.Error)
	case a.Error != "":
		w.log.Debug("webhook delivery still failing", "id", d.ID, "host", host, "err", a.Error)
	case last != "":
		w.log.Info("webhook target recovered", "host", host, "id", d.ID, "attempts", d.Attempts+1)
	default:
		w.log.Debug("webhook delivered", "id", d.ID, "host", host)
	}
}

type errNotAllowed struct{ err error }

func (e *errNotAllowed) Error() string { return e.err.Error() }

// post sends the signed payload. A 2xx is success; anything else, a redirect
// included, is an error to retry.
func (w *Worker) post(ctx context.Context, d storage.WebhookDelivery) (status int, retryAfter time.Duration, err error) {
	if err := Allowed(w.cfg.Allow, d.URL); err != nil {
		return 0, 0, &errNotAllowed{err}
	}
	ctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Payload))
	if err != nil {
		return 0, 0, &errNotAllowed{err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "kycd-webhooks/1")
	req.Header.Set(HeaderSignature, Sign([]byte(w.cfg.Secret), w.clock.Now(), d.Payload))
	res, err := w.client.Do(req)
	if err != nil {
		return 0, 0, fmt.Errorf("posting: %w", err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return res.StatusCode, 0, nil
	case res.StatusCode >= 300 && res.StatusCode < 400:
		return res.StatusCode, 0, fmt.Errorf("receiver answered %s; redirects are not followed", res.Status)
	}
	var ra time.Duration
	if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && s > 0 {
		ra = time.Duration(s) * time.Second
	}
	return res.StatusCode, ra, fmt.Errorf("receiver answered %s", res.Status)
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Host
	}
	return raw
}
