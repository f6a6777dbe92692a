package api

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/capture/capturetest"
)

// countParts reads a multipart MJPEG stream for d and counts its JPEG parts.
func countParts(t *testing.T, e *testEnv, path, key string, d time.Duration) (int, error) {
	req, _ := http.NewRequest("GET", e.url+path, nil)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := (&http.Client{}).Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		return 0, fmt.Errorf("status %d: %s", res.StatusCode, b)
	}
	_, params, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if err != nil {
		return 0, err
	}
	mr := multipart.NewReader(bufio.NewReader(res.Body), params["boundary"])
	n := 0
	for start := time.Now(); time.Since(start) < d; {
		p, err := mr.NextPart()
		if err != nil {
			return n, err
		}
		b, _ := io.ReadAll(p)
		if p.Header.Get("Content-Type") != "image/jpeg" || !bytes.HasPrefix(b, []byte{0xff, 0xd8}) {
			return n, fmt.Errorf("part is not a JPEG")
		}
		n++
	}
	return n, nil
}

// Three browsers watch one camera at once, each at ≥ 10 frames/s.
func TestPreviewThreeClients(t *testing.T) {
	e := newCaptureEnv(t, []capture.Source{{Name: "doc", Spec: capturetest.CardVideo(t, 25, 25)}})
	const d = 3 * time.Second
	var wg sync.WaitGroup
	counts, errs := make([]int, 3), make([]error, 3)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i], errs[i] = countParts(t, e, "/v1/cameras/doc/preview.mjpeg", e.keys[ScopeRead], d)
		}()
	}
	wg.Wait()
	for i := range counts {
		fps := float64(counts[i]) / d.Seconds()
		t.Logf("client %d: %d frames in %s = %.1f fps", i, counts[i], d, fps)
		if errs[i] != nil || fps < 10 {
			t.Errorf("client %d: %.1f fps, err %v", i, fps, errs[i])
		}
	}
	// The viewers that left are released.
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := e.do("GET", "/v1/cameras", e.keys[ScopeRead], nil)
		cam := r.json["data"].([]any)[0].(map[string]any)
		if cam["viewers"] == float64(0) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("viewers still registered: %v", cam)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestPreviewAuth(t *testing.T) {
	e := newCaptureEnv(t, []capture.Source{{Name: "doc", Spec: capturetest.CardVideo(t, 5, 5)}})
	tests := []struct {
		name, path, key string
		status          int
		code            string
	}{
		{"no credential", "/v1/cameras/doc/preview.mjpeg", "", 401, "missing_api_key"},
		{"verify key lacks read", "/v1/cameras/doc/preview.mjpeg", e.keys[ScopeVerify], 403, "missing_scope"},
		{"forged token", "/v1/cameras/doc/preview.mjpeg?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", 401, "invalid_preview_token"},
		{"unknown camera", "/v1/cameras/nope/preview.mjpeg", e.keys[ScopeRead], 404, "not_found"},
		{"token for unknown camera", "/v1/cameras/nope/preview-token", e.keys[ScopeRead], 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := "GET"
			if strings.HasSuffix(tt.path, "preview-token") {
				method = "POST"
			}
			r := e.do(method, tt.path, tt.key, nil)
			if r.status != tt.status || r.errCode() != tt.code {
				t.Errorf("%d %s, want %d %s", r.status, r.errCode(), tt.status, tt.code)
			}
		})
	}
	tok := e.do("POST", "/v1/cameras/doc/preview-token", e.keys[ScopeRead], nil)
	url, _ := tok.json["url"].(string)
	if tok.status != 200 || !strings.Contains(url, "?token=") {
		t.Fatalf("preview-token: %d %s", tok.status, tok.body)
	}
	if n, err := countParts(t, e, url, "", 500*time.Millisecond); n == 0 {
		t.Errorf("token URL: %d frames, %v", n, err)
	}
	// A token is bound to its camera.
	other := strings.Replace(url, "/doc/", "/other/", 1)
	if r := e.do("GET", other, "", nil); r.status != 401 {
		t.Errorf("token reused for another camera: %d", r.status)
	}
}

// A network camera that goes down shows in GET /v1/cameras, comes back by itself, and the
// API keeps answering meanwhile.
func TestCameraDownAndBackInStatus(t *testing.T) {
	src := capturetest.StartMJPEG(t, "")
	e := newCaptureEnv(t, []capture.Source{{Name: "net", Spec: src.URL()}})
	state := func() map[string]any {
		r := e.do("GET", "/v1/cameras", e.keys[ScopeRead], nil)
		if r.status != 200 {
			t.Fatalf("GET /v1/cameras: %d", r.status)
		}
		return r.json["data"].([]any)[0].(map[string]any)
	}
	waitState := func(want string) map[string]any {
		for start := time.Now(); time.Since(start) < 15*time.Second; time.Sleep(100 * time.Millisecond) {
			if c := state(); c["state"] == want {
				return c
			}
		}
		t.Fatalf("camera never %s: %v", want, state())
		return nil
	}
	waitState("streaming")
	src.Stop()
	down := waitState("reconnecting")
	t.Logf("down: %v", down)
	if down["last_error"] == "" || down["errors"].(float64) < 1 {
		t.Errorf("outage not reported: %v", down)
	}
	if r := e.do("GET", "/healthz", "", nil); r.status != 200 {
		t.Errorf("healthz during outage: %d", r.status)
	}
	capturetest.StartMJPEG(t, src.Addr)
	up := waitState("streaming")
	t.Logf("back: %v", up)
}
