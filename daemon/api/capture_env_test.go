package api

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/capture/capturetest"
	"github.com/kycd/kycd/daemon/session"
	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/risk"
	"github.com/kycd/kycd/storage/storagetest"
)

func TestMain(m *testing.M) {
	capturetest.MaybeServeMJPEG() // the MJPEG source child process of the camera tests
	os.Exit(m.Run())
}

// newCaptureEnv is newTestEnv with cameras and a session manager. Cameras start after the
// server and stop before it (cleanups run last-in first-out): open preview streams end when
// their camera stops, and the server's shutdown waits for them.
func newCaptureEnv(t *testing.T, srcs []capture.Source, checks ...engine.Check) *testEnv {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	set, err := capture.NewSet(srcs, capture.Options{Log: log, Ladder: []time.Duration{200 * time.Millisecond, 500 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	sessions := session.New(set, session.Config{Log: log})
	db := storagetest.MustOpen(t)
	eng, err := engine.New(risk.DefaultPolicy(), checks...)
	if err != nil {
		t.Fatal(err)
	}
	srv := New(Deps{DB: db, Engine: eng, Limits: testLimits(), Log: log, Version: "test", Workers: 1, Cameras: set, Sessions: sessions})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan struct{})
	go func() { srv.Serve(ln); close(served) }()
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		<-served
	})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{}, 2)
	go func() { set.Run(ctx); stopped <- struct{}{} }()
	go func() { sessions.Run(ctx); stopped <- struct{}{} }()
	t.Cleanup(func() { cancel(); <-stopped; <-stopped })
	e := &testEnv{t: t, url: "http://" + ln.Addr().String(), db: db, srv: srv, keys: map[string]string{},
		client: &http.Client{Timeout: 60 * time.Second}}
	for _, scope := range []string{ScopeVerify, ScopeRead, ScopeReview, ScopeAdmin} {
		plain, _, err := db.CreateKey("test-"+scope, []string{scope})
		if err != nil {
			t.Fatal(err)
		}
		e.keys[scope] = plain
	}
	return e
}
