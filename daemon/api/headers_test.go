package api

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/risk"
	"github.com/kycd/kycd/storage/storagetest"
)

// TestSecurityHeaders: every answer — success, error, unknown route, page — carries the
// hardening headers; pages get the page CSP, everything else the deny-all one.
func TestSecurityHeaders(t *testing.T) {
	db := storagetest.MustOpen(t)
	eng, err := engine.New(risk.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tls := range []bool{false, true} {
		srv := New(Deps{DB: db, Engine: eng, Limits: testLimits(), Log: log, Version: "test", Workers: 1, TLS: tls})
		tests := []struct {
			method, path string
			csp          string
		}{
			{"GET", "/healthz", cspAPI},
			{"GET", "/v1/identity/verifications", cspAPI}, // 401
			{"GET", "/nope", cspAPI},                      // 404
			{"PUT", "/healthz", cspAPI},                   // 405
			{"GET", "/kiosk", cspPages},
			{"GET", "/console?lang=ar", cspPages},
			{"GET", "/ui/app.js", cspPages},
		}
		for _, tt := range tests {
			res, err := srv.App().Test(httptest.NewRequest(tt.method, tt.path, nil), -1)
			if err != nil {
				t.Fatal(err)
			}
			h := res.Header
			for name, want := range map[string]string{
				"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
				"Referrer-Policy": "no-referrer", "Content-Security-Policy": tt.csp,
			} {
				if got := h.Get(name); got != want {
					t.Errorf("tls=%v %s %s: %s = %q, want %q", tls, tt.method, tt.path, name, got, want)
				}
			}
			if hsts := h.Get("Strict-Transport-Security"); (hsts != "") != tls {
				t.Errorf("tls=%v %s: HSTS %q", tls, tt.path, hsts)
			}
		}
	}
	if !strings.Contains(cspPages, "frame-ancestors 'none'") || strings.Contains(cspPages, "unsafe") {
		t.Errorf("page CSP not strict: %s", cspPages)
	}
}
