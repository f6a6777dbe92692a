package load

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"
)

// attack is one hostile request; it returns the HTTP status (0 when the server closed the
// connection without one, which is a fine answer to garbage).
type attack func(ctx context.Context, t Target, r *rand.Rand) (int, error)

// category groups attacks of one kind; creates marks those that would store a verification if
// the daemon accepted them.
type category struct {
	name    string
	weight  int
	creates bool
	attack  attack
}

// HostileStats is the outcome of one category.
type HostileStats struct {
	Sent, Rejected4xx, Accepted2xx, Server5xx, Closed, TransportErr int
	Max                                                             time.Duration
}

// HostileResult is a whole hostile run.
type HostileResult struct {
	ByCategory            map[string]*HostileStats
	RecordsBefore         int
	RecordsAfter          int
	AcceptedCreates       int // 2xx answers to requests that create a verification
	UpAfter               bool
	RSSBefore, RSSAfter   int64
	SlowConnsHeld         int
	HealthDuringSlowloris time.Duration
}

// OK is the verdict: the daemon is up, answered no 5xx, and stored nothing but what it
// accepted (records added == accepted creates).
func (h HostileResult) OK() bool {
	for _, s := range h.ByCategory {
		if s.Server5xx > 0 || s.TransportErr > 0 {
			return false
		}
	}
	return h.UpAfter && h.RecordsAfter-h.RecordsBefore == h.AcceptedCreates
}

// Hostile sends n hostile requests over workers connections (categories weighted), holds a
// batch of slowloris connections while checking the daemon still answers, and counts stored
// verifications before and after.
func Hostile(ctx context.Context, t Target, n, workers int, pid int, seed uint64) (HostileResult, error) {
	res := HostileResult{ByCategory: map[string]*HostileStats{}}
	var err error
	if res.RecordsBefore, err = t.CountVerifications(ctx); err != nil {
		return res, err
	}
	if pid > 0 {
		res.RSSBefore, _ = RSS(pid)
	}
	cats := categories(t)
	var deck []int
	for i, c := range cats {
		res.ByCategory[c.name] = &HostileStats{}
		for range c.weight {
			deck = append(deck, i)
		}
	}
	var mu sync.Mutex
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, uint64(w)))
			for i := range jobs {
				c := cats[deck[i%len(deck)]]
				start := time.Now()
				status, err := c.attack(ctx, t, r)
				mu.Lock()
				res.record(c, status, err, time.Since(start))
				mu.Unlock()
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	res.SlowConnsHeld, res.HealthDuringSlowloris = holdSlowloris(ctx, t, 200)
	res.UpAfter = t.Healthy(ctx)
	if pid > 0 {
		res.RSSAfter, _ = RSS(pid)
	}
	res.RecordsAfter, err = t.CountVerifications(ctx)
	return res, err
}

func (h *HostileResult) record(c category, status int, err error, d time.Duration) {
	s := h.ByCategory[c.name]
	s.Sent++
	s.Max = max(s.Max, d)
	switch {
	case err != nil:
		s.TransportErr++
	case status == 0:
		s.Closed++
	case status >= 500:
		s.Server5xx++
	case status >= 400:
		s.Rejected4xx++
	default:
		s.Accepted2xx++
		if c.creates {
			h.AcceptedCreates++
		}
	}
}

// Print writes the per-category table in Markdown.
func (h HostileResult) Print(w io.Writer) {
	fmt.Fprintln(w, "| category | sent | 4xx | 2xx | 5xx | closed by server | client errors | slowest |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	names := make([]string, 0, len(h.ByCategory))
	for n := range h.ByCategory {
		names = append(names, n)
	}
	sort.Strings(names)
	total := HostileStats{}
	for _, n := range names {
		s := h.ByCategory[n]
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d | %s |\n", n, s.Sent, s.Rejected4xx, s.Accepted2xx, s.Server5xx, s.Closed, s.TransportErr, ms(s.Max))
		total.Sent, total.Rejected4xx, total.Accepted2xx = total.Sent+s.Sent, total.Rejected4xx+s.Rejected4xx, total.Accepted2xx+s.Accepted2xx
		total.Server5xx, total.Closed, total.TransportErr = total.Server5xx+s.Server5xx, total.Closed+s.Closed, total.TransportErr+s.TransportErr
	}
	fmt.Fprintf(w, "| **total** | %d | %d | %d | %d | %d | %d | |\n", total.Sent, total.Rejected4xx, total.Accepted2xx, total.Server5xx, total.Closed, total.TransportErr)
	fmt.Fprintf(w, "\nrecords before %d, after %d, accepted creates %d; up after: %v; RSS %d → %d MiB; "+
		"%d slowloris connections held, /healthz meanwhile in %s; verdict: %v\n",
		h.RecordsBefore, h.RecordsAfter, h.AcceptedCreates, h.UpAfter, h.RSSBefore>>10, h.RSSAfter>>10,
		h.SlowConnsHeld, ms(h.HealthDuringSlowloris), map[bool]string{true: "OK", false: "FAILED"}[h.OK()])
}

// post sends body to the verify route with extra headers.
func post(ctx context.Context, t Target, body []byte, header map[string]string) (int, error) {
	status, _, err := t.do(ctx, "POST", "/v1/identity/verify", body, header)
	return status, err
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// verifyJSON builds a verify body from fields (values marshalled as given).
func verifyJSON(fields map[string]any) []byte {
	b, _ := json.Marshal(fields)
	return b
}

func validFields(img []byte) map[string]any {
	return map[string]any{"document_type": "passport", "country": "FR", "checks": []string{"ocr"}, "document_front": b64(img)}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func repeat(s string, n int) string { return strings.Repeat(s, n) }
