package uplink

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kycd/kycd/daemon/hub"
	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

// fakeClock fires every After at once and records the waits asked for.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.waits = append(c.waits, d)
	c.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func (c *fakeClock) recorded() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// hubEnv is a real hub receiver and database behind an HTTP server whose
// behaviour per request the test chooses.
type hubEnv struct {
	db     *storage.DB
	device storage.Device
	secret string
	srv    *httptest.Server

	mu      sync.Mutex
	calls   int
	fail    func(n int, w http.ResponseWriter) bool // true: request answered by the test
	applied []string                                // id@version in the order the hub stored them
}

func newHub(t *testing.T) *hubEnv {
	t.Helper()
	h := &hubEnv{db: storagetest.MustOpen(t)}
	var err error
	if h.device, h.secret, err = h.db.CreateDevice("kiosk"); err != nil {
		t.Fatal(err)
	}
	recv := hub.NewReceiver(h.db, slog.New(slog.DiscardHandler))
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.calls++
		n, fail := h.calls, h.fail
		h.mu.Unlock()
		if fail != nil && fail(n, w) {
			return
		}
		body, _ := io.ReadAll(r.Body)
		ack, err := recv.Ingest(r.Context(), r.Header.Get(hub.HeaderDevice), r.Header.Get("Kycd-Signature"), body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var b hub.Batch
		json.Unmarshal(body, &b)
		h.mu.Lock()
		if ack.Applied > 0 {
			for _, it := range b.Items {
				h.applied = append(h.applied, fmt.Sprintf("%s@%d", it.ID, it.Version))
			}
		}
		h.mu.Unlock()
		json.NewEncoder(w).Encode(ack)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func putN(t *testing.T, db *storage.DB, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		id := fmt.Sprintf("ver_%04d", i)
		err := db.PutVerification(context.Background(), storage.Record{ID: id, Status: "verified", Body: []byte(`{"id":"` + id + `"}`)},
			storage.WriteOptions{Outbox: true, Blobs: map[string][]byte{"document_front": []byte("img-" + id), "job": []byte("{}")}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

type testWorker struct {
	*Worker
	clock *fakeClock
	logs  *bytes.Buffer
}

func newWorker(t *testing.T, db *storage.DB, h *hubEnv, mod func(*Config, *Options)) *testWorker {
	t.Helper()
	clock := &fakeClock{now: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)}
	logs := &bytes.Buffer{}
	cfg := Config{URL: h.srv.URL, DeviceID: h.device.ID, Secret: h.secret, BatchSize: 7, Timeout: 2 * time.Second,
		MinBackoff: time.Second, MaxBackoff: 30 * time.Second, MaxRetryAfter: time.Minute, Interval: 10 * time.Millisecond}
	opts := Options{Clock: clock, Rand: func() float64 { return 0.999999 }}
	if mod != nil {
		mod(&cfg, &opts)
	}
	w, err := New(cfg, db, slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelInfo})), opts)
	if err != nil {
		t.Fatal(err)
	}
	return &testWorker{Worker: w, clock: clock, logs: logs}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// drain runs w until the outbox is empty (or the deadline) and stops it.
func drain(t *testing.T, w *Worker, db *storage.DB) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if d, _ := db.OutboxDepth(); d == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	d, _ := db.OutboxDepth()
	t.Fatalf("outbox still holds %d items", d)
}

func TestDeliversExactlyOnceInOrder(t *testing.T) {
	tests := []struct {
		name string
		fail func(n int, w http.ResponseWriter) bool
	}{
		{"healthy", nil},
		{"every other request 503", func(n int, w http.ResponseWriter) bool {
			if n%2 == 1 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
			}
			return n%2 == 1
		}},
		{"every other request hangs past the timeout", func(n int, w http.ResponseWriter) bool {
			if n%2 == 1 {
				time.Sleep(400 * time.Millisecond)
			}
			return n%2 == 1
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHub(t)
			h.fail = tt.fail
			db := storagetest.MustOpen(t)
			ids := putN(t, db, 30)
			w := newWorker(t, db, h, func(c *Config, _ *Options) { c.Timeout = 200 * time.Millisecond })
			drain(t, w.Worker, db)
			var want []string
			for _, id := range ids {
				want = append(want, id+"@1")
			}
			if got := strings.Join(h.applied, " "); got != strings.Join(want, " ") {
				t.Errorf("hub stored\n%s\nwant\n%s", got, strings.Join(want, " "))
			}
			dev, _ := h.db.GetDevice(h.device.ID)
			if dev.Applied != 30 || dev.LastSeq != 30 {
				t.Errorf("device counters %+v", dev)
			}
			if kinds, _ := h.db.BlobKinds(ids[0]); len(kinds) != 0 {
				t.Errorf("images sent without include_images: %v", kinds)
			}
			st := w.Status()
			if st.Depth != 0 || st.Sent != 30 || st.Failures != 0 || st.LastSuccess.IsZero() {
				t.Errorf("status %+v", st)
			}
		})
	}
}

