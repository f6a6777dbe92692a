package daemon

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

// soakReport is `kycd bench soak -json`: the resident memory of a real `kycd run` process
// sampled while clients send complete verifications to it.
type soakReport struct {
	Machine     string      `json:"machine"`
	N           int         `json:"n"`
	Done        int         `json:"done"` // verifications sent (fewer than N when stopped early)
	Clients     int         `json:"clients"`
	Errors      int         `json:"errors"`
	Seconds     float64     `json:"seconds"`
	Throughput  float64     `json:"verifications_per_s"`
	ReadyRSSMB  float64     `json:"ready_rss_mb"`
	PeakRSSMB   float64     `json:"peak_rss_mb"` // the daemon's highest RSS once ready
	Curve       []soakPoint `json:"curve"`
	Latency     latency     `json:"latency"`
	DaemonError string      `json:"daemon_error,omitempty"`
}

// soakPoint is the daemon's memory after Done verifications: while it was verifying, and
// settled — with no verification in flight, after the heap trimmer and the mapping releaser
// had their turn — which is what shows growth without the noise of where in a verification
// the sample fell.
type soakPoint struct {
	Done          int     `json:"verifications"`
	RSSMB         float64 `json:"rss_mb"`
	AnonMB        float64 `json:"rss_anon_mb"`
	SettledRSSMB  float64 `json:"settled_rss_mb,omitempty"`
	SettledAnonMB float64 `json:"settled_rss_anon_mb,omitempty"`
	// PeakMB is the daemon's highest RSS since the previous point (its VmHWM, reset at each
	// point): the verifications' working set at its largest, which a sample rarely hits.
	PeakMB float64 `json:"peak_rss_mb,omitempty"`
	// PeakAnonMB is the highest anonymous RSS seen since the previous point, sampled every
	// 200 ms (the kernel keeps no high-water mark for it): with PeakMB it tells whether a peak
	// was the process's own memory or database pages mapped from the file.
	PeakAnonMB float64 `json:"peak_rss_anon_mb,omitempty"`
	// From the daemon's /metrics at the settled sample: glibc's bytes in use and held (a leak
	// grows the first, fragmentation only the second), the Go heap in use, and the database
	// file's size (images erased by retention must make room for new ones).
	CHeapInUseMB float64 `json:"c_heap_inuse_mb,omitempty"`
	CHeapHeldMB  float64 `json:"c_heap_held_mb,omitempty"`
	GoHeapMB     float64 `json:"go_heap_inuse_mb,omitempty"`
	GoLiveMB     float64 `json:"go_heap_live_mb,omitempty"` // left alive by the last collection
	DBFileMB     float64 `json:"db_file_mb,omitempty"`
}

// cmdBenchSoak runs `kycd bench soak`: it starts `kycd run` as a child process (the same
// binary, a fresh data directory, the production memory settings), sends n complete
// verifications (CIN front + back at 1600 px and a 1280×720 selfie, all five checks) from
// `clients` concurrent clients and samples the daemon's VmRSS, so growth over thousands of
// verifications shows as a curve.
func cmdBenchSoak(ctx context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("bench soak", flag.ContinueOnError)
	fs.SetOutput(s.err)
	build := configFlags(fs, os.Getenv)
	n := fs.Int("n", 10000, "verifications to send")
	clients := fs.Int("clients", 2, "concurrent clients")
	points := fs.Int("points", 20, "RSS samples over the run")
	settle := fs.Duration("settle", 6*time.Second, "at each sample, pause the clients this long with nothing in flight and sample again (0: no pause)")
	heapDir := fs.String("heap-profiles", "", "at each settled sample, save the daemon's Go heap profile in this directory (heap-NNNNN.pb.gz, for go tool pprof -base)")
	generate := benchInputFlags(fs, s.err)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := build()
	if err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 2
	}
	if *n < 1 || *clients < 1 || *points < 1 {
		fmt.Fprintln(s.err, "kycd bench soak: --n, --clients and --points must be at least 1")
		return 2
	}
	inputs, err := generate()
	if err != nil {
		fmt.Fprintln(s.err, "kycd bench soak:", err)
		return 1
	}
	rep, err := runSoak(ctx, cfg.ModelsDir, inputs, soakPlan{n: *n, clients: *clients, points: *points, settle: *settle, heapDir: *heapDir}, s.err)
	if err != nil && len(rep.Curve) == 0 {
		fmt.Fprintln(s.err, "kycd bench soak:", err)
		return 1
	}
	if err != nil { // interrupted: the curve so far is still worth printing
		fmt.Fprintln(s.err, "kycd bench soak: stopped early:", err)
		rep.DaemonError = "stopped early: " + err.Error()
	}
	if *asJSON {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
		return 0
	}
	printSoak(s.out, rep)
	if rep.Errors > 0 || rep.DaemonError != "" {
		return 1
	}
	return 0
}

