package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kycd/kycd/daemon/hub"
	"github.com/kycd/kycd/daemon/uplink"
	"github.com/kycd/kycd/daemon/webhook"
	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/risk"
	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

// reviewCheck is an ocr stand-in whose result always needs a person.
type reviewCheck struct{}

func (reviewCheck) Name() string                   { return engine.CheckOCR }
func (reviewCheck) Applicable(*engine.Input) error { return nil }
func (reviewCheck) Run(_ context.Context, j *engine.Job) error {
	j.V.Checks.OCR = &engine.OCRCheck{CheckResult: engine.CheckResult{Status: engine.CheckReview, Confidence: 0.5}}
	return nil
}

type fixedSync uplink.Status

func (f fixedSync) Status() uplink.Status { return uplink.Status(f) }

// newEnvWith is newTestEnv with the Deps adjusted by mod.
func newEnvWith(t *testing.T, mod func(*Deps), checks ...engine.Check) *testEnv {
	t.Helper()
	db := storagetest.MustOpen(t)
	eng, err := engine.New(risk.DefaultPolicy(), checks...)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	d := Deps{DB: db, Engine: eng, Limits: testLimits(), Log: log, Version: "test", Workers: 1}
	mod(&d)
	srv := New(d)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served, workers := make(chan struct{}), make(chan struct{})
	go func() { srv.Serve(ln); close(served) }()
	go func() { srv.Run(ctx); close(workers) }()
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		srv.Shutdown(sctx)
		<-served
		cancel()
		<-workers
	})
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

func (e *testEnv) outbox() []string {
	e.t.Helper()
	items, err := e.db.OutboxPeek(1000)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Kind)
	}
	return out
}

