package capture

import (
	"context"
	"testing"
	"time"

	"github.com/kycd/kycd/capture/capturetest"
)

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for start := time.Now(); time.Since(start) < d; time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// An HTTP MJPEG source that goes down shows in the health, and the camera comes back on its
// own when the source does.
func TestURLSourceDownAndBack(t *testing.T) {
	src := capturetest.StartMJPEG(t, "")
	set, err := NewSet([]Source{{Name: "net", Spec: src.URL()}}, quietOpts())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- set.Run(ctx) }()
	defer func() { cancel(); <-done }()
	cam, _ := set.Camera("net")
	waitFor(t, 10*time.Second, "streaming", func() bool { h := cam.Health(); return h.State == StateStreaming && h.Frames > 5 })

	time.Sleep(2 * time.Second)
	if h := cam.Health(); h.Errors > 0 || h.FPS < 15 {
		t.Errorf("a steady source: %+v", h)
	}
	src.Stop()
	waitFor(t, 10*time.Second, "reconnecting", func() bool { h := cam.Health(); return h.State != StateStreaming && h.Errors > 0 })
	down := cam.Health()
	t.Logf("down: state=%s errors=%d last_error=%q", down.State, down.Errors, down.LastError)

	capturetest.StartMJPEG(t, src.Addr)
	waitFor(t, 10*time.Second, "streaming again", func() bool {
		h := cam.Health()
		return h.State == StateStreaming && h.Frames > down.Frames+5
	})
	waitFor(t, 3*time.Second, "full rate after reconnect", func() bool { return cam.Health().FPS >= 15 })
}
