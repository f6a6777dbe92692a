package load

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// RSS reads VmRSS of pid from /proc, in KiB.
func RSS(pid int) (int64, error) {
	v, err := status(pid)
	return v["VmRSS"], err
}

// status reads the kB fields of /proc/PID/status: VmRSS and its parts RssAnon (heap, stacks)
// and RssFile (mapped files — bbolt maps the database, so it grows with the data).
func status(pid int) (map[string]int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || !strings.HasSuffix(rest, " kB") {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(rest, " kB")), 10, 64); err == nil {
			out[name] = n
		}
	}
	if _, ok := out["VmRSS"]; !ok {
		return nil, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return out, nil
}

// Sample is one RSS reading: the total and its anonymous and file-backed parts.
type Sample struct {
	At              time.Duration
	KiB, Anon, File int64
}

// sampleRSS reads pid's RSS every interval until ctx ends.
func sampleRSS(ctx context.Context, pid int, interval time.Duration) <-chan []Sample {
	out := make(chan []Sample, 1)
	go func() {
		var samples []Sample
		start := time.Now()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if v, err := status(pid); err == nil {
				samples = append(samples, Sample{time.Since(start), v["VmRSS"], v["RssAnon"], v["RssFile"]})
			}
			select {
			case <-ctx.Done():
				out <- samples
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// growth is the least-squares slope of RSS over the second half of the run, in KiB per minute:
// the first half includes warm-up (pools, caches, the Go heap finding its size).
func growth(samples []Sample) float64 {
	s := samples[len(samples)/2:]
	if len(s) < 3 {
		return 0
	}
	var n, sx, sy, sxx, sxy float64
	for _, p := range s {
		x, y := p.At.Minutes(), float64(p.KiB)
		n, sx, sy, sxx, sxy = n+1, sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	d := n*sxx - sx*sx
	if d == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / d
}
