package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"
	"time"
)

// The debug listener serves Go's runtime profiles (/debug/pprof/) for diagnosing memory and
// CPU on a running kiosk. It is off unless debug_listen is set, binds only a loopback
// address (Validate refuses others), and is a separate listener so the API's keys, limits
// and TLS never have to know about it.

// validateDebugListen accepts "" (off) or a loopback host:port.
func validateDebugListen(addr string) error {
	if addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("debug_listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("debug_listen %q: the profiles show memory contents' shapes and must stay on this machine; want a loopback address such as 127.0.0.1:6060", addr)
	}
	return nil
}

// debugMux routes the profile handlers on a mux of its own (not http.DefaultServeMux).
func debugMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// serveDebug starts the debug listener on addr and returns its bound address and a function
// that stops it.
func serveDebug(addr string, log *slog.Logger) (string, func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("debug listener on %s: %w", addr, err)
	}
	// One heap sample per 64 KiB allocated instead of 512: the daemon's Go heap is ~10 MB, so
	// the default rate sees too few samples to tell a few MB of growth from noise.
	runtime.MemProfileRate = 64 << 10
	srv := &http.Server{Handler: debugMux(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("debug listener", "err", err)
		}
	}()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}
	return ln.Addr().String(), stop, nil
}
