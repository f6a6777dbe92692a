package api

import (
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// RateLimit is the request budget of each API key: a token bucket refilled at Rate requests
// per second holding at most Burst. Rate 0 turns limiting off.
type RateLimit struct {
	Rate  float64 `yaml:"rate"`
	Burst int     `yaml:"burst"`
}

// DefaultRateLimit is generous for a kiosk or front desk (a verification takes ~100 ms of CPU)
// and stops a runaway client from starving the others.
func DefaultRateLimit() RateLimit { return RateLimit{Rate: 20, Burst: 40} }

// bucket is one key's token bucket; tokens are refilled lazily on each take.
type bucket struct {
	tokens float64
	last   time.Time
}

// limiter holds the buckets, in memory only: a restart refills every bucket, which is fine for
// protecting the CPU and the single bbolt writer.
type limiter struct {
	cfg RateLimit
	now func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

func newLimiter(cfg RateLimit, now func() time.Time) *limiter {
	return &limiter{cfg: cfg, now: now, buckets: map[string]*bucket{}}
}

// take spends one token of key's bucket. When none is left it returns false and how long until
// one is.
func (l *limiter) take(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forgetIdle(now)
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: float64(l.cfg.Burst), last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(float64(l.cfg.Burst), b.tokens+now.Sub(b.last).Seconds()*l.cfg.Rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.cfg.Rate * float64(time.Second))
}

// forgetIdle drops, once a minute, the buckets that have refilled completely: they hold nothing a
// fresh bucket would not, so revoked keys do not accumulate.
func (l *limiter) forgetIdle(now time.Time) {
	if now.Sub(l.sweep) < time.Minute {
		return
	}
	l.sweep = now
	full := time.Duration(float64(l.cfg.Burst) / l.cfg.Rate * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.last) > full {
			delete(l.buckets, k)
		}
	}
}

// rateLimit runs after authentication: it charges the caller's key and answers 429
// rate_limit_error with Retry-After (whole seconds, at least 1) when its bucket is empty.
func (s *Server) rateLimit(c *fiber.Ctx) error {
	if s.limiter == nil {
		return c.Next()
	}
	ok, wait := s.limiter.take(caller(c).ID)
	if ok {
		return c.Next()
	}
	secs := int(math.Ceil(wait.Seconds()))
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(secs, 1)))
	return &Error{Status: fiber.StatusTooManyRequests, Type: typeRateLimit, Code: "rate_limited",
		Message: "too many requests for this API key; retry after " + strconv.Itoa(max(secs, 1)) + " s"}
}
