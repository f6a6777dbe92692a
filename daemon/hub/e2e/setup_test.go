package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kycd/kycd/daemon/hub"
)

// hubData is a hub's data directory with one registered kiosk and an API key.
type hubData struct {
	dir, deviceID, secret, key string
}

func newHubData(t *testing.T) hubData {
	t.Helper()
	h := hubData{dir: t.TempDir()}
	fields := strings.Fields(strings.SplitN(run(t, "hub", "device", "add", "--data", h.dir, "--name", "kiosk-1"), "\n", 2)[0])
	if len(fields) != 2 || !strings.HasPrefix(fields[0], "dev_") {
		t.Fatalf("hub device add printed %q", fields)
	}
	h.deviceID, h.secret = fields[0], fields[1]
	h.key = strings.TrimSpace(strings.SplitN(run(t, "keys", "create", "--data", h.dir, "--name", "reader", "--scopes", "read,admin"), "\n", 2)[0])
	return h
}

func (h hubData) start(t *testing.T, listen string) *proc {
	return start(t, "hub", "hub", "--listen", listen, "--data", h.dir, "--log-level", "debug")
}

// kiosk is a kiosk daemon's data directory and command line.
type kiosk struct {
	dir, key string
	args     []string
}

// newKiosk prepares a kiosk syncing to upstream, with fast retries so the test is quick.
func newKiosk(t *testing.T, upstream string, h hubData, extraYAML string) kiosk {
	t.Helper()
	k := kiosk{dir: t.TempDir()}
	k.key = strings.TrimSpace(strings.SplitN(run(t, "keys", "create", "--data", k.dir, "--name", "frontdesk", "--scopes", "verify,read,review,admin"), "\n", 2)[0])
	cfg := filepath.Join(k.dir, "kycd.yaml")
	// The tests create hundreds of verifications with one key on purpose: rate limit off.
	yaml := "rate_limit: {rate: 0, burst: 1}\nsync:\n  min_backoff: 100ms\n  max_backoff: 1s\n  timeout: 1s\n  interval: 100ms\n  batch_size: 20\n" + extraYAML
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	k.args = []string{"run", "--listen", "127.0.0.1:0", "--data", k.dir, "--models", filepath.Join(root, "models"),
		"--config", cfg, "--async-workers", "2"}
	if upstream != "" {
		k.args = append(k.args, "--upstream", upstream, "--device-id", h.deviceID, "--device-secret", h.secret)
	}
	return k
}

func (k kiosk) start(t *testing.T) *proc { return start(t, "kiosk", k.args...) }

// document is a small PNG: the ocr check finds no MRZ on it quickly, and the verification is
// finished and stored all the same, which is all sync needs.
func document(t *testing.T, seed int) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 160, 100))
	for i := range img.Pix {
		img.Pix[i] = uint8(i*7 + seed)
	}
	img.Set(0, 0, color.White)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// createN makes n verifications on the kiosk, two at a time, and returns their ids.
