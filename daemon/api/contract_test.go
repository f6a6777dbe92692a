package api

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kycd/kycd/storage"
)

func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.White)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngBomb is a PNG whose header claims w×h pixels with no pixel data behind it.
func pngBomb(w, h uint32) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	for _, c := range []struct {
		typ  string
		data []byte
	}{{"IHDR", ihdr}, {"IEND", nil}} {
		binary.Write(&buf, binary.BigEndian, uint32(len(c.data)))
		buf.WriteString(c.typ)
		buf.Write(c.data)
		binary.Write(&buf, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(c.typ), c.data...)))
	}
	return buf.Bytes()
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func TestAuthAndScopes(t *testing.T) {
	e := newTestEnv(t)
	tests := []struct {
		name, method, path, key string
		body                    any
		status                  int
		code                    string
	}{
		{"no key", "GET", "/v1/identity/verifications", "", nil, 401, "missing_api_key"},
		{"unknown key", "GET", "/v1/identity/verifications", "kycd_nope", nil, 401, "invalid_api_key"},
		{"read key may list", "GET", "/v1/identity/verifications", e.keys[ScopeRead], nil, 200, ""},
		{"verify key may not list", "GET", "/v1/identity/verifications", e.keys[ScopeVerify], nil, 403, "missing_scope"},
		{"read key may not verify", "POST", "/v1/identity/verify", e.keys[ScopeRead], map[string]any{}, 403, "missing_scope"},
		{"review key may not delete", "DELETE", "/v1/identity/verifications/ver_aaaaaaaaaaaa", e.keys[ScopeReview], nil, 403, "missing_scope"},
		{"admin has every scope", "GET", "/v1/identity/verifications", e.keys[ScopeAdmin], nil, 200, ""},
		{"health needs no key", "GET", "/healthz", "", nil, 200, ""},
		{"ready needs no key", "GET", "/readyz", "", nil, 200, ""},
		{"openapi needs no key", "GET", "/openapi.json", "", nil, 200, ""},
		{"unknown route", "GET", "/v1/nothing", "", nil, 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, tt.path, tt.key, tt.body)
			if r.status != tt.status || r.errCode() != tt.code {
				t.Fatalf("got %d %q, want %d %q: %s", r.status, r.errCode(), tt.status, tt.code, r.body)
			}
			if tt.status == 401 && r.errField("type") != "authentication_error" || tt.status == 403 && r.errField("type") != "permission_error" {
				t.Fatalf("wrong error type: %s", r.body)
			}
		})
	}
	// A revoked key stops working at once.
	keys, _ := e.db.ListKeys()
	for _, k := range keys {
		if k.Name == "test-read" {
			if err := e.db.RevokeKey(k.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if r := e.do("GET", "/v1/identity/verifications", e.keys[ScopeRead], nil); r.status != 401 {
		t.Fatalf("revoked key: %d", r.status)
	}
}

func TestVerifyValidation(t *testing.T) {
	e := newTestEnv(t)
	img := b64(pngBytes(t, 32, 24))
	valid := func() map[string]any {
		return map[string]any{"document_front": img, "document_type": "cin", "country": "MA"}
	}
	with := func(k string, v any) map[string]any { m := valid(); m[k] = v; return m }
	without := func(k string) map[string]any { m := valid(); delete(m, k); return m }
	bigMeta := map[string]any{"x": strings.Repeat("a", 9000)}

	tests := []struct {
		name   string
		body   any
		status int
		code   string
		param  string
	}{
		{"missing document_front", without("document_front"), 400, "missing_param", "document_front"},
		{"missing document_type", without("document_type"), 400, "missing_param", "document_type"},
		{"missing country", without("country"), 400, "missing_param", "country"},
		{"bad document_type", with("document_type", "library_card"), 400, "invalid_enum", "document_type"},
		{"document_type not a string", with("document_type", 7), 400, "invalid_type", "document_type"},
		{"unknown country", with("country", "ZZ"), 400, "invalid_country", "country"},
		{"alpha-3 country", with("country", "MAR"), 400, "invalid_country", "country"},
		{"unknown check", with("checks", []string{"ocr", "horoscope"}), 400, "invalid_enum", "checks"},
		{"empty checks", with("checks", []string{}), 400, "invalid_param", "checks"},
		{"checks not an array", with("checks", "ocr"), 400, "invalid_type", "checks"},
		{"bad mode", with("mode", "later"), 400, "invalid_enum", "mode"},
		{"bad base64", with("document_front", "@@not base64@@"), 400, "invalid_base64", "document_front"},
		{"empty image", with("document_front", ""), 400, "invalid_base64", "document_front"},
		{"not an image", with("document_front", b64([]byte("just some text, not an image at all"))), 400, "unsupported_image", "document_front"},
		{"bad back", with("document_back", b64([]byte("GIF89a...."))), 400, "unsupported_image", "document_back"},
		{"bad selfie base64", with("selfie", "!!"), 400, "invalid_base64", "selfie"},
		{"image not a string", with("document_front", 12), 400, "invalid_type", "document_front"},
		{"image an object", with("selfie", map[string]any{"b64": img}), 400, "invalid_type", "selfie"},
		// JSON escapes inside the base64 (\uXXXX, and \/ from encoders that escape slashes)
		// are unquoted: the image decodes, and the request fails only for want of a check.
		{"escaped slashes", `{"document_front":"` + fmt.Sprintf(`\u%04x`, img[0]) + strings.ReplaceAll(img[1:], "/", `\/`) + `","document_type":"cin","country":"MA"}`, 422, "check_not_available", "checks"},
		{"metadata not an object", with("metadata", []int{1, 2}), 400, "invalid_type", "metadata"},
		{"metadata too large", with("metadata", bigMeta), 400, "metadata_too_large", "metadata"},
		{"unknown field", with("colour", "blue"), 400, "unknown_param", "colour"},
		{"webhook not allowed", with("webhook_url", "http://169.254.169.254/latest"), 400, "webhook_not_allowed", "webhook_url"},
		{"webhook not a url", with("webhook_url", "ftp://x"), 400, "invalid_url", "webhook_url"},
		{"not json", "{document_front:", 400, "invalid_json", ""},
		{"json array", "[1,2]", 400, "invalid_json", ""},
		{"two objects", `{"country":"MA"} {}`, 400, "invalid_json", ""},
		{"bomb", with("document_front", b64(pngBomb(20000, 20000))), 413, "image_too_large", "document_front"},
		// This build has no check engine in this test: asking for one is refused, never faked.
		{"check not available", with("checks", []string{"ocr"}), 422, "check_not_available", "checks"},
		{"no check can run", valid(), 422, "check_not_available", "checks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], tt.body)
			if r.status != tt.status || r.errCode() != tt.code || r.errParam() != tt.param {
				t.Fatalf("got %d %s/%s, want %d %s/%s: %s", r.status, r.errCode(), r.errParam(), tt.status, tt.code, tt.param, r.body)
			}
			if typ := r.errField("type"); typ != "invalid_request_error" {
				t.Fatalf("type %q", typ)
			}
		})
	}
	// Nothing from a refused request is stored.
	recs, _, err := e.db.ListVerifications(storage.ListQuery{Limit: 100})
	if err != nil || len(recs) != 0 {
		t.Fatalf("refused requests stored %d records (err %v)", len(recs), err)
	}
}

func TestWrongContentTypeAndOversizedBody(t *testing.T) {
	e := newTestEnv(t)
	r := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], "{}", "Content-Type", "text/plain")
	if r.status != 415 || r.errCode() != "unsupported_media_type" {
		t.Fatalf("text/plain: %d %s", r.status, r.body)
	}
	// The server answers from the Content-Length alone, before reading the body, then closes
	// the connection; a raw connection lets the test read that answer.
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/identity/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{",
		e.keys[ScopeVerify], testLimits().bodyLimit()+1024)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != 413 || !strings.Contains(string(data), `"code":"body_too_large"`) {
		t.Fatalf("oversized body: %d %s", res.StatusCode, data)
	}
	// The server is still up.
	if r := e.do("GET", "/healthz", "", nil); r.status != 200 {
		t.Fatalf("healthz after oversized body: %d", r.status)
	}
}

