package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

// fakeClock fires every After at once; now moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// After fires after a real millisecond, so an idle worker polls without spinning.
func (c *fakeClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	go func() {
		time.Sleep(time.Millisecond)
		ch <- c.Now()
	}()
	return ch
}

const secret = "whsec_0123456789abcdef"

// receiver records deliveries; answer decides each response.
type receiver struct {
	mu     sync.Mutex
	bodies [][]byte
	sigs   []string
	answer func(n int, w http.ResponseWriter) bool
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.bodies = append(r.bodies, body)
	r.sigs = append(r.sigs, req.Header.Get(HeaderSignature))
	n, answer := len(r.bodies), r.answer
	r.mu.Unlock()
	if answer != nil && answer(n, w) {
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

// syncBuffer is a log sink the test reads while the worker writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func setup(t *testing.T, target string, cfg Config) (*storage.DB, *Worker, *fakeClock, *syncBuffer) {
	t.Helper()
	clock := &fakeClock{now: time.Now().UTC()}
	db := storagetest.MustOpenWith(t, t.TempDir()+"/kycd.db", storage.Options{Now: clock.Now})
	ev, err := NewEvent(target, []byte(`{"id":"ver_a","status":"verified"}`), clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutVerification(context.Background(), storage.Record{ID: "ver_a", Status: "verified", Body: []byte(`{}`)},
		storage.WriteOptions{Webhook: ev}); err != nil {
		t.Fatal(err)
	}
	cfg.Secret = secret
	logs := &syncBuffer{}
	w, err := New(cfg, db, slog.New(slog.NewTextHandler(logs, nil)), Options{Clock: clock, Rand: func() float64 { return 0.999999 }})
	if err != nil {
		t.Fatal(err)
	}
	return db, w, clock, logs
}

// runWorker runs w in the background until the test ends.
func runWorker(t *testing.T, w *Worker) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestDeliveredSignedAfterOutage(t *testing.T) {
	rcv := &receiver{answer: func(n int, w http.ResponseWriter) bool {
		if n <= 3 {
			http.Error(w, "down", http.StatusBadGateway)
		}
		return n <= 3
	}}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	db, w, clock, logs := setup(t, srv.URL+"/hook", Config{Allow: []string{host}, MinBackoff: time.Second, MaxBackoff: time.Minute})

	var attempts []storage.WebhookAttempt
	var d storage.WebhookDelivery
	runWorker(t, w)
	for i := range 4 {
		// Wait for the attempt to be recorded, then let time pass to the retry.
		waitFor(t, fmt.Sprintf("attempt %d", i+1), func() bool {
			d, attempts, _ = db.GetWebhook(firstID(db))
			return len(attempts) > i
		})
		clock.advance(time.Hour)
	}
	if d.State != storage.WebhookDelivered || d.Attempts != 4 {
		t.Fatalf("delivery %+v", d)
	}
	for i, a := range attempts {
		if (i < 3) != (a.Error != "") || (i < 3 && a.Status != 502) || (i == 3 && a.Status != 204) {
			t.Errorf("attempt %d: %+v", i, a)
		}
	}
	var ev struct {
		ID, Type  string
		CreatedAt string `json:"created_at"`
		Data      map[string]any
	}
	last := rcv.bodies[len(rcv.bodies)-1]
	if err := json.Unmarshal(last, &ev); err != nil || ev.Type != EventCompleted || !strings.HasPrefix(ev.ID, "evt_") || ev.Data["id"] != "ver_a" {
		t.Errorf("event %s: %v", last, err)
	}
	if _, err := Verify([]byte(secret), rcv.sigs[len(rcv.sigs)-1], last); err != nil {
		t.Errorf("signature does not verify: %v", err)
	}
	// The worker logs the recovery just after it records the attempt: wait for the line.
	waitFor(t, "the recovery log", func() bool { return strings.Contains(logs.String(), "webhook target recovered") })
	if n := strings.Count(logs.String(), "webhook delivery failed"); n != 1 {
		t.Errorf("failure logged %d times:\n%s", n, logs)
	}
}

func firstID(db *storage.DB) string {
	l, _ := db.ListWebhooks("", 1)
	if len(l) == 0 {
		return ""
	}
	return l[0].ID
}

func TestRetryScheduleAndGivingUp(t *testing.T) {
	rcv := &receiver{answer: func(_ int, w http.ResponseWriter) bool { http.Error(w, "no", 500); return true }}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	db, w, clock, _ := setup(t, srv.URL, Config{Allow: []string{host}, MinBackoff: time.Minute, MaxBackoff: 4 * time.Hour, RetryFor: time.Hour})
	start := clock.Now()
	var gaps []time.Duration
	runWorker(t, w)
	for i := 0; ; i++ {
		waitFor(t, fmt.Sprintf("attempt %d", i+1), func() bool { _, a, _ := db.GetWebhook(firstID(db)); return len(a) > i })
		d, _, _ := db.GetWebhook(firstID(db))
		if d.State != storage.WebhookPending {
			if d.State != storage.WebhookFailed {
				t.Fatalf("state %s", d.State)
			}
			break
		}
		gaps = append(gaps, d.NextAttempt.Sub(clock.Now()).Round(time.Minute))
		clock.advance(d.NextAttempt.Sub(clock.Now()))
	}
	// RetryFor below a day is raised to a day: 1m, 2m … capped at 4h, a last
	// try at the end of the day, then given up.
	want := "[1m0s 2m0s 4m0s 8m0s 16m0s 32m0s 1h4m0s 2h8m0s 4h0m0s 4h0m0s 4h0m0s 4h0m0s 3h45m0s]"
	if got := fmtDurations(gaps); got != want {
		t.Errorf("retry gaps %s\nwant       %s", got, want)
	}
	if got := clock.Now().Sub(start); got != 24*time.Hour {
		t.Errorf("gave up after %s, want 24h", got)
	}
}

func fmtDurations(ds []time.Duration) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.String())
	}
	return "[" + strings.Join(s, " ") + "]"
}

func TestTargetRechecksAndRedirects(t *testing.T) {
	tests := []struct {
		name     string
		allow    func(host string) []string
		answer   func(n int, w http.ResponseWriter) bool
		wantHits int
		want     string
	}{
		{"no longer allowed: given up without a request", func(string) []string { return []string{"other.test"} }, nil, 0, storage.WebhookFailed},
		{"redirect not followed", func(h string) []string { return []string{h} }, func(_ int, w http.ResponseWriter) bool {
			w.Header().Set("Location", "http://169.254.169.254/")
			w.WriteHeader(http.StatusFound)
			return true
		}, 1, storage.WebhookPending},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rcv := &receiver{answer: tt.answer}
			srv := httptest.NewServer(rcv)
			defer srv.Close()
			db, w, _, _ := setup(t, srv.URL, Config{Allow: tt.allow(strings.TrimPrefix(srv.URL, "http://"))})
			runWorker(t, w)
			waitFor(t, "the first attempt", func() bool { _, a, _ := db.GetWebhook(firstID(db)); return len(a) >= 1 })
			d, a, _ := db.GetWebhook(firstID(db))
			if d.State != tt.want || rcv.count() != tt.wantHits || a[0].Error == "" {
				t.Errorf("state %s, hits %d, attempt %+v", d.State, rcv.count(), a[0])
			}
		})
	}
}
