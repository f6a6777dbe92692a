package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/specimen"
)

// cmdBench dispatches `kycd bench`: end-to-end verifications by default, `mrz` for the MRZ
// evaluation, `compare OLD NEW` for the regression guard.
func cmdBench(ctx context.Context, args []string, s stdio) int {
	if len(args) > 0 {
		switch args[0] {
		case "mrz":
			return cmdBenchMRZ(ctx, args[1:], s.out, s.err)
		case "compare":
			return cmdBenchCompare(args[1:], s)
		case "soak":
			return cmdBenchSoak(ctx, args[1:], s)
		case "verify":
			args = args[1:]
		}
	}
	return cmdBenchVerify(ctx, args, s)
}

// benchReport is `kycd bench -json`; the regression guard compares two of them.
type benchReport struct {
	Machine   string             `json:"machine"`
	Checks    []string           `json:"checks"`
	N         int                `json:"n"`
	InProcess map[string]latency `json:"in_process"` // per check and "total"
	HTTP      map[string]httpRun `json:"http"`       // by concurrency
	StartupMS float64            `json:"startup_to_ready_ms"`
	PeakRSSMB float64            `json:"peak_rss_mb"`
	// VerifyPeakRSSMB is the peak RSS over the in-process verifications alone (the kernel's
	// high-water mark reset after the warm-up runs), without the start-up's model conversion.
	VerifyPeakRSSMB float64                   `json:"verify_peak_rss_mb,omitempty"`
	RSSCurveMB      []float64                 `json:"rss_curve_mb"`
	Statuses        map[string]int            `json:"statuses"`
	CheckStatus     map[string]map[string]int `json:"check_statuses"`
}

