package packaging

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kycd/kycd/packaging/loadtest/load"
)

// TestShortLoadAndHostile is the CI cut of the load and fault run (README, "Load and faults"):
// the packaged binary, 30 s of sync verifications at a rate it sustains with no error and no
// request left waiting, then 10,000 hostile requests after which it is still up, answered no
// 5xx and stored nothing it refused.
func TestShortLoadAndHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: load and hostile run skipped")
	}
	root := t.TempDir()
	if out, err := exec.Command("dpkg-deb", "-x", deb(t), root).CombinedOutput(); err != nil {
		t.Fatalf("dpkg-deb -x: %v\n%s", err, out)
	}
	ctx := context.Background()
	d, err := load.Spawn(ctx, filepath.Join(root, "usr/bin/kycd"), filepath.Join(root, "usr/share/kycd/models"), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := d.Stop(); err != nil {
			t.Errorf("kycd stop: %v\n%s", err, d.Log)
		}
	}()

	cfg := load.Config{Rate: 5, Duration: 30 * time.Second, MaxInFlight: 16, PID: d.PID, ReadEvery: 4}
	res, err := load.Run(ctx, d.Target, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	res.Print(&b, cfg)
	t.Logf("load:\n%s", b.String())
	if len(res.Errors) > 0 || res.Late > 0 || res.OK < 100 {
		t.Errorf("load: %d ok, errors %v, %d late", res.OK, res.Errors, res.Late)
	}

	n := 10000
	if s := os.Getenv("KYCD_HOSTILE"); s != "" {
		n = atoi(s, n)
	}
	h, err := load.Hostile(ctx, d.Target, n, 16, d.PID, 1)
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	h.Print(&b)
	t.Logf("hostile:\n%s", b.String())
	if !h.OK() || !d.Alive() {
		t.Errorf("hostile run failed (alive %v); daemon log:\n%s", d.Alive(), tail(d.Log.String(), 4000))
	}
}

func atoi(s string, def int) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return def
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
