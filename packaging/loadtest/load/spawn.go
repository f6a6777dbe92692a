package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Daemon is a kycd started by Spawn in a throw-away data directory.
type Daemon struct {
	Target
	PID  int
	cmd  *exec.Cmd
	done chan error
	Log  *bytes.Buffer
}

// Spawn starts bin (a kycd binary) with a fresh data directory under dir, models from models,
// rate limiting off (the load is one client) and an admin key made beforehand with
// `kycd keys create`; it returns once /readyz answers 200.
func Spawn(ctx context.Context, bin, models, dir string, logTo io.Writer) (*Daemon, error) {
	data := filepath.Join(dir, "data")
	cfg := fmt.Sprintf("data_dir: %s\nmodels_dir: %s\nlog_level: warn\nrate_limit: {rate: 0, burst: 0}\n", data, models)
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	out, err := exec.CommandContext(ctx, bin, "keys", "create", "--config", cfgPath, "--name", "load", "--scopes", "admin").Output()
	if err != nil {
		return nil, fmt.Errorf("creating a key: %w", err)
	}
	key := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	d := &Daemon{Target: Target{BaseURL: "http://" + addr, Key: key, Client: &http.Client{Timeout: 90 * time.Second}},
		done: make(chan error, 1), Log: &bytes.Buffer{}}
	d.cmd = exec.Command(bin, "run", "--config", cfgPath, "--listen", addr)
	var w io.Writer = d.Log
	if logTo != nil {
		w = io.MultiWriter(d.Log, logTo)
	}
	d.cmd.Stdout, d.cmd.Stderr = w, w
	if err := d.cmd.Start(); err != nil {
		return nil, err
	}
	d.PID = d.cmd.Process.Pid
	go func() { d.done <- d.cmd.Wait() }()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-d.done:
			return nil, fmt.Errorf("kycd exited during start-up (%v):\n%s", err, d.Log)
		default:
		}
		if status, _, err := d.do(ctx, "GET", "/readyz", nil, nil); err == nil && status == 200 {
			return d, nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	d.Stop()
	return nil, fmt.Errorf("kycd not ready within 90 s:\n%s", d.Log)
}

// Alive is false once the process has exited.
func (d *Daemon) Alive() bool {
	select {
	case err := <-d.done:
		d.done <- err
		return false
	default:
		return true
	}
}

// Stop sends SIGTERM and waits (45 s, then SIGKILL); it returns the exit error.
func (d *Daemon) Stop() error {
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-d.done:
		return err
	case <-time.After(45 * time.Second):
		d.cmd.Process.Kill()
		return fmt.Errorf("kycd ignored SIGTERM for 45 s: %w", <-d.done)
	}
}
