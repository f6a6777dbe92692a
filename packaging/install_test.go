package packaging

import (
	"bufio"
	"context"
	"io"
	"net"
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
)

// TestExtractedPackageRuns unpacks the .deb into a temporary root (no root rights, no chroot)
// and runs the installed binary the way the unit does: `kycd version`, then `kycd run` with the
// installed config — only data_dir and listen moved into the test — until /readyz answers 200,
// then SIGTERM and a clean exit.
func TestExtractedPackageRuns(t *testing.T) {
	p := deb(t)
	root := t.TempDir()
	if out, err := exec.Command("dpkg-deb", "-x", p, root).CombinedOutput(); err != nil {
		t.Fatalf("dpkg-deb -x: %v\n%s", err, out)
	}
	bin := filepath.Join(root, "usr/bin/kycd")
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "kycd ") {
		t.Fatalf("kycd version: %q %v", out, err)
	}
	installed, err := os.ReadFile(filepath.Join(root, "etc/kycd/config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"data_dir: /var/lib/kycd", "models_dir: /usr/share/kycd/models"} {
		if !strings.Contains(string(installed), want) {
			t.Fatalf("installed config lacks %q", want)
		}
	}
	// The same file with the root prefix in front of the packaged paths.
	data := t.TempDir()
	cfg := strings.NewReplacer(
		"data_dir: /var/lib/kycd", "data_dir: "+data,
		"models_dir: /usr/share/kycd/models", "models_dir: "+filepath.Join(root, "usr/share/kycd/models"),
	).Replace(string(installed))
	cfgPath := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	runUntilReady(t, exec.Command(bin, "run", "--config", cfgPath, "--listen", "127.0.0.1:0"), "")
	if st, err := os.Stat(filepath.Join(data, "kycd.key")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v %v, want mode 0600", st, err)
	}
}

// runUntilReady starts cmd (a `kycd run`), waits for /readyz to answer 200 on the address it
// logs, optionally checks the admin key against a /v1 route, sends SIGTERM and wants exit 0.
func runUntilReady(t *testing.T, cmd *exec.Cmd, adminKey string) {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %v: %v", cmd.Args, err)
	}
	defer cmd.Process.Kill()
	addrc := make(chan string, 1)
	logs := &lockedLog{}
	exited := make(chan struct{})
	go func() { scanAddr(stderr, addrc, logs); close(exited) }()
	var addr string
	select {
	case addr = <-addrc:
	case <-exited:
		t.Fatalf("kycd exited before listening; log:\n%s", logs)
	case <-time.After(90 * time.Second):
		t.Fatalf("kycd did not listen within 90 s; log:\n%s", logs)
	}
	if !waitReady(addr, 60*time.Second) {
		t.Fatalf("/readyz never answered 200 on %s", addr)
	}
	if adminKey != "" {
		req, _ := http.NewRequest("GET", "http://"+addr+"/v1/identity/verifications", nil)
		req.Header.Set("Authorization", "Bearer "+adminKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Errorf("GET /v1/identity/verifications with the installed admin key: %v %v", resp, err)
		}
		if resp != nil {
			resp.Body.Close()
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("kycd exited with %v after SIGTERM", err)
		}
	case <-time.After(45 * time.Second):
		t.Error("kycd did not stop within 45 s of SIGTERM")
	}
}

var listeningRE = regexp.MustCompile(`msg=listening addr=(\S+)`)

// lockedLog collects the daemon's log from the scanning goroutine for the test's messages.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) WriteString(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(s)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// scanAddr copies the daemon's log and reports the address of its "listening" line.
func scanAddr(r io.Reader, addrc chan<- string, logs *lockedLog) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		logs.WriteString(sc.Text() + "\n")
		if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
			select {
			case addrc <- m[1]:
			default:
			}
		}
	}
}

func waitReady(addr string, within time.Duration) bool {
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+addr+"/readyz", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return true
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}

// freePort asks the kernel for a free loopback port (the chroot shares the network namespace).
func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func mustRun(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func chrootRun(t *testing.T, root string, args ...string) string {
	t.Helper()
	return mustRun(t, "chroot", append([]string{root}, args...)...)
}
