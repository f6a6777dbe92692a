package uplink

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kycd/kycd/daemon/hub"
	"github.com/kycd/kycd/daemon/webhook"
)

// errTooLarge: the hub refused the body size (413); the worker halves its batches.
type errTooLarge struct{ status int }

func (e *errTooLarge) Error() string {
	return fmt.Sprintf("hub answered %d: batch too large", e.status)
}

// send posts one signed batch. retryAfter is the hub's Retry-After, if any.
func (w *Worker) send(ctx context.Context, body []byte) (retryAfter time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(w.cfg.URL, "/")+hub.IngestPath, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("building sync request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(hub.HeaderDevice, w.cfg.DeviceID)
	req.Header.Set(webhook.HeaderSignature, webhook.Sign([]byte(w.cfg.Secret), w.clock.Now(), body))
	res, err := w.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("sending to %s: %w", w.cfg.URL, err)
	}
	defer res.Body.Close()
	// Read the whole answer inside the timeout: the batch counts only once the hub said so.
	msg, err := io.ReadAll(io.LimitReader(res.Body, 4<<10))
	if err != nil {
		return 0, fmt.Errorf("reading the hub's answer: %w", err)
	}
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return 0, nil
	case res.StatusCode == http.StatusRequestEntityTooLarge:
		return 0, &errTooLarge{res.StatusCode}
	}
	return retryAfterOf(res.Header.Get("Retry-After"), w.clock.Now()),
		fmt.Errorf("hub answered %s: %s", res.Status, bytes.TrimSpace(msg))
}

// retryAfterOf parses Retry-After as seconds or an HTTP date; 0 if absent or invalid.
func retryAfterOf(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
