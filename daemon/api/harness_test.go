package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/mrz"
	"github.com/kycd/kycd/engine/ocr"
	"github.com/kycd/kycd/engine/risk"
	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

// testEnv is a real server on a random loopback port with a real bbolt file.
type testEnv struct {
	t      *testing.T
	url    string
	db     *storage.DB
	srv    *Server
	keys   map[string]string // scope → key
	client *http.Client
}

func testLimits() Limits {
	return Limits{
		Images:           imageio.Limits{MaxBytes: 2 << 20, MaxSide: 12000, MaxPixels: 40_000_000},
		MetadataMaxBytes: 8 << 10,
		VerifyTimeout:    30 * time.Second,
		WebhookAllow:     []string{"hooks.example.test"},
	}
}

func newTestEnv(t *testing.T, checks ...engine.Check) *testEnv {
	t.Helper()
	db := storagetest.MustOpen(t)
	eng, err := engine.New(risk.DefaultPolicy(), checks...)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := New(Deps{DB: db, Engine: eng, Limits: testLimits(), Log: log, Version: "test", Workers: 1})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() { srv.Serve(ln); close(served) }()
	workers := make(chan struct{})
	go func() { srv.Run(ctx); close(workers) }()
	e := &testEnv{t: t, url: "http://" + ln.Addr().String(), db: db, srv: srv, keys: map[string]string{},
		client: &http.Client{Timeout: 60 * time.Second}}
	// Cleanups run last-in first-out: stop the server and workers before the db closes.
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		srv.Shutdown(sctx)
		<-served
		cancel()
		<-workers
	})
	for _, scope := range []string{ScopeVerify, ScopeRead, ScopeReview, ScopeAdmin} {
		plain, _, err := db.CreateKey("test-"+scope, []string{scope})
		if err != nil {
			t.Fatal(err)
		}
		e.keys[scope] = plain
	}
	return e
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

func (r response) errCode() string  { return r.errField("code") }
func (r response) errParam() string { return r.errField("param") }
func (r response) errField(f string) string {
	e, _ := r.json["error"].(map[string]any)
	s, _ := e[f].(string)
	return s
}

func (e *testEnv) do(method, path, key string, body any, header ...string) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header, body: data}
	json.Unmarshal(data, &r.json)
	if res.StatusCode >= 400 && r.errCode() == "" {
		e.t.Errorf("%s %s: %d without a JSON error: %s", method, path, res.StatusCode, data)
	}
	return r
}

// ocrCheck is the real ocr check (Tesseract + OpenCV), shared by the tests of one package run.
func ocrCheck(t *testing.T) engine.Check {
	t.Helper()
	pool, err := ocr.NewPool(ocr.Config{Languages: []string{"eng"}, Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	return engine.OCR{Reader: mrz.NewReader(pool, mrz.Options{})}
}
