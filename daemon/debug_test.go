package daemon

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

func TestValidateDebugListen(t *testing.T) {
	tests := []struct {
		addr string
		ok   bool
	}{
		{"", true},
		{"127.0.0.1:6060", true},
		{"[::1]:6060", true},
		{"localhost:0", true},
		{"0.0.0.0:6060", false},
		{"192.168.1.10:6060", false},
		{":6060", false},
		{"127.0.0.1", false},
	}
	for _, tt := range tests {
		if err := validateDebugListen(tt.addr); (err == nil) != tt.ok {
			t.Errorf("validateDebugListen(%q) = %v, want ok %v", tt.addr, err, tt.ok)
		}
	}
}

// TestServeDebugHeapProfile fetches a heap profile from a real listener and checks it stops.
func TestServeDebugHeapProfile(t *testing.T) {
	addr, stop, err := serveDebug("127.0.0.1:0", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + addr + "/debug/pprof/heap?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "heap profile:") {
		t.Fatalf("GET heap: %s, %.80q", resp.Status, body)
	}
	stop()
	if _, err := http.Get("http://" + addr + "/debug/pprof/"); err == nil {
		t.Fatal("the debug listener still answers after stop")
	}
}
