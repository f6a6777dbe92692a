// Command loadtest drives kycd on loopback: a fixed-rate load of sync verifications with
// latency percentiles and the daemon's RSS, then a corpus of hostile requests.
//
//	go run ./packaging/loadtest -bin bin/kycd -models models -rate 8 -duration 10m -hostile 10000
//
// With -bin it starts its own daemon in a temporary directory (rate limiting off); with -url
// and -key it drives one that is already running (-pid for RSS).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kycd/kycd/packaging/loadtest/load"
)

func main() {
	bin := flag.String("bin", "", "kycd binary to start (else -url/-key)")
	models := flag.String("models", "models", "models directory for -bin")
	url := flag.String("url", "", "base URL of a running kycd")
	key := flag.String("key", "", "admin API key for -url")
	pid := flag.Int("pid", 0, "pid of the running kycd, for RSS (with -url)")
	rate := flag.Float64("rate", 8, "verifications per second")
	duration := flag.Duration("duration", 30*time.Second, "load duration (0: no load)")
	inflight := flag.Int("max-inflight", 32, "outstanding requests at most")
	readEvery := flag.Int("read-every", 4, "GET the last verification after every N creates")
	hostile := flag.Int("hostile", 0, "hostile requests to send after the load")
	workers := flag.Int("workers", 16, "concurrent hostile senders")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *bin, *models, *url, *key, *pid, *rate, *duration, *inflight, *readEvery, *hostile, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, bin, models, url, key string, pid int, rate float64, dur time.Duration, inflight, readEvery, hostile, workers int) error {
	t := load.Target{BaseURL: url, Key: key}
	if bin != "" {
		dir, err := os.MkdirTemp("", "kycd-load-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		d, err := load.Spawn(ctx, bin, models, dir, os.Stderr)
		if err != nil {
			return err
		}
		defer func() {
			if err := d.Stop(); err != nil {
				fmt.Fprintln(os.Stderr, "loadtest: kycd stop:", err)
			}
		}()
		t, pid = d.Target, d.PID
	}
	failed := false
	if dur > 0 {
		cfg := load.Config{Rate: rate, Duration: dur, MaxInFlight: inflight, PID: pid, ReadEvery: readEvery}
		res, err := load.Run(ctx, t, cfg)
		if err != nil {
			return err
		}
		res.Print(os.Stdout, cfg)
		failed = len(res.Errors) > 0 || res.Late > 0
	}
	if hostile > 0 {
		res, err := load.Hostile(ctx, t, hostile, workers, pid, 1)
		if err != nil {
			return err
		}
		fmt.Println()
		res.Print(os.Stdout)
		failed = failed || !res.OK()
	}
	if failed {
		return fmt.Errorf("errors, late requests or a failed hostile verdict (see above)")
	}
	return nil
}
