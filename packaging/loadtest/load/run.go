package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Config is one load run: verify requests at Rate per second for Duration, open loop (a slow
// answer does not slow the sender, so queueing shows in the latencies), at most MaxInFlight
// outstanding; a request that finds them all busy counts as Late and is not sent.
type Config struct {
	Rate        float64
	Duration    time.Duration
	MaxInFlight int
	PID         int // the daemon's pid for RSS sampling; 0 skips it
	// ReadEvery sends a GET of the last created verification after every N creates (0: never),
	// so reads share the load as they would at a front desk.
	ReadEvery int
}

// Result is what a run measured.
type Result struct {
	Sent, OK, Late     int
	Errors             map[string]int // "status 500", "transport: …"
	P50, P95, P99, Max time.Duration
	Throughput         float64 // answered per second
	RSSStart, RSSMax   int64   // KiB
	RSSEnd             int64
	RSSGrowthPerMin    float64 // KiB/min over the second half
	RSSSamples         []Sample
	Elapsed            time.Duration
}

// Run drives t with cfg and returns the measurements.
func Run(ctx context.Context, t Target, cfg Config) (Result, error) {
	body := VerifyBody(BlankPNG(640, 400), map[string]any{"source": "loadtest"})
	res := Result{Errors: map[string]int{}}
	var (
		mu       sync.Mutex
		lats     []time.Duration
		lastID   atomic.Value
		inflight = make(chan struct{}, max(cfg.MaxInFlight, 1))
		wg       sync.WaitGroup
		creates  atomic.Int64
	)
	fail := func(what string) { mu.Lock(); res.Errors[what]++; mu.Unlock() }
	one := func() {
		defer wg.Done()
		defer func() { <-inflight }()
		start := time.Now()
		status, data, err := t.do(ctx, "POST", "/v1/identity/verify", body, nil)
		lat := time.Since(start)
		switch {
		case err != nil:
			fail("transport: " + err.Error())
			return
		case status != 200:
			fail(fmt.Sprintf("status %d", status))
			return
		}
		if id := idOf(data); id != "" {
			lastID.Store(id)
		}
		mu.Lock()
		lats = append(lats, lat)
		res.OK++
		mu.Unlock()
		if n := creates.Add(1); cfg.ReadEvery > 0 && n%int64(cfg.ReadEvery) == 0 {
			if id, _ := lastID.Load().(string); id != "" {
				if status, _, err := t.do(ctx, "GET", "/v1/identity/verifications/"+id, nil, nil); err != nil || status != 200 {
					fail(fmt.Sprintf("read status %d %v", status, err))
				}
			}
		}
	}

	rctx, stopRSS := context.WithCancel(ctx)
	var rssc <-chan []Sample
	if cfg.PID > 0 {
		rssc = sampleRSS(rctx, cfg.PID, 5*time.Second)
	}
	start := time.Now()
	interval := time.Duration(float64(time.Second) / cfg.Rate)
	// Request i is due at start + i*interval: a sender delayed by the scheduler catches up
	// instead of silently lowering the rate.
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if due.Sub(start) >= cfg.Duration || ctx.Err() != nil {
			break
		}
		if d := time.Until(due); d > 0 {
			select {
			case <-time.After(d):
			case <-ctx.Done():
			}
		}
		select {
		case inflight <- struct{}{}:
			res.Sent++
			wg.Add(1)
			go one()
		default:
			res.Late++
		}
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	stopRSS()
	if rssc != nil {
		summarizeRSS(&res, <-rssc)
	}
	slices.Sort(lats)
	if len(lats) > 0 {
		q := func(p float64) time.Duration { return lats[min(len(lats)-1, int(p*float64(len(lats))))] }
		res.P50, res.P95, res.P99, res.Max = q(0.50), q(0.95), q(0.99), lats[len(lats)-1]
	}
	res.Throughput = float64(res.OK) / res.Elapsed.Seconds()
	return res, ctx.Err()
}

func summarizeRSS(res *Result, samples []Sample) {
	if len(samples) == 0 {
		return
	}
	res.RSSStart, res.RSSEnd = samples[0].KiB, samples[len(samples)-1].KiB
	for _, s := range samples {
		res.RSSMax = max(res.RSSMax, s.KiB)
	}
	res.RSSGrowthPerMin = growth(samples)
	res.RSSSamples = samples
}

// idOf pulls "id" out of a verification object without decoding all of it.
func idOf(data []byte) string {
	const key = `"id":"`
	i := bytes.Index(data, []byte(key))
	if i < 0 {
		return ""
	}
	rest := data[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

// Print writes r as a Markdown table row set.
func (r Result) Print(w io.Writer, cfg Config) {
	fmt.Fprintf(w, "| rate | duration | sent | ok | errors | late | p50 | p95 | p99 | max | RSS start → max → end | RSS slope (2nd half) |\n")
	fmt.Fprintf(w, "|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	errs := 0
	for _, n := range r.Errors {
		errs += n
	}
	fmt.Fprintf(w, "| %.0f/s | %s | %d | %d | %d | %d | %s | %s | %s | %s | %d → %d → %d MiB | %+.0f KiB/min |\n",
		cfg.Rate, r.Elapsed.Round(time.Second), r.Sent, r.OK, errs, r.Late,
		ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max), r.RSSStart>>10, r.RSSMax>>10, r.RSSEnd>>10, r.RSSGrowthPerMin)
	for e, n := range r.Errors {
		fmt.Fprintf(w, "  error %q × %d\n", e, n)
	}
	if len(r.RSSSamples) > 0 {
		fmt.Fprint(w, "\nRSS by minute, MiB total (anon + file):")
		next := time.Duration(0)
		for _, s := range r.RSSSamples {
			if s.At >= next {
				fmt.Fprintf(w, " %.0fm=%d (%d+%d)", s.At.Minutes(), s.KiB>>10, s.Anon>>10, s.File>>10)
				next += time.Minute
			}
		}
		fmt.Fprintln(w)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