// soakConfig keeps the data directory bounded the way a kiosk that syncs would: images are
// erased a few minutes after the verification, results stay. No rate limit: the soak is
// one trusted client on purpose.
const soakConfig = `rate_limit: {rate: 0, burst: 1}
retention: {images: 5m, templates: 0s, results: 0s, interval: 1m}
`

// soakPlan is how much a soak sends and how often it samples.
type soakPlan struct {
	n, clients, points int
	settle             time.Duration
	heapDir            string // where the settled samples' heap profiles go; none when empty
}

func runSoak(ctx context.Context, models string, inputs []benchInput, plan soakPlan, progress io.Writer) (soakReport, error) {
	n, clients := plan.n, plan.clients
	rep := soakReport{Machine: machineLine(), N: n, Clients: clients}
	exe, err := os.Executable()
	if err != nil {
		return rep, err
	}
	dir, err := os.MkdirTemp("", "kycd-soak")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)
	cfgFile := filepath.Join(dir, "kycd.yaml")
	if err := os.WriteFile(cfgFile, []byte(soakConfig), 0o600); err != nil {
		return rep, err
	}
	base := []string{"--config", cfgFile, "--data", filepath.Join(dir, "data"), "--models", models}
	if plan.heapDir != "" {
		if err := os.MkdirAll(plan.heapDir, 0o755); err != nil {
			return rep, err
		}
	}
	out, err := exec.CommandContext(ctx, exe, append([]string{"keys", "create", "--name", "soak", "--scopes", "verify"}, base...)...).Output()
	if err != nil {
		return rep, fmt.Errorf("creating the soak key: %w", err)
	}
	key := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	// The child pins its native-library environment itself, as in production.
	names := make([]string, len(pinnedEnv))
	for i, kv := range pinnedEnv {
		names[i] = kv[0]
	}
	runArgs := base
	if plan.heapDir != "" {
		runArgs = append(append([]string(nil), base...), "--debug-listen", "127.0.0.1:0")
	}
	d, err := startChildDaemon(ctx, envWithout(os.Environ(), names...), runArgs...)
	if err != nil {
		return rep, err
	}
	defer d.stop()
	if err := d.waitReady(ctx); err != nil {
		return rep, err
	}
	pid := d.cmd.Process.Pid
	rep.ReadyRSSMB = pidStatusMB(pid, "VmRSS")
	resetPeak := func() { _ = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) }
	resetPeak() // the points' peaks leave out the start-up's model conversion
	fmt.Fprintf(progress, "daemon pid %d ready, RSS %.0f MB; sending %d verifications from %d clients…\n", pid, rep.ReadyRSSMB, n, clients)
	bodies := verifyBodies(inputs, nil)
	client := &http.Client{Timeout: 2 * time.Minute}
	var (
		next, done, errs atomic.Int64
		mu               sync.Mutex
		lat              []float64
		wg               sync.WaitGroup
		// inFlight is held shared by every request; a settled sample takes it exclusively.
		inFlight sync.RWMutex
	)
	every := max(1, n/plan.points)
	daemon := d
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	anonPeak := watchAnonPeak(watchCtx, pid, 200*time.Millisecond)
	sample := func(count int) {
		p := soakPoint{Done: count, RSSMB: pidStatusMB(pid, "VmRSS"), AnonMB: pidStatusMB(pid, "RssAnon"), PeakMB: pidStatusMB(pid, "VmHWM")}
		p.PeakAnonMB = anonPeak()
		resetPeak()
		settled := ""
		if plan.settle <= 0 {
			p.scrape(ctx, client, daemon.url)
		} else {
			inFlight.Lock()
			select {
			case <-ctx.Done():
			case <-time.After(plan.settle):
			}
			p.SettledRSSMB, p.SettledAnonMB = pidStatusMB(pid, "VmRSS"), pidStatusMB(pid, "RssAnon")
			p.scrape(ctx, client, daemon.url)
			if plan.heapDir != "" && daemon.debug != "" {
				file := filepath.Join(plan.heapDir, fmt.Sprintf("heap-%05d.pb.gz", count))
				if err := saveURL(ctx, client, daemon.debug+"/debug/pprof/heap", file); err != nil {
					fmt.Fprintf(progress, "heap profile at %d: %v\n", count, err)
				}
			}
			inFlight.Unlock()
			settled = fmt.Sprintf(" · settled %.0f MB (anon %.0f)", p.SettledRSSMB, p.SettledAnonMB)
		}
		mu.Lock()
		rep.Curve = append(rep.Curve, p)
		mu.Unlock()
		fmt.Fprintf(progress, "%6d/%d verifications · RSS %.0f MB (anon %.0f), peak %.0f (anon %.0f)%s · C heap %.0f/%.0f MB · db %.0f MB · %d errors\n",
			count, n, p.RSSMB, p.AnonMB, p.PeakMB, p.PeakAnonMB, settled, p.CHeapInUseMB, p.CHeapHeldMB, p.DBFileMB, errs.Load())
	}
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				inFlight.RLock()
				t := time.Now()
				err := postVerify(ctx, client, d.url, key, bodies[i%len(bodies)])
				inFlight.RUnlock()
				if err != nil {
					if errs.Add(1) <= 5 {
						fmt.Fprintf(progress, "verification %d: %v\n", i, err)
					}
				} else {
					mu.Lock()
					lat = append(lat, ms(time.Since(t)))
					mu.Unlock()
				}
				if d := int(done.Add(1)); d%every == 0 || d == n {
					sample(d)
				}
			}
		}()
	}
	wg.Wait()
	rep.Seconds = time.Since(start).Seconds()
	rep.Errors = int(errs.Load())
	rep.Done = min(int(done.Load()), n)
	rep.Throughput = float64(int(done.Load())-rep.Errors) / rep.Seconds
	rep.Latency = percentiles(lat)
	rep.PeakRSSMB = pidStatusMB(pid, "VmHWM")
	for _, p := range rep.Curve {
		rep.PeakRSSMB = max(rep.PeakRSSMB, p.PeakMB)
	}
	if err := d.exitErr(); err != nil {
		rep.DaemonError = err.Error()
	}
	return rep, ctx.Err()
}

