package e2e

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kycd/kycd/daemon/webhook"
)

func fetch(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// TestWebhookReceiverDown: the receiver is down when the async result is ready; the delivery
// is retried and arrives, signed, once it is back. A target outside the allow-list is
// refused when the request is made.
func TestWebhookReceiverDown(t *testing.T) {
	recvAddr := freePort(t)
	k := newKiosk(t, "", hubData{}, "webhooks:\n  allow: [\""+recvAddr+"\"]\n  min_backoff: 200ms\n  max_backoff: 1s\n  timeout: 1s\n")
	kp := k.start(t)
	req := map[string]any{"document_front": document(t, 1), "document_type": "passport", "country": "FR",
		"checks": []string{"ocr"}, "mode": "async"}

	req["webhook_url"] = "http://169.254.169.254/latest/meta-data"
	if status, e := call(t, "POST", kp.url()+"/v1/identity/verify", k.key, req); status != 400 ||
		e["error"].(map[string]any)["code"] != "webhook_not_allowed" {
		t.Errorf("target outside the allow-list: %d %v", status, e)
	}

	req["webhook_url"] = "http://" + recvAddr + "/hooks/kyc"
	status, v := call(t, "POST", kp.url()+"/v1/identity/verify", k.key, req)
	if status != 202 {
		t.Fatalf("async verify: %d %v", status, v)
	}
	id := v["id"].(string)
	deliveries := func() map[string]any {
		_, page := call(t, "GET", kp.url()+"/v1/webhooks/deliveries?verification="+id, k.key, nil)
		if data, _ := page["data"].([]any); len(data) == 1 {
			return data[0].(map[string]any)
		}
		return nil
	}
	eventually(t, 60*time.Second, "failed delivery attempts while the receiver is down", func() bool {
		d := deliveries()
		return d != nil && len(d["attempts"].([]any)) >= 3
	})

	var mu sync.Mutex
	var bodies [][]byte
	var sigs []string
	ln, err := net.Listen("tcp", recvAddr)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies, sigs = append(bodies, b), append(sigs, r.Header.Get(webhook.HeaderSignature))
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	eventually(t, 30*time.Second, "the delivery", func() bool {
		d := deliveries()
		return d != nil && d["state"] == "delivered"
	})

	secret, err := os.ReadFile(filepath.Join(k.dir, "webhook.secret"))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 1 {
		t.Fatalf("receiver got %d deliveries, want 1", len(bodies))
	}
	if _, err := webhook.Verify([]byte(strings.TrimSpace(string(secret))), sigs[0], bodies[0]); err != nil {
		t.Errorf("signature %q does not verify: %v", sigs[0], err)
	}
	var ev struct {
		ID        string         `json:"id"`
		Type      string         `json:"type"`
		CreatedAt string         `json:"created_at"`
		Data      map[string]any `json:"data"`
	}
	if err := json.Unmarshal(bodies[0], &ev); err != nil || !strings.HasPrefix(ev.ID, "evt_") ||
		ev.Type != "identity.verification.completed" || ev.Data["id"] != id || ev.Data["status"] == "pending" || ev.CreatedAt == "" {
		t.Errorf("event %s: %v", bodies[0], err)
	}
	d := deliveries()
	attempts := d["attempts"].([]any)
	last := attempts[len(attempts)-1].(map[string]any)
	first := attempts[0].(map[string]any)
	if last["status"] != float64(200) || first["error"] == nil || first["error"] == "" {
		t.Errorf("delivery log %v", d)
	}
	kp.stop()
}