func TestSyncStatus(t *testing.T) {
	t.Run("sync off", func(t *testing.T) {
		e := newTestEnv(t)
		r := e.do("GET", "/v1/sync/status", e.keys[ScopeRead], nil)
		if r.status != 200 || r.json["enabled"] != false || r.json["outbox_depth"] != float64(0) {
			t.Errorf("%d %s", r.status, r.body)
		}
		if r := e.do("GET", "/v1/sync/status", e.keys[ScopeVerify], nil); r.status != 403 {
			t.Errorf("verify key: %d", r.status)
		}
	})
	t.Run("sync on", func(t *testing.T) {
		at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
		e := newEnvWith(t, func(d *Deps) {
			d.Sync = fixedSync{Upstream: "https://hub.test", Device: "dev_a", Depth: 3, LastSuccess: at,
				LastError: "hub answered 503", Failures: 2, Sent: 40, Waiting: "backoff"}
		})
		r := e.do("GET", "/v1/sync/status", e.keys[ScopeRead], nil)
		if r.status != 200 || r.json["enabled"] != true || r.json["outbox_depth"] != float64(3) ||
			r.json["last_success"] != "2025-03-01T10:00:00Z" || r.json["last_error"] != "hub answered 503" {
			t.Errorf("%d %s", r.status, r.body)
		}
		m := e.do("GET", "/metrics", "", nil)
		for _, want := range []string{"kycd_sync_items_sent_total 40", "kycd_sync_consecutive_failures 2", "kycd_sync_last_success_timestamp_seconds 1740823200", "kycd_outbox_depth 0"} {
			if !strings.Contains(string(m.body), want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
	})
}

// TestOutboxOnEveryChange: every finished verification and every later change is queued for
// upstream sync in its own write; a pending async verification is not.
func TestOutboxOnEveryChange(t *testing.T) {
	e := newEnvWith(t, func(d *Deps) { d.Webhooks = true }, reviewCheck{})
	req := map[string]any{"document_front": b64(pngBytes(t, 64, 64)), "document_type": "passport", "country": "FR"}
	r := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], req)
	if r.status != 200 || r.json["status"] != engine.StatusReview {
		t.Fatalf("sync create: %d %s", r.status, r.body)
	}
	id := r.json["id"].(string)
	if got := strings.Join(e.outbox(), ","); got != "upsert" {
		t.Fatalf("after sync create: %s", got)
	}

	async := map[string]any{"mode": "async", "webhook_url": "http://hooks.example.test/kyc"}
	for k, v := range req {
		async[k] = v
	}
	r = e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], async)
	if r.status != 202 {
		t.Fatalf("async create: %d %s", r.status, r.body)
	}
	asyncID := r.json["id"].(string)
	deadline := time.Now().Add(20 * time.Second)
	for {
		rec, err := e.db.GetVerification(asyncID)
		if err == nil && rec.Status != engine.StatusPending {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("async verification did not finish")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := strings.Join(e.outbox(), ","); got != "upsert,upsert" {
		t.Errorf("after async completion: %s", got)
	}
	hooks, err := e.db.ListWebhooks(asyncID, 10)
	if err != nil || len(hooks) != 1 {
		t.Fatalf("webhooks of %s: %+v %v", asyncID, hooks, err)
	}
	var ev struct {
		ID, Type string
		Data     map[string]any
	}
	if err := json.Unmarshal(hooks[0].Payload, &ev); err != nil || ev.Type != webhook.EventCompleted || ev.ID != hooks[0].ID ||
		ev.Data["id"] != asyncID || ev.Data["status"] != engine.StatusReview || hooks[0].URL != "http://hooks.example.test/kyc" {
		t.Errorf("webhook %+v payload %s", hooks[0], hooks[0].Payload)
	}
	d := e.do("GET", "/v1/webhooks/deliveries?verification="+asyncID, e.keys[ScopeAdmin], nil)
	if data, _ := d.json["data"].([]any); d.status != 200 || len(data) != 1 {
		t.Errorf("deliveries: %d %s", d.status, d.body)
	}

	if r := e.do("POST", "/v1/identity/verifications/"+id+"/review", e.keys[ScopeReview], map[string]any{"decision": "verified"}); r.status != 200 {
		t.Fatalf("review: %d %s", r.status, r.body)
	}
	if r := e.do("DELETE", "/v1/identity/verifications/"+id, e.keys[ScopeAdmin], nil); r.status != 200 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if got := strings.Join(e.outbox(), ","); got != "upsert,upsert,upsert,delete" {
		t.Errorf("after review and delete: %s", got)
	}
}

func TestHubServer(t *testing.T) {
	var secret string
	var dev storage.Device
	e := newEnvWith(t, func(d *Deps) {
		var err error
		if dev, secret, err = d.DB.CreateDevice("kiosk 1"); err != nil {
			t.Fatal(err)
		}
		d.Hub = hub.NewReceiver(d.DB, d.Log)
	})
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	body, _ := json.Marshal(hub.Batch{Device: dev.ID, Items: []hub.Item{{Seq: 1, Kind: hub.KindUpsert, ID: "ver_hub000000001", Version: 2,
		Status: "verified", CreatedAt: at, UpdatedAt: at, Verification: json.RawMessage(`{"id":"ver_hub000000001","status":"verified"}`)}}})
	send := func(sig string) response {
		return e.do("POST", hub.IngestPath, "", body, "Content-Type", "application/json", hub.HeaderDevice, dev.ID, webhook.HeaderSignature, sig)
	}
	tests := []struct {
		name   string
		sig    string
		status int
		want   string
	}{
		{"bad signature", webhook.Sign([]byte("dsec_wrong"), at, body), 401, `"invalid_signature"`},
		{"first delivery", webhook.Sign([]byte(secret), at, body), 200, `"applied":1`},
		{"replay", webhook.Sign([]byte(secret), at, body), 200, `"duplicates":1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(tt.sig)
			if r.status != tt.status || !strings.Contains(string(r.body), tt.want) {
				t.Errorf("%d %s", r.status, r.body)
			}
		})
	}
	r := e.do("GET", "/v1/identity/verifications?device="+dev.ID, e.keys[ScopeRead], nil)
	if data, _ := r.json["data"].([]any); r.status != 200 || len(data) != 1 {
		t.Errorf("list by device: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/v1/identity/verifications/ver_hub000000001", e.keys[ScopeRead], nil); r.status != 200 || r.json["status"] != "verified" {
		t.Errorf("get: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/v1/devices", e.keys[ScopeAdmin], nil); !strings.Contains(string(r.body), `"applied":1,"duplicates":1`) {
		t.Errorf("devices: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], map[string]any{}); r.status != 404 {
		t.Errorf("a hub verifies nothing: %d", r.status)
	}
}