type latency struct {
	P50 float64 `json:"p50_ms"`
	P95 float64 `json:"p95_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

type httpRun struct {
	latency
	Throughput float64 `json:"verifications_per_s"`
	Errors     int     `json:"errors"`
}

func cmdBenchVerify(ctx context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(s.err)
	build := configFlags(fs, os.Getenv)
	n := fs.Int("n", 20, "verifications per measurement")
	generate := benchInputFlags(fs, s.err)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	noHTTP := fs.Bool("no-http", false, "skip the HTTP measurements")
	noStartup := fs.Bool("no-startup", false, "skip the start-up measurement")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the in-process runs to this file (go tool pprof)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := build()
	if err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 2
	}
	progress := func(format string, a ...any) { fmt.Fprintf(s.err, format+"\n", a...) }

	inputs, err := generate()
	if err != nil {
		fmt.Fprintln(s.err, "kycd bench:", err)
		return 1
	}
	rep := benchReport{N: *n, Machine: machineLine(), Statuses: map[string]int{}, CheckStatus: map[string]map[string]int{}}

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	progress("loading models…")
	set, err := loadChecks(cfg, log)
	if err != nil {
		fmt.Fprintln(s.err, "kycd bench:", err)
		return 1
	}
	eng, err := engine.New(cfg.Risk, set.list...)
	if err != nil {
		set.close()
		fmt.Fprintln(s.err, "kycd bench:", err)
		return 1
	}
	progress("in-process: %d verifications with %v…", *n, eng.Available())
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		set.close()
		fmt.Fprintln(s.err, "kycd bench:", err)
		return 1
	}
	rep.InProcess, rep.Checks, rep.RSSCurveMB, err = benchInProcess(ctx, eng, cfg, inputs, *n, &rep)
	stopProfile()
	set.close()
	if err != nil {
		fmt.Fprintln(s.err, "kycd bench:", err)
		return 1
	}
	if !*noHTTP {
		progress("HTTP: %d verifications at concurrency 1 and 2…", *n)
		if rep.HTTP, err = benchHTTP(ctx, cfg, inputs, *n, rep.Checks); err != nil {
			fmt.Fprintln(s.err, "kycd bench:", err)
			return 1
		}
	}
	if !*noStartup {
		progress("start-up to /readyz…")
		if rep.StartupMS, err = benchStartup(ctx, cfg); err != nil {
			fmt.Fprintln(s.err, "kycd bench:", err)
			return 1
		}
	}
	rep.PeakRSSMB = procStatusMB("VmHWM")
	if *asJSON {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
		return 0
	}
	printBench(s.out, rep)
	return 0
}

// startCPUProfile profiles the process into path until the returned function is called; an
// empty path profiles nothing. Time in C (OpenCV, Tesseract) is charged to the Go caller.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("creating the CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting the CPU profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// benchInput is one document + selfie, encoded as a client would send it.
type benchInput struct {
	front, back, selfie []byte
}

func benchInputs(n int, portraitPath string) ([]benchInput, error) {
	dir, err := os.MkdirTemp("", "kycd-bench-portrait")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	photo, err := os.ReadFile(portraitPath)
	if err != nil {
		return nil, fmt.Errorf("reading the portrait (run `make setup`): %w", err)
	}
	// One portrait only, so the document portrait and the selfie are the same person.
	if err := os.WriteFile(filepath.Join(dir, "sample1.jpg"), photo, 0o600); err != nil {
		return nil, err
	}
	g, err := specimen.NewDocGenerator(dir)
	if err != nil {
		return nil, err
	}
	selfie, err := benchSelfie(photo)
	if err != nil {
		return nil, err
	}
	var out []benchInput
	for i := range n {
		d, err := g.Document(uint64(7000+i), "cin", "MA", false)
		if err != nil {
			return nil, fmt.Errorf("generating document %d: %w", i, err)
		}
		front, err := resizeJPEG(d.Front, 1600)
		if err != nil {
			return nil, err
		}
		back, err := resizeJPEG(d.Back, 1600)
		if err != nil {
			return nil, err
		}
		out = append(out, benchInput{front: front, back: back, selfie: selfie})
	}
	return out, nil
}

// benchSelfie makes a 1280×720 frame of the face photo, as a kiosk camera would deliver it: the
// photo scaled to the frame's height (or width) and its border pixels carried on to the frame's
// edges. A photo pasted on a plain frame would show its own sharp outline around the head, the
// very thing the liveness check's cut-out cue looks for (a print held before a scene).
func benchSelfie(photo []byte) ([]byte, error) {
	src, err := gocv.IMDecode(photo, gocv.IMReadColor)
	if err != nil || src.Empty() {
		return nil, fmt.Errorf("decoding the portrait: %v", err)
	}
	defer src.Close()
	w, h := src.Cols()*720/src.Rows(), 720
	if w > 1280 {
		w, h = 1280, src.Rows()*1280/src.Cols()
	}
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(src, &small, image.Pt(w, h), 0, 0, gocv.InterpolationArea)
	frame := gocv.NewMat()
	defer frame.Close()
	x, y := (1280-w)/2, (720-h)/2
	gocv.CopyMakeBorder(small, &frame, y, 720-h-y, x, 1280-w-x, gocv.BorderReplicate, color.RGBA{})
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, frame, []int{gocv.IMWriteJpegQuality, 90})
	if err != nil {
		return nil, err
	}
	defer buf.Close()
	return bytes.Clone(buf.GetBytes()), nil
}

// resizeJPEG scales a photo to width px wide (the size the issue measures at).
func resizeJPEG(data []byte, width int) ([]byte, error) {
	m, err := gocv.IMDecode(data, gocv.IMReadColor)
	if err != nil || m.Empty() {
		return nil, fmt.Errorf("decoding generated photo: %v", err)
	}
	defer m.Close()
	if m.Cols() == width {
		return data, nil
	}
	out := gocv.NewMat()
	defer out.Close()
	gocv.Resize(m, &out, image.Pt(width, m.Rows()*width/m.Cols()), 0, 0, gocv.InterpolationArea)
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, out, []int{gocv.IMWriteJpegQuality, 90})
	if err != nil {
		return nil, err
	}
	defer buf.Close()
	return bytes.Clone(buf.GetBytes()), nil
}

func benchInProcess(ctx context.Context, eng *engine.Engine, cfg Config, inputs []benchInput, n int, rep *benchReport) (map[string]latency, []string, []float64, error) {
	// The daemon's memory policy: the C heap is trimmed in the background.
	trimCtx, stopTrim := context.WithCancel(ctx)
	defer stopTrim()
	go heapTrimmer(heapTrimInterval)(trimCtx)
	samples := map[string][]float64{}
	var plan []string
	var curve []float64
	for i := -2; i < n; i++ { // two warm-up runs
		in := inputs[(i+len(inputs))%len(inputs)]
		input := &engine.Input{DocumentType: "cin", Country: "MA", Now: time.Now().UTC()}
		start := time.Now()
		if err := input.DecodeImages(cfg.Images, in.front, in.back, in.selfie); err != nil {
			return nil, nil, nil, err
		}
		decode := time.Since(start)
		var err error
		if plan == nil {
			if plan, err = eng.Plan(input, nil); err != nil {
				return nil, nil, nil, err
			}
		}
		v := &engine.Verification{}
		timings, err := eng.VerifyTimed(ctx, input, plan, v)
		total := time.Since(start)
		input.Close()
		if err != nil {
			return nil, nil, nil, err
		}
		if i < 0 {
			if i == -1 {
				resetPeakRSS() // the peak from here on is the verifications' own
			}
			continue
		}
		samples["decode"] = append(samples["decode"], ms(decode))
		samples["total"] = append(samples["total"], ms(total))
		for name, d := range timings {
			samples[name] = append(samples[name], ms(d))
		}
		rep.Statuses[v.Status]++
		countCheckStatuses(rep.CheckStatus, &v.Checks)
		if i%max(1, n/10) == 0 {
			curve = append(curve, procStatusMB("VmRSS"))
		}
	}
	rep.VerifyPeakRSSMB = procStatusMB("VmHWM")
	out := map[string]latency{}
	for k, v := range samples {
		out[k] = percentiles(v)
	}
	return out, plan, curve, nil
}

// resetPeakRSS resets the process's resident high-water mark (VmHWM), Linux's clear_refs "5";
// elsewhere, or without the right, the peak keeps counting from the start.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

func countCheckStatuses(m map[string]map[string]int, c *engine.Checks) {
	add := func(name string, r *engine.CheckResult) {
		if m[name] == nil {
			m[name] = map[string]int{}
		}
		m[name][r.Status]++
	}
	if c.OCR != nil {
		add("ocr", &c.OCR.CheckResult)
	}
	if c.FaceMatch != nil {
		add("face_match", &c.FaceMatch.CheckResult)
	}
	if c.Liveness != nil {
		add("liveness", &c.Liveness.CheckResult)
	}
	if c.Fraud != nil {
		add("fraud", &c.Fraud.CheckResult)
	}
	if c.Duplicate != nil {
		add("duplicate", &c.Duplicate.CheckResult)
	}
}

// benchHTTP runs the daemon in-process on a random loopback port with a real bbolt file and
// sends verifications through the API at concurrency 1 and 2.
func benchHTTP(ctx context.Context, cfg Config, inputs []benchInput, n int, checks []string) (map[string]httpRun, error) {
	dir, err := os.MkdirTemp("", "kycd-bench-data")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cfg.DataDir, cfg.Listen = dir, "127.0.0.1:0"
	cfg.RateLimit.Rate = 0 // the bench is one client on purpose
	var out bytes.Buffer
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	app, err := NewApp(cfg, log, &out)
	if err != nil {
		return nil, err
	}
	if err := app.Listen(); err != nil {
		return nil, err
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- app.Run(runCtx) }()
	defer func() { stop(); <-done }()
	key := regexp.MustCompile(`kycd_[a-z0-9]+`).FindString(out.String())
	url := "http://" + app.Addr()
	bodies := verifyBodies(inputs, checks)
	client := &http.Client{Timeout: 2 * time.Minute}
	post := func(body []byte) error { return postVerify(ctx, client, url, key, body) }
	post(bodies[0]) // warm-up
	runs := map[string]httpRun{}
	for _, conc := range []int{1, 2} {
		var (
			mu   sync.Mutex
			lat  []float64
			errs int
			next int
			wg   sync.WaitGroup
		)
		start := time.Now()
		for range conc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					mu.Lock()
					i := next
					next++
					mu.Unlock()
					if i >= n {
						return
					}
					t := time.Now()
					err := post(bodies[i%len(bodies)])
					mu.Lock()
					if err != nil {
						errs++
					} else {
						lat = append(lat, ms(time.Since(t)))
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		runs[strconv.Itoa(conc)] = httpRun{latency: percentiles(lat), Throughput: float64(n-errs) / time.Since(start).Seconds(), Errors: errs}
	}
	return runs, nil
}

// benchStartup starts `kycd run` as a child process and times it to the first 200 /readyz.
func benchStartup(ctx context.Context, cfg Config) (float64, error) {
	dir, err := os.MkdirTemp("", "kycd-bench-start")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	d, err := startChildDaemon(ctx, nil, "--data", dir, "--models", cfg.ModelsDir)
	if err != nil {
		return 0, err
	}
	defer d.stop()
	if err := d.waitReady(ctx); err != nil {
		return 0, err
	}
	return ms(time.Since(d.start)), nil
}

func printBench(w io.Writer, r benchReport) {
	fmt.Fprintf(w, "kycd bench — %s\nchecks: %s · n=%d · CIN front+back 1600 px + 1280×720 selfie\n\n", r.Machine, strings.Join(r.Checks, ", "), r.N)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "in-process\tp50 ms\tp95 ms\tp99 ms\tmax ms\t")
	keys := make([]string, 0, len(r.InProcess))
	for k := range r.InProcess {
		keys = append(keys, k)
	}
	order := append([]string{"decode"}, append(engine.AllChecks, "total")...)
	sort.Slice(keys, func(i, j int) bool { return slices.Index(order, keys[i]) < slices.Index(order, keys[j]) })
	for _, k := range keys {
		l := r.InProcess[k]
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.0f\t%.0f\t\n", k, l.P50, l.P95, l.P99, l.Max)
	}
	tw.Flush()
	if len(r.HTTP) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "HTTP clients\tp50 ms\tp95 ms\tp99 ms\tverif/s\terrors\t")
		for _, c := range []string{"1", "2"} {
			h := r.HTTP[c]
			fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.0f\t%.2f\t%d\t\n", c, h.P50, h.P95, h.P99, h.Throughput, h.Errors)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "\nstart-up to /readyz: %.0f ms · peak RSS: %.0f MB (while verifying in-process: %.0f MB) · RSS curve (MB): %v\n",
		r.StartupMS, r.PeakRSSMB, r.VerifyPeakRSSMB, r.RSSCurveMB)
	fmt.Fprintf(w, "statuses: %v · check statuses: %v\n", r.Statuses, r.CheckStatus)
}

func percentiles(v []float64) latency {
	if len(v) == 0 {
		return latency{}
	}
	s := slices.Clone(v)
	slices.Sort(s)
	at := func(p float64) float64 { return s[min(len(s)-1, int(p*float64(len(s))))] }
	return latency{P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: s[len(s)-1]}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// procStatusMB reads a memory line (VmRSS, VmHWM) of /proc/self/status in MB; 0 elsewhere.
func procStatusMB(field string) float64 { return statusMB("self", field) }

// statusMB reads a memory line of /proc/PROC/status in MB; 0 when it cannot be read.
func statusMB(proc, field string) float64 {
	data, err := os.ReadFile("/proc/" + proc + "/status")
	if err != nil {
		return 0
	}
	return statusFieldMB(data, field)
}

// statusFieldMB finds "field:  N kB" in a /proc status file and returns N in MB (0 if absent).
func statusFieldMB(data []byte, field string) float64 {
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

func machineLine() string {
	load, _ := os.ReadFile("/proc/loadavg")
	fields := strings.Fields(string(load))
	la := "?"
	if len(fields) > 0 {
		la = fields[0]
	}
	return fmt.Sprintf("%d cores, load %s", runtimeNumCPU(), la)
}