func createN(t *testing.T, k *proc, key string, n int) []string {
	t.Helper()
	ids := make([]string, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	errs := make(chan string, n)
	for i := range n {
		if i == 1 {
			// The first verification runs alone, so the OCR clients it creates are loaded
			// before the concurrent ones ask for more.
			wg.Wait()
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			status, v := callNoFatal(k.url()+"/v1/identity/verify", key, map[string]any{
				"document_front": document(t, i), "document_type": "passport", "country": "FR", "checks": []string{"ocr"},
				"metadata": map[string]any{"n": i}})
			if status != 200 {
				errs <- fmt.Sprintf("create %d: %d %v", i, status, v)
				return
			}
			ids[i], _ = v["id"].(string)
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	return ids
}

// callNoFatal is call for goroutines: it reports failures as a status.
func callNoFatal(url, key string, body any) (int, map[string]any) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := (&http.Client{Timeout: 120 * time.Second}).Do(req)
	if err != nil {
		return 0, map[string]any{"err": err.Error()}
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// hubVersions lists the device's verifications at the hub: id → version field of its record
// is not in the JSON, so the status and updated_at stand in for it.
func hubIDs(t *testing.T, hubURL, key, device string) []string {
	t.Helper()
	var ids []string
	after := ""
	for {
		url := hubURL + "/v1/identity/verifications?limit=100&device=" + device
		if after != "" {
			url += "&starting_after=" + after
		}
		status, page := call(t, "GET", url, key, nil)
		if status != 200 {
			t.Fatalf("hub list: %d %v", status, page)
		}
		data, _ := page["data"].([]any)
		for _, d := range data {
			after = d.(map[string]any)["id"].(string)
			ids = append(ids, after)
		}
		if page["has_more"] != true {
			return ids
		}
	}
}

// deviceStats is the hub's view of one device.
func deviceStats(t *testing.T, hubURL, key, device string) map[string]any {
	t.Helper()
	status, page := call(t, "GET", hubURL+"/v1/devices", key, nil)
	if status != 200 {
		t.Fatalf("hub devices: %d %v", status, page)
	}
	for _, d := range page["data"].([]any) {
		if m := d.(map[string]any); m["id"] == device {
			return m
		}
	}
	t.Fatalf("device %s not at the hub: %v", device, page)
	return nil
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// proxy is the network between kiosk and hub. mode decides each sync request's fate, and it
// records the items of every batch the hub acknowledged, in the order the hub stored them.
type proxy struct {
	t      *testing.T
	srv    *http.Server
	addr   string
	mu     sync.Mutex
	target string
	n      int
	mode   func(n int) string
	acked  [][]hub.Item
	held   chan struct{} // closed when a "hold" request has been applied by the hub
}

// Modes.
const (
	pass = "pass" // forward
	fail = "fail" // 503 without forwarding
	hang = "hang" // no answer until the kiosk gives up; not forwarded
	lose = "lose" // forwarded and stored by the hub, but the answer never arrives
	hold = "hold" // like lose, and signals held
)

func newProxy(t *testing.T, target string, mode func(n int) string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{t: t, addr: ln.Addr().String(), target: target, mode: mode, held: make(chan struct{})}
	p.srv = &http.Server{Handler: http.HandlerFunc(p.serve)}
	go p.srv.Serve(ln)
	t.Cleanup(func() { p.srv.Close() })
	return p
}

func (p *proxy) url() string { return "http://" + p.addr }

func (p *proxy) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	p.mu.Lock()
	p.n++
	mode, target := p.mode(p.n), p.target
	p.mu.Unlock()
	switch mode {
	case fail:
		w.Header().Set("Retry-After", "1")
		http.Error(w, "proxy: upstream unavailable", http.StatusServiceUnavailable)
		return
	case hang:
		<-r.Context().Done()
		return
	}
	req, _ := http.NewRequest(r.Method, target+r.URL.Path, bytes.NewReader(body))
	for _, h := range []string{"Content-Type", hub.HeaderDevice, "Kycd-Signature"} {
		req.Header.Set(h, r.Header.Get(h))
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, "proxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	answer, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode == 200 {
		var b hub.Batch
		json.Unmarshal(body, &b)
		p.mu.Lock()
		p.acked = append(p.acked, b.Items)
		p.mu.Unlock()
	}
	switch mode {
	case hold:
		close(p.held)
		fallthrough
	case lose:
		<-r.Context().Done()
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(res.StatusCode)
	w.Write(answer)
}

// checkOrder verifies that the hub stored every id once, in increasing outbox order: an
// item whose seq is not above every seq acknowledged before is a replay and must name a
// verification already stored.
func (p *proxy) checkOrder(t *testing.T, ids []string) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	var maxSeq uint64
	seen := map[string]bool{}     // id → stored
	versions := map[string]bool{} // id@version → stored
	replays := 0
	for _, batch := range p.acked {
		for _, it := range batch {
			key := fmt.Sprintf("%s@%d", it.ID, it.Version)
			if it.Seq <= maxSeq {
				replays++
				if !versions[key] {
					t.Errorf("item seq %d (%s) arrived after seq %d and was never stored before: out of order", it.Seq, key, maxSeq)
				}
				continue
			}
			maxSeq = it.Seq
			if versions[key] {
				t.Errorf("%s stored twice (seq %d)", key, it.Seq)
			}
			versions[key], seen[it.ID] = true, true
		}
	}
	for _, id := range ids {
		if !seen[id] {
			t.Errorf("%s never reached the hub", id)
		}
	}
	if len(seen) != len(ids) {
		t.Errorf("hub stored %d verifications, the kiosk made %d", len(seen), len(ids))
	}
	t.Logf("%d batches acknowledged, %d replayed items", len(p.acked), replays)
}