// scrape fills the point's /metrics fields; a failed scrape leaves them zero (the daemon's
// memory is still sampled from /proc).
func (p *soakPoint) scrape(ctx context.Context, client *http.Client, base string) {
	m, err := scrapeMetrics(ctx, client, base)
	if err != nil {
		return
	}
	const mb = 1 << 20
	p.CHeapInUseMB, p.CHeapHeldMB = m["kycd_native_heap_inuse_bytes"]/mb, m["kycd_native_heap_held_bytes"]/mb
	p.GoHeapMB, p.DBFileMB = m["go_memstats_heap_inuse_bytes"]/mb, m["kycd_db_file_bytes"]/mb
	p.GoLiveMB = m["go_gc_heap_live_bytes"] / mb
}

// saveURL writes the body of a GET of url to file.
func saveURL(ctx context.Context, client *http.Client, url, file string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	return os.WriteFile(file, body, 0o644)
}

// scrapeMetrics reads the unlabelled samples of a Prometheus text page.
func scrapeMetrics(ctx context.Context, client *http.Client, base string) (map[string]float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /metrics: %s", resp.Status)
	}
	return parseMetrics(string(body)), nil
}

// parseMetrics keeps the lines "name value" of a Prometheus text page (no labels, no comments).
func parseMetrics(page string) map[string]float64 {
	out := map[string]float64{}
	for line := range strings.Lines(page) {
		name, value, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok || strings.HasPrefix(name, "#") || strings.ContainsAny(name, "{}") {
			continue
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			out[name] = v
		}
	}
	return out
}

// watchAnonPeak samples the process's RssAnon every period until ctx ends; the function it
// returns gives the highest value since its previous call and starts a new window.
func watchAnonPeak(ctx context.Context, pid int, period time.Duration) func() float64 {
	var mu sync.Mutex
	var peak float64
	go func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			v := pidStatusMB(pid, "RssAnon")
			mu.Lock()
			peak = max(peak, v)
			mu.Unlock()
		}
	}()
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		v := max(peak, pidStatusMB(pid, "RssAnon"))
		peak = 0
		return v
	}
}

// pidStatusMB reads a memory line (VmRSS, RssAnon, VmHWM) of /proc/PID/status in MB.
func pidStatusMB(pid int, field string) float64 {
	return statusMB(strconv.Itoa(pid), field)
}

func envWithout(env []string, names ...string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, n := range names {
			drop = drop || name == n
		}
		if !drop {
			out = append(out, kv)
		}
	}
	return out
}

func printSoak(w io.Writer, r soakReport) {
	fmt.Fprintf(w, "kycd bench soak — %s\n%d of %d verifications from %d clients in %.0f s (%.2f/s), %d errors; latency p50 %.0f p95 %.0f p99 %.0f ms\n",
		r.Machine, r.Done, r.N, r.Clients, r.Seconds, r.Throughput, r.Errors, r.Latency.P50, r.Latency.P95, r.Latency.P99)
	fmt.Fprintf(w, "daemon RSS at ready %.0f MB · peak once ready (VmHWM) %.0f MB\n\n", r.ReadyRSSMB, r.PeakRSSMB)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "verifications\tRSS MB\tanon MB\tpeak since last\tpeak anon\tsettled RSS\tsettled anon\tC heap in use\tC heap held\tGo heap\tGo live\tdb file MB\t")
	for _, p := range r.Curve {
		fmt.Fprintf(tw, "%d\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%.0f\t\n", p.Done, p.RSSMB, p.AnonMB, p.PeakMB, p.PeakAnonMB, p.SettledRSSMB, p.SettledAnonMB,
			p.CHeapInUseMB, p.CHeapHeldMB, p.GoHeapMB, p.GoLiveMB, p.DBFileMB)
	}
	tw.Flush()
	if r.DaemonError != "" {
		fmt.Fprintln(w, r.DaemonError)
	}
}
