package daemon

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kycd/kycd/storage"
)

// buildBinary builds kycd once per test run into a temp dir.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "kycd-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "kycd")
	out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// daemonProc is a kycd run child process.
type daemonProc struct {
	cmd    *exec.Cmd
	addr   string
	key    string // bootstrap key, on the first start only
	stderr *bytes.Buffer
}

var (
	listenRe = regexp.MustCompile(`msg=listening addr=(\S+)`)
	keyRe    = regexp.MustCompile(`kycd_[a-z0-9]+`)
)

func startDaemon(t *testing.T, dataDir string) *daemonProc {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	modelsDir, _ := filepath.Abs("../models")
	// These tests hammer one key on purpose: the per-key rate limit is off here.
	cfgFile := filepath.Join(t.TempDir(), "kycd.yaml")
	if err := os.WriteFile(cfgFile, []byte("rate_limit: {rate: 0, burst: 1}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--config", cfgFile, "--listen", "127.0.0.1:0", "--data", dataDir, "--models", modelsDir, "--async-workers", "2")
	stdout, _ := cmd.StdoutPipe()
	stderrPipe, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &daemonProc{cmd: cmd, stderr: &bytes.Buffer{}}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	keyCh := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if k := keyRe.FindString(sc.Text()); k != "" {
				keyCh <- k
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	addrCh := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderrPipe)
		sent := false
		for sc.Scan() {
			p.stderr.WriteString(sc.Text() + "\n")
			if m := listenRe.FindStringSubmatch(sc.Text()); m != nil && !sent {
				addrCh <- m[1]
				sent = true
			}
		}
		if !sent {
			close(addrCh)
		}
	}()
	select {
	case addr, ok := <-addrCh:
		if !ok {
			t.Fatalf("daemon exited before listening")
		}
		p.addr = addr
	case <-time.After(30 * time.Second):
		t.Fatal("daemon did not listen within 30s")
	}
	select {
	case p.key = <-keyCh:
	case <-time.After(500 * time.Millisecond): // not a first start: no key is printed
	}
	return p
}

// TestKillDuringConcurrentWritesLosesNothing sends 200 concurrent verifications, kills the
// daemon with SIGKILL while they are in flight, restarts it on the same data, and checks
// that every verification that was acknowledged (200) is there, intact.
func TestKillDuringConcurrentWritesLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dataDir := t.TempDir()
	d := startDaemon(t, dataDir)
	if d.key == "" {
		t.Fatalf("no bootstrap key printed; stderr:\n%s", d.stderr)
	}
	key := d.key

	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 96, 64)))
	body, _ := json.Marshal(map[string]any{"document_front": base64.StdEncoding.EncodeToString(buf.Bytes()),
		"document_type": "passport", "country": "MA", "checks": []string{"ocr"}})

	client := &http.Client{Timeout: 60 * time.Second}
	var (
		mu    sync.Mutex
		acked = map[string]string{} // id → body as acknowledged
		wg    sync.WaitGroup
	)
	killAfter := 40
	killed := make(chan struct{})
	var once sync.Once
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", "http://"+d.addr+"/v1/identity/verify", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", fmt.Sprintf("k-%d", i))
			res, err := client.Do(req)
			if err != nil {
				return // the daemon died under it: not acknowledged
			}
			defer res.Body.Close()
			data, err := io.ReadAll(res.Body)
			if err != nil || res.StatusCode != 200 {
				return
			}
			var v struct{ ID string }
			json.Unmarshal(data, &v)
			mu.Lock()
			acked[v.ID] = string(data)
			n := len(acked)
			mu.Unlock()
			if n >= killAfter {
				once.Do(func() {
					d.cmd.Process.Signal(syscall.SIGKILL)
					close(killed)
				})
			}
		}()
	}
	wg.Wait()
	select {
	case <-killed:
	default:
		t.Fatalf("only %d of 200 acknowledged before the requests ended; stderr:\n%s", len(acked), d.stderr)
	}
	d.cmd.Wait()
	mu.Lock()
	defer mu.Unlock()
	t.Logf("%d verifications acknowledged before SIGKILL", len(acked))

	d2 := startDaemon(t, dataDir)
	for id, want := range acked {
		req, _ := http.NewRequest("GET", "http://"+d2.addr+"/v1/identity/verifications/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || string(got) != want {
			t.Fatalf("acknowledged %s lost or changed after SIGKILL: %d %s", id, res.StatusCode, got)
		}
	}
	// The file is consistent after the crash.
	d2.cmd.Process.Signal(syscall.SIGTERM)
	d2.cmd.Wait()
	if !strings.Contains(d2.stderr.String(), "msg=stopped") {
		t.Errorf("no clean stop after SIGTERM:\n%s", d2.stderr)
	}
	sealer, err := storage.NewAESGCMSealer(filepath.Join(dataDir, "kycd.key"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(filepath.Join(dataDir, "kycd.db"), storage.Options{Sealer: sealer})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatalf("database inconsistent after SIGKILL: %v", err)
	}
	if _, err := db.VerifyAudit(); err != nil {
		t.Fatalf("audit chain after SIGKILL: %v", err)
	}
}

// TestRestartKeepsEverything: keys, verifications and images survive a clean restart, and the
// bootstrap key is printed only on the first start.
func TestRestartKeepsEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dataDir := t.TempDir()
	d := startDaemon(t, dataDir)
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 64, 48)))
	body, _ := json.Marshal(map[string]any{"document_front": base64.StdEncoding.EncodeToString(buf.Bytes()), "document_type": "cni", "country": "FR"})
	req, _ := http.NewRequestWithContext(context.Background(), "POST", "http://"+d.addr+"/v1/identity/verify", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+d.key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("verify: %v %v", err, res)
	}
	created, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var v struct{ ID string }
	json.Unmarshal(created, &v)
	d.cmd.Process.Signal(syscall.SIGTERM)
	d.cmd.Wait()

	d2 := startDaemon(t, dataDir)
	if d2.key != "" {
		t.Fatal("a second bootstrap key was printed on restart")
	}
	for _, path := range []string{"/v1/identity/verifications/" + v.ID, "/v1/identity/verifications/" + v.ID + "/images/document_front"} {
		req, _ := http.NewRequest("GET", "http://"+d2.addr+path, nil)
		req.Header.Set("Authorization", "Bearer "+d.key)
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("%s after restart: %v %v", path, err, res.StatusCode)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.HasSuffix(path, v.ID) && string(got) != string(created) {
			t.Fatalf("record changed across restart")
		}
		if strings.HasSuffix(path, "document_front") && !bytes.Equal(got, buf.Bytes()) {
			t.Fatalf("image changed across restart")
		}
	}
}