func TestUpdatesAndDeletesFollow(t *testing.T) {
	h := newHub(t)
	db := storagetest.MustOpen(t)
	ids := putN(t, db, 3)
	w := newWorker(t, db, h, func(c *Config, _ *Options) { c.IncludeImages = true })
	drain(t, w.Worker, db)
	ctx := context.Background()
	if err := db.PutVerification(ctx, storage.Record{ID: ids[1], Status: "rejected", Body: []byte(`{"r":1}`)}, storage.WriteOptions{Outbox: true}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutVerification(ctx, storage.Record{ID: ids[1], Status: "verified", Body: []byte(`{"r":2}`)}, storage.WriteOptions{Outbox: true}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteVerification(ids[0], []byte(`{"deleted":true}`), storage.WriteOptions{Outbox: true}); err != nil {
		t.Fatal(err)
	}
	drain(t, w.Worker, db)
	if got := strings.Join(h.applied, " "); got != "ver_0000@1 ver_0001@1 ver_0002@1 ver_0001@3 ver_0000@2" {
		t.Errorf("hub stored %s", got)
	}
	if r, _ := h.db.GetVerification(ids[1]); r.Version != 3 || string(r.Body) != `{"r":2}` {
		t.Errorf("hub has %+v", r)
	}
	if r, _ := h.db.GetVerification(ids[0]); !r.Deleted {
		t.Errorf("delete not mirrored: %+v", r)
	}
	if kinds, _ := h.db.BlobKinds(ids[2]); strings.Join(kinds, ",") != "document_front" {
		t.Errorf("images at the hub: %v (the job spec must stay local)", kinds)
	}
	if kinds, _ := h.db.BlobKinds(ids[0]); len(kinds) != 0 {
		t.Errorf("deleted verification kept images at the hub: %v", kinds)
	}
}

func TestRetryAfterBackoffAndLogging(t *testing.T) {
	tests := []struct {
		name      string
		answer    func(w http.ResponseWriter)
		wantWaits []time.Duration
	}{
		{"Retry-After capped", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}, []time.Duration{time.Minute, time.Minute, time.Minute, time.Minute}},
		{"Retry-After honoured", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "7")
			http.Error(w, "slow down", http.StatusServiceUnavailable)
		}, []time.Duration{7 * time.Second, 7 * time.Second, 7 * time.Second, 7 * time.Second}},
		{"exponential, capped", func(w http.ResponseWriter) { http.Error(w, "boom", http.StatusInternalServerError) },
			[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHub(t)
			fails := len(tt.wantWaits)
			h.fail = func(n int, w http.ResponseWriter) bool {
				if n <= fails {
					tt.answer(w)
				}
				return n <= fails
			}
			db := storagetest.MustOpen(t)
			putN(t, db, 2)
			w := newWorker(t, db, h, nil)
			drain(t, w.Worker, db)
			var got []time.Duration
			for _, d := range w.clock.recorded() {
				got = append(got, d.Round(time.Second))
			}
			if len(got) < len(tt.wantWaits) || fmt.Sprint(got[:len(tt.wantWaits)]) != fmt.Sprint(tt.wantWaits) {
				t.Errorf("waits %v, want %v first", got, tt.wantWaits)
			}
			logs := w.logs.String()
			if n := strings.Count(logs, "upstream sync failed"); n != 1 {
				t.Errorf("repeated error logged %d times:\n%s", n, logs)
			}
			if !strings.Contains(logs, "upstream sync recovered") || !strings.Contains(logs, fmt.Sprintf("failed_attempts=%d", fails)) {
				t.Errorf("no recovery report:\n%s", logs)
			}
		})
	}
}

func TestWaitsForConnectivity(t *testing.T) {
	h := newHub(t)
	db := storagetest.MustOpen(t)
	putN(t, db, 3)
	// A port nobody listens on, until the "network" comes back.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	var mu sync.Mutex
	probes := 0
	w := newWorker(t, db, h, func(c *Config, o *Options) {
		c.URL = dead
		o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
			mu.Lock()
			defer mu.Unlock()
			probes++
			if addr != ln.Addr().String() {
				return nil, fmt.Errorf("probed %s", addr)
			}
			if probes < 4 {
				return nil, errors.New("connect: network is unreachable")
			}
			return (&net.Dialer{}).DialContext(ctx, "tcp", strings.TrimPrefix(h.srv.URL, "http://"))
		}
	})
	// The first send fails with a dial error; the worker then only probes.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	wait, err := w.step(ctx)
	if !isNetworkDown(err) {
		t.Fatalf("step: %v (wait %s): want a dial error", err, wait)
	}
	w.failed(ctx, err, wait)
	if probes != 4 || w.Status().Waiting != "connectivity" || len(w.clock.recorded()) != 4 {
		t.Errorf("probes %d, status %+v, waits %v", probes, w.Status(), w.clock.recorded())
	}
	if d, _ := db.OutboxDepth(); d != 3 {
		t.Errorf("outbox depth %d while offline", d)
	}
}

func TestTooLargeHalvesBatches(t *testing.T) {
	h := newHub(t)
	h.fail = func(n int, w http.ResponseWriter) bool {
		if n == 1 {
			http.Error(w, "too big", http.StatusRequestEntityTooLarge)
		}
		return n == 1
	}
	db := storagetest.MustOpen(t)
	putN(t, db, 10)
	w := newWorker(t, db, h, nil)
	drain(t, w.Worker, db)
	if dev, _ := h.db.GetDevice(h.device.ID); dev.Applied != 10 {
		t.Errorf("applied %d", dev.Applied)
	}
}
