package daemon

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"
)

// defaultBenchPortrait is one person's face photo for the bench's document portrait and
// selfie (the face-api demo photos are group pictures).
var defaultBenchPortrait = filepath.Join("..", "shared", "testdata", "faces", "obama", "obama-2.jpg")

// benchInputFlags registers --docs and --portrait and returns the function that generates
// the documents and the selfie, with a progress line.
func benchInputFlags(fs *flag.FlagSet, progress io.Writer) func() ([]benchInput, error) {
	docs := fs.Int("docs", 4, "distinct generated documents (CIN front + back) to cycle through")
	portrait := fs.String("portrait", defaultBenchPortrait, "one person's face photo, for the document portrait and the selfie")
	return func() ([]benchInput, error) {
		fmt.Fprintf(progress, "generating %d CIN documents (front + back, 1600 px) and a 1280×720 selfie…\n", *docs)
		return benchInputs(*docs, *portrait)
	}
}

// childDaemon is `kycd run` started by the bench as a separate process, as in production.
type childDaemon struct {
	cmd    *exec.Cmd
	url    string     // http://127.0.0.1:PORT
	debug  string     // http://127.0.0.1:PORT of the profiles, when started with --debug-listen
	exited chan error // receives the exit once; stop puts it back
	start  time.Time  // when the process was started
}

// startChildDaemon starts this binary with `run --listen 127.0.0.1:0` and args, and waits
// until it logs its address. env nil keeps the environment.
func startChildDaemon(ctx context.Context, env []string, args ...string) (*childDaemon, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	c := &childDaemon{exited: make(chan error, 1), start: time.Now()}
	c.cmd = exec.CommandContext(ctx, exe, append([]string{"run", "--listen", "127.0.0.1:0"}, args...)...)
	c.cmd.Env = env
	stderr, err := c.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`msg=listening addr=(\S+)`)
		debugRe := regexp.MustCompile(`msg="debug listening" addr=(\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			// The debug listener is logged before the API's address, whose send publishes it.
			if m := debugRe.FindStringSubmatch(sc.Text()); m != nil {
				c.debug = "http://" + m[1]
			}
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		c.exited <- c.cmd.Wait()
	}()
	select {
	case a := <-addr:
		c.url = "http://" + a
		return c, nil
	case err := <-c.exited:
		c.exited <- err
		return nil, fmt.Errorf("the daemon exited before listening: %v", err)
	case <-time.After(2 * time.Minute):
		c.stop()
		return nil, fmt.Errorf("the daemon did not listen within 2 minutes")
	}
}

// waitReady polls /readyz until it answers 200.
func (c *childDaemon) waitReady(ctx context.Context) error {
	for start := time.Now(); time.Since(start) < 2*time.Minute; time.Sleep(5 * time.Millisecond) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res, err := http.Get(c.url + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
	}
	return fmt.Errorf("/readyz not 200 within 2 minutes")
}

// exitErr reports an exit that happened already, or nil while the daemon runs.
func (c *childDaemon) exitErr() error {
	select {
	case err := <-c.exited:
		c.exited <- err
		return fmt.Errorf("the daemon exited: %v", err)
	default:
		return nil
	}
}

// stop asks the daemon to shut down and kills it after 30 s.
func (c *childDaemon) stop() {
	c.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-c.exited:
		c.exited <- err
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
	}
}

// verifyBodies encodes the inputs as POST /v1/identity/verify bodies (checks nil: all).
func verifyBodies(inputs []benchInput, checks []string) [][]byte {
	bodies := make([][]byte, len(inputs))
	for i, in := range inputs {
		req := map[string]any{
			"document_type": "cin", "country": "MA",
			"document_front": base64.StdEncoding.EncodeToString(in.front),
			"document_back":  base64.StdEncoding.EncodeToString(in.back),
			"selfie":         base64.StdEncoding.EncodeToString(in.selfie),
		}
		if checks != nil {
			req["checks"] = checks
		}
		bodies[i], _ = json.Marshal(req)
	}
	return bodies
}

// postVerify sends one synchronous verification and wants a 200.
func postVerify(ctx context.Context, client *http.Client, url, key string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, "POST", url+"/v1/identity/verify", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	if res.StatusCode != 200 {
		return fmt.Errorf("status %d: %s", res.StatusCode, msg)
	}
	io.Copy(io.Discard, res.Body)
	return nil
}