// TestBombRefusedWithoutLargeAllocation sends a 20000×20000 PNG header through the whole HTTP
// stack and checks the process did not allocate anything near its 1.2 GB of pixels.
func TestBombRefusedWithoutLargeAllocation(t *testing.T) {
	e := newTestEnv(t)
	body := map[string]any{"document_front": b64(pngBomb(20000, 20000)), "document_type": "passport", "country": "FR"}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], body)
	runtime.ReadMemStats(&after)
	if r.status != 413 || r.errCode() != "image_too_large" {
		t.Fatalf("bomb: %d %s", r.status, r.body)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 32<<20 {
		t.Fatalf("refusing the bomb allocated %d MB", grown>>20)
	}
}

// seed stores n verifications directly, oldest first, for the read routes.
func seed(t *testing.T, db *storage.DB, n int, status string) []string {
	t.Helper()
	ids := make([]string, n)
	base := time.Now().UTC().Add(-time.Hour)
	for i := range n {
		id := fmt.Sprintf("ver_seed%08d%s", i, status[:2])
		created := base.Add(time.Duration(i) * time.Second)
		body, _ := json.Marshal(map[string]any{"id": id, "object": "identity.verification", "status": status, "created_at": created.Format(time.RFC3339)})
		err := db.PutVerification(context.Background(), storage.Record{ID: id, CreatedAt: created, Status: status, Body: body},
			storage.WriteOptions{Blobs: map[string][]byte{"document_front": pngBytes(t, 4, 4)}})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return ids
}

func TestGetListPaginationAndDelete(t *testing.T) {
	e := newTestEnv(t)
	verified := seed(t, e.db, 25, "verified")
	review := seed(t, e.db, 3, "review")
	read := e.keys[ScopeRead]

	if r := e.do("GET", "/v1/identity/verifications/ver_doesnotexist1", read, nil); r.status != 404 || r.errCode() != "not_found" {
		t.Fatalf("unknown id: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/v1/identity/verifications/"+verified[3], read, nil); r.status != 200 || r.json["id"] != verified[3] {
		t.Fatalf("get: %d %s", r.status, r.body)
	}

	// Walk every page of verified ones, newest first.
	var got []string
	after := ""
	for pages := 0; ; pages++ {
		path := "/v1/identity/verifications?status=verified&limit=10"
		if after != "" {
			path += "&starting_after=" + after
		}
		r := e.do("GET", path, read, nil)
		if r.status != 200 || r.json["object"] != "list" {
			t.Fatalf("list: %d %s", r.status, r.body)
		}
		data := r.json["data"].([]any)
		for _, d := range data {
			got = append(got, d.(map[string]any)["id"].(string))
		}
		if !r.json["has_more"].(bool) {
			break
		}
		after = got[len(got)-1]
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
	}
	if len(got) != 25 || got[0] != verified[24] || got[24] != verified[0] {
		t.Fatalf("pages gave %d ids, first %s last %s", len(got), got[0], got[len(got)-1])
	}
	r := e.do("GET", "/v1/identity/verifications?status=review", read, nil)
	if n := len(r.json["data"].([]any)); n != len(review) {
		t.Fatalf("status filter: %d", n)
	}
	for _, bad := range []string{"limit=0", "limit=101", "limit=x", "status=maybe", "starting_after=ver_unknown000000"} {
		if r := e.do("GET", "/v1/identity/verifications?"+bad, read, nil); r.status != 400 {
			t.Errorf("%s: %d", bad, r.status)
		}
	}

	// DELETE erases images for good and leaves a tombstone.
	id := verified[0]
	if r := e.do("GET", "/v1/identity/verifications/"+id+"/images/document_front", e.keys[ScopeReview], nil); r.status != 200 || r.header.Get("Content-Type") != "image/png" {
		t.Fatalf("image before delete: %d %s", r.status, r.header.Get("Content-Type"))
	}
	r = e.do("DELETE", "/v1/identity/verifications/"+id, e.keys[ScopeAdmin], nil)
	if r.status != 200 || r.json["deleted"] != true || r.json["id"] != id {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/v1/identity/verifications/"+id+"/images/document_front", e.keys[ScopeReview], nil); r.status != 404 {
		t.Fatalf("image after delete: %d", r.status)
	}
	if r := e.do("GET", "/v1/identity/verifications/"+id, read, nil); r.status != 200 || r.json["deleted"] != true {
		t.Fatalf("tombstone: %d %s", r.status, r.body)
	}
	if r := e.do("DELETE", "/v1/identity/verifications/ver_doesnotexist1", e.keys[ScopeAdmin], nil); r.status != 404 {
		t.Fatalf("delete unknown: %d", r.status)
	}
}

func TestReview(t *testing.T) {
	e := newTestEnv(t)
	rev := seed(t, e.db, 1, "review")[0]
	done := seed(t, e.db, 1, "verified")[0]
	k := e.keys[ScopeReview]
	if r := e.do("POST", "/v1/identity/verifications/"+rev+"/review", k, map[string]any{"decision": "maybe"}); r.status != 400 || r.errParam() != "decision" {
		t.Fatalf("bad decision: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/v1/identity/verifications/"+done+"/review", k, map[string]any{"decision": "rejected"}); r.status != 409 {
		t.Fatalf("review of a verified one: %d %s", r.status, r.body)
	}
	r := e.do("POST", "/v1/identity/verifications/"+rev+"/review", k, map[string]any{"decision": "verified", "reason": "document checked by hand"})
	if r.status != 200 || r.json["status"] != "verified" {
		t.Fatalf("review: %d %s", r.status, r.body)
	}
	if rv, _ := r.json["review"].(map[string]any); rv["previous_status"] != "review" || rv["reason"] != "document checked by hand" {
		t.Fatalf("review record: %s", r.body)
	}
	if n, err := e.db.VerifyAudit(); err != nil || n == 0 {
		t.Fatalf("audit: %d %v", n, err)
	}
}

func TestMetrics(t *testing.T) {
	e := newTestEnv(t)
	e.do("GET", "/healthz", "", nil)
	r := e.do("GET", "/metrics", "", nil)
	for _, want := range []string{`kycd_http_requests_total{method="GET",route="/healthz",status="200"} 1`, "kycd_outbox_depth 0", "go_goroutines", "kycd_db_file_bytes ", "kycd_db_free_bytes "} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("metrics lack %q:\n%s", want, r.body)
		}
	}
}

// A compressed body is refused before anything inflates it: fiber would gunzip without a
// limit, so 10 KB on the wire could become gigabytes in memory.
func TestCompressedBodyRefused(t *testing.T) {
	e := newTestEnv(t)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(make([]byte, 64<<20)); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	for _, enc := range []string{"gzip", "deflate", "br", "gzip, identity"} {
		r := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], buf.Bytes(), "Content-Encoding", enc)
		if r.status != 415 || r.errCode() != "unsupported_media_type" {
			t.Errorf("%s: %d %s", enc, r.status, r.body)
		}
	}
	if r := e.do("GET", "/healthz", "", nil); r.status != 200 {
		t.Fatalf("daemon after the bomb: %d", r.status)
	}
}
