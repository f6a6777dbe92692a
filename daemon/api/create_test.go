package api

import (
	"sync"
	"testing"
	"time"
)

func verifyBody(t *testing.T, extra map[string]any) map[string]any {
	b := map[string]any{"document_front": b64(pngBytes(t, 320, 200)), "document_type": "passport", "country": "FR",
		"metadata": map[string]any{"branch": "Casa-Anfa", "teller": 7}}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

func TestSyncVerificationIsStoredAndReadable(t *testing.T) {
	e := newTestEnv(t, ocrCheck(t))
	r := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], verifyBody(t, nil))
	if r.status != 200 {
		t.Fatalf("verify: %d %s", r.status, r.body)
	}
	id, _ := r.json["id"].(string)
	if len(id) < 16 || id[:4] != "ver_" || r.json["object"] != "identity.verification" {
		t.Fatalf("bad id/object: %s", r.body)
	}
	// A blank image has no MRZ: the ocr check says so instead of inventing fields.
	checks := r.json["checks"].(map[string]any)
	if ocr := checks["ocr"].(map[string]any); ocr["status"] != "failed" {
		t.Fatalf("ocr on a blank image: %v", ocr)
	}
	ed := r.json["extracted_data"].(map[string]any)
	for _, f := range []string{"document_number", "first_name", "last_name", "date_of_birth", "mrz"} {
		if ed[f] != nil {
			t.Errorf("%s invented: %v", f, ed[f])
		}
	}
	if r.json["status"] != "review" || len(r.json["fraud_signals"].([]any)) == 0 {
		t.Fatalf("a review must name a signal: %s", r.body)
	}
	if md := r.json["metadata"].(map[string]any); md["branch"] != "Casa-Anfa" || md["teller"] != float64(7) {
		t.Fatalf("metadata not verbatim: %v", md)
	}
	got := e.do("GET", "/v1/identity/verifications/"+id, e.keys[ScopeRead], nil)
	if got.status != 200 || string(got.body) != string(r.body) {
		t.Fatalf("GET differs from POST answer:\n%s\n%s", got.body, r.body)
	}
	if img := e.do("GET", "/v1/identity/verifications/"+id+"/images/document_front", e.keys[ScopeReview], nil); img.status != 200 || len(img.body) == 0 {
		t.Fatalf("stored image: %d", img.status)
	}
	if d, _ := e.db.OutboxDepth(); d != 1 {
		t.Fatalf("outbox depth %d, want 1", d)
	}
}

func TestIdempotency(t *testing.T) {
	e := newTestEnv(t, ocrCheck(t))
	body := verifyBody(t, nil)
	first := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], body, "Idempotency-Key", "order-4711")
	if first.status != 200 {
		t.Fatalf("first: %d %s", first.status, first.body)
	}
	again := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], body, "Idempotency-Key", "order-4711")
	if again.status != 200 || string(again.body) != string(first.body) || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %s", again.status, again.body)
	}
	other := verifyBody(t, map[string]any{"country": "MA"})
	conflict := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], other, "Idempotency-Key", "order-4711")
	if conflict.status != 409 || conflict.errCode() != "idempotency_conflict" {
		t.Fatalf("conflict: %d %s", conflict.status, conflict.body)
	}
	// Concurrent requests with one new key make one verification.
	var wg sync.WaitGroup
	ids := make([]string, 4)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], body, "Idempotency-Key", "race-1")
			if r.status == 200 {
				ids[i], _ = r.json["id"].(string)
			}
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id == "" || id != ids[0] {
			t.Fatalf("concurrent idempotent requests gave %v", ids)
		}
	}
	list := e.do("GET", "/v1/identity/verifications?limit=100", e.keys[ScopeRead], nil)
	if n := len(list.json["data"].([]any)); n != 2 {
		t.Fatalf("%d verifications stored, want 2", n)
	}
}

func TestAsyncAnswers202ThenCompletes(t *testing.T) {
	e := newTestEnv(t, ocrCheck(t))
	r := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], verifyBody(t, map[string]any{"mode": "async"}))
	if r.status != 202 || r.json["status"] != "pending" {
		t.Fatalf("async: %d %s", r.status, r.body)
	}
	id := r.json["id"].(string)
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := e.do("GET", "/v1/identity/verifications/"+id, e.keys[ScopeRead], nil)
		if got.json["status"] != "pending" {
			if got.json["checks"].(map[string]any)["ocr"] == nil {
				t.Fatalf("finished without the ocr result: %s", got.body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("async verification still pending after 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// webhook_url is refused while this build has no webhook delivery wired.
	w := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], verifyBody(t, map[string]any{"mode": "async", "webhook_url": "https://hooks.example.test/kyc"}))
	if w.status != 422 && w.status != 202 {
		t.Fatalf("webhook_url: %d %s", w.status, w.body)
	}
}

func TestFaceMatchWithoutSelfieIsNotApplicable(t *testing.T) {
	e := newTestEnv(t, ocrCheck(t))
	r := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], verifyBody(t, map[string]any{"checks": []string{"ocr", "face_match"}}))
	if r.status != 422 || (r.errCode() != "check_not_available" && r.errCode() != "check_not_applicable") {
		t.Fatalf("face_match: %d %s", r.status, r.body)
	}
}
