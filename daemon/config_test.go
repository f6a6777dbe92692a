package daemon

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigLayers checks the order defaults → file → env → flags.
func TestConfigLayers(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "kycd.yaml")
	os.WriteFile(file, []byte("listen: 127.0.0.1:9000\ndata_dir: /from/file\nlog_level: debug\nasync_workers: 3\nimages:\n  max_bytes: 2097152\n  max_side: 4000\n  max_pixels: 8000000\n"), 0o600)
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		listen string
		data   string
		level  string
	}{
		{"defaults", nil, nil, "127.0.0.1:8080", "data", "info"},
		{"file", map[string]string{"KYCD_CONFIG": file}, nil, "127.0.0.1:9000", "/from/file", "debug"},
		{"env over file", map[string]string{"KYCD_CONFIG": file, "KYCD_LISTEN": "127.0.0.1:9100"}, nil, "127.0.0.1:9100", "/from/file", "debug"},
		{"flag over env", map[string]string{"KYCD_LISTEN": "127.0.0.1:9100"}, []string{"--config", file, "--listen", "127.0.0.1:9200", "--data", "/from/flag"}, "127.0.0.1:9200", "/from/flag", "debug"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			build := configFlags(fs, func(k string) string { return tt.env[k] })
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			c, err := build()
			if err != nil {
				t.Fatal(err)
			}
			if c.Listen != tt.listen || c.DataDir != tt.data || c.LogLevel != tt.level {
				t.Fatalf("got listen=%s data=%s level=%s", c.Listen, c.DataDir, c.LogLevel)
			}
		})
	}
}

func TestConfigRefusesBadValues(t *testing.T) {
	dir := t.TempDir()
	n := 0
	write := func(body string) string {
		n++
		p := filepath.Join(dir, fmt.Sprintf("c%d.yaml", n))
		os.WriteFile(p, []byte(body), 0o600)
		return p
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad listen", []string{"--listen", "nowhere"}, "listen"},
		{"bad level", []string{"--log-level", "loud"}, "log_level"},
		{"bad workers", []string{"--async-workers", "x"}, "async-workers"},
		{"negative verify concurrency", []string{"--verify-concurrency", "-1"}, "verify_concurrency"},
		{"unknown key in file", []string{"--config", write("lisen: 1\n")}, "lisen"},
		{"missing file", []string{"--config", filepath.Join(dir, "absent.yaml")}, "reading config"},
		{"tiny image limit", []string{"--config", write("images:\n  max_bytes: 10\n  max_side: 100\n  max_pixels: 10000\n")}, "max_bytes"},
		{"bad risk policy", []string{"--config", write("risk:\n  review_at: 900\n  reject_at: 800\n")}, "review_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			build := configFlags(fs, func(string) string { return "" })
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			_, err := build()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}
