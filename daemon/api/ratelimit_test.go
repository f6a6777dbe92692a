package api

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/risk"
	"github.com/kycd/kycd/storage/storagetest"
)

func TestLimiterBucket(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newLimiter(RateLimit{Rate: 2, Burst: 3}, func() time.Time { return now })
	steps := []struct {
		advance  time.Duration
		key      string
		ok       bool
		waitUpTo time.Duration
	}{
		{0, "a", true, 0}, {0, "a", true, 0}, {0, "a", true, 0}, // the burst
		{0, "a", false, 500 * time.Millisecond}, // empty: one token in 0.5 s
		{0, "b", true, 0},                       // another key has its own bucket
		{500 * time.Millisecond, "a", true, 0},  // refilled one
		{0, "a", false, 500 * time.Millisecond},
		{10 * time.Second, "a", true, 0}, // refills up to the burst only
		{0, "a", true, 0}, {0, "a", true, 0},
		{0, "a", false, 500 * time.Millisecond},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		ok, wait := l.take(s.key)
		if ok != s.ok || wait > s.waitUpTo || (!ok && wait <= 0) {
			t.Errorf("step %d (%s): ok=%v wait=%v, want ok=%v wait≤%v", i, s.key, ok, wait, s.ok, s.waitUpTo)
		}
	}
}

func TestLimiterForgetsIdleBuckets(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newLimiter(RateLimit{Rate: 1, Burst: 5}, func() time.Time { return now })
	for _, k := range []string{"a", "b", "c"} {
		l.take(k)
	}
	now = now.Add(2 * time.Minute)
	l.take("d")
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets after the idle ones refilled, want 1", len(l.buckets))
	}
}

// TestRateLimitResponse: the 429 is a rate_limit_error with Retry-After, per key, and unkeyed
// routes are not limited.
func TestRateLimitResponse(t *testing.T) {
	db := storagetest.MustOpen(t)
	eng, err := engine.New(risk.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	srv := New(Deps{DB: db, Engine: eng, Limits: testLimits(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Version: "test", Workers: 1, RateLimit: RateLimit{Rate: 0.5, Burst: 2}})
	keyA, _, _ := db.CreateKey("a", []string{ScopeRead})
	keyB, _, _ := db.CreateKey("b", []string{ScopeRead})
	get := func(path, key string) (int, string, string) {
		req := httptest.NewRequest("GET", path, nil)
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		res, err := srv.App().Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Retry-After"), string(body)
	}
	tests := []struct {
		name, path, key string
		status          int
		retryAfter      string
	}{
		{"burst 1", "/v1/identity/verifications", keyA, 200, ""},
		{"burst 2", "/v1/identity/verifications", keyA, 200, ""},
		{"limited", "/v1/identity/verifications", keyA, 429, "2"},
		{"other key", "/v1/identity/verifications", keyB, 200, ""},
		{"health is not limited", "/healthz", "", 200, ""},
	}
	for _, tt := range tests {
		status, retry, body := get(tt.path, tt.key)
		if status != tt.status || retry != tt.retryAfter {
			t.Errorf("%s: %d Retry-After %q, want %d %q (%s)", tt.name, status, retry, tt.status, tt.retryAfter, body)
		}
		if status == 429 && !(contains(body, `"type":"rate_limit_error"`) && contains(body, `"code":"rate_limited"`)) {
			t.Errorf("%s: body %s", tt.name, body)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
