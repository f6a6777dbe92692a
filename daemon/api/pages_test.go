package api

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kycd/kycd/ui"
)

const testKioskKey = "ABCD-EFGH-JKMN-PQRS-TUVW"

func newPagesEnv(t *testing.T, cfg UIConfig) *testEnv {
	t.Helper()
	return newEnvWith(t, func(d *Deps) { d.UI = cfg }, reviewCheck{})
}

// cookie returns the value of the cookie name set by r, and its Set-Cookie line.
func cookie(r response, name string) (string, string) {
	for _, line := range r.header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(line, name+"="); ok {
			val, _, _ := strings.Cut(v, ";")
			return val, line
		}
	}
	return "", ""
}

func TestPagesServeHTMLWithLanguageAndHeaders(t *testing.T) {
	e := newPagesEnv(t, UIConfig{})
	for _, tt := range []struct{ path, lang, dir string }{
		{"/kiosk", "fr", "ltr"},
		{"/kiosk?lang=ar", "ar", "rtl"},
		{"/kiosk?lang=en", "en", "ltr"},
		{"/kiosk?lang=xx", "fr", "ltr"},
		{"/console?lang=ar", "ar", "rtl"},
		{"/console?lang=en-GB", "en", "ltr"},
	} {
		r := e.do("GET", tt.path, "", nil)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %s", tt.path, r.status, r.header.Get("Content-Type"))
		}
		if want := `<html lang="` + tt.lang + `" dir="` + tt.dir + `">`; !strings.Contains(string(r.body), want) {
			t.Errorf("%s: no %s", tt.path, want)
		}
		csp := r.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", tt.path, csp)
		}
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
			"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
			if got := r.header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", tt.path, h, got, want)
			}
		}
	}
	r := e.do("GET", "/ui/kiosk.js", "", nil)
	if r.status != 200 || r.header.Get("Content-Type") != "text/javascript; charset=utf-8" || r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("kiosk.js: %d %q", r.status, r.header.Get("Content-Type"))
	}
	for _, p := range []string{"/ui/nope.js", "/ui/kiosk.html", "/ui/..%2Fui.go", "/ui/.hidden.css"} {
		if r := e.do("GET", p, "", nil); r.status != 404 || r.errParam() != "file" {
			t.Errorf("%s: %d %s", p, r.status, r.body)
		}
	}
}

// The pages load only their own files: no inline script or style, no event attribute, no
// absolute URL (no CDN).
func TestPagesHaveNoInlineCodeNorExternalURL(t *testing.T) {
	files := ui.Files("")
	inline := regexp.MustCompile(`(?i)<script(?:\s+type="module")?\s*>|<style|\sstyle=|\son[a-z]+=|javascript:`)
	external := regexp.MustCompile(`(?i)(?:src|href)="(?:https?:)?//`)
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".html") && inline.Match(b) {
			t.Errorf("%s has inline code: %s", p, inline.Find(b))
		}
		if external.Match(b) || strings.Contains(string(b), "import(\"http") {
			t.Errorf("%s loads from another origin: %s", p, external.Find(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Every feedback code and liveness challenge the session manager can send has a text in every
// language.
func TestKioskTranslatesEveryFeedbackCode(t *testing.T) {
	src, err := os.ReadFile("../session/feedback.go")
	if err != nil {
		t.Fatal(err)
	}
	codes := regexp.MustCompile(`(?m)^\s*Fb\w+\s*=\s*"(\w+)"`).FindAllStringSubmatch(string(src), -1)
	if len(codes) < 10 {
		t.Fatalf("found %d feedback codes", len(codes))
	}
	i18n, err := fs.ReadFile(ui.Files(""), "i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		if n := strings.Count(string(i18n), `"feedback.`+c[1]+`":`); n != len(ui.Languages) {
			t.Errorf("feedback code %s: %d translations, want %d", c[1], n, len(ui.Languages))
		}
	}
	// The liveness challenges the session shows while recording, and its lead-in.
	src, err = os.ReadFile("../../engine/liveness/challenge.go")
	if err != nil {
		t.Fatal(err)
	}
	challenges := regexp.MustCompile(`(?m)^\s*\w+\s+Challenge\s*=\s*"(\w+)"`).FindAllStringSubmatch(string(src), -1)
	if len(challenges) < 4 {
		t.Fatalf("found %d liveness challenges", len(challenges))
	}
	for _, c := range append(challenges, []string{"", "look_at_camera"}) {
		if n := strings.Count(string(i18n), `"challenge.`+c[1]+`":`); n != len(ui.Languages) {
			t.Errorf("liveness challenge %s: %d translations, want %d", c[1], n, len(ui.Languages))
		}
	}
}

func TestKioskPairingAndFlow(t *testing.T) {
	e := newPagesEnv(t, UIConfig{KioskKey: testKioskKey, DocumentTypes: []string{"cin", "passport"}})
	if r := e.do("GET", "/ui/kiosk/config", "", nil); r.status != 200 || r.json["paired"] != false || r.json["enabled"] != true {
		t.Fatalf("unpaired config: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/ui/kiosk/sessions", "", map[string]any{"document_type": "cin", "consent": true}); r.status != 401 || r.errCode() != "kiosk_not_paired" {
		t.Errorf("session without pairing: %d %s", r.status, r.body)
	}
	// An API key is not a kiosk pairing.
	if r := e.do("POST", "/ui/kiosk/sessions", e.keys[ScopeAdmin], map[string]any{"document_type": "cin", "consent": true}); r.status != 401 {
		t.Errorf("session with a bearer key: %d", r.status)
	}
	if r := e.do("POST", "/ui/kiosk/pair", "", map[string]any{"key": "ABCD-EFGH-JKMN-PQRS-TUVX"}); r.status != 401 || r.errCode() != "invalid_kiosk_key" {
		t.Errorf("wrong key: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/ui/kiosk/pair", "", map[string]any{"key": "abcdefghjkmnpqrstuvw"}, "Origin", "http://evil.example"); r.status != 403 || r.errCode() != "cross_site_request" {
		t.Errorf("cross-site pairing: %d %s", r.status, r.body)
	}
	r := e.do("POST", "/ui/kiosk/pair", "", map[string]any{"key": " abcd efgh-jkmn-pqrs-tuvw "})
	tok, line := cookie(r, kioskCookie)
	if r.status != 204 || tok == "" {
		t.Fatalf("pairing: %d %s", r.status, r.body)
	}
	for _, attr := range []string{"HttpOnly", "SameSite=Strict", "Path=/ui/kiosk", "expires="} {
		if !strings.Contains(strings.ToLower(line), strings.ToLower(attr)) {
			t.Errorf("kiosk cookie %q lacks %s", line, attr)
		}
	}
	ck := kioskCookie + "=" + tok
	c := e.do("GET", "/ui/kiosk/config", "", nil, "Cookie", ck)
	if c.json["paired"] != true || c.json["liveness"] != false || c.json["ready"] != false {
		// ready is false: this server has no document camera.
		t.Errorf("paired config: %s", c.body)
	}
	if r := e.do("GET", "/ui/kiosk/config", "", nil, "Cookie", kioskCookie+"=x"+tok[1:]); r.json["paired"] != false {
		t.Errorf("forged cookie accepted: %s", r.body)
	}

	if r := e.do("POST", "/ui/kiosk/sessions", "", map[string]any{"document_type": "cin", "consent": false}, "Cookie", ck); r.status != 400 || r.errCode() != "consent_required" {
		t.Errorf("no consent: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/ui/kiosk/sessions", "", map[string]any{"document_type": "permit", "consent": true}, "Cookie", ck); r.status != 400 || r.errParam() != "document_type" {
		t.Errorf("document type not offered: %d %s", r.status, r.body)
	}
	s := e.do("POST", "/ui/kiosk/sessions", "", map[string]any{"document_type": "cin", "consent": true, "lang": "ar"}, "Cookie", ck)
	if s.status != 201 || s.json["country"] != "MA" {
		t.Fatalf("create: %d %s", s.status, s.body)
	}
	id := s.json["id"].(string)
	if r := e.do("POST", "/ui/kiosk/sessions/"+id+"/steps/document_front", "", map[string]any{"image": b64(pngBytes(t, 320, 200))}, "Cookie", ck); r.status != 400 || r.errCode() != "upload_not_allowed" {
		t.Errorf("kiosk upload: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/ui/kiosk/sessions/"+id+"/submit", "", nil, "Cookie", ck); r.status != 409 {
		t.Errorf("submit before capture: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/ui/kiosk/cameras/doc/preview-token", "", nil, "Cookie", ck); r.status != 404 {
		t.Errorf("preview of a camera the kiosk does not use: %d", r.status)
	}
	// A session the front desk opened is not the kiosk's.
	other := e.do("POST", "/v1/capture/sessions", e.keys[ScopeVerify], map[string]any{"document_type": "cin", "country": "MA"})
	if r := e.do("GET", "/ui/kiosk/sessions/"+other.json["id"].(string), "", nil, "Cookie", ck); r.status != 404 {
		t.Errorf("front-desk session through the kiosk: %d", r.status)
	}
	// The picture arrives (here uploaded through the API, as there is no camera); the kiosk
	// submits and learns only the outcome.
	if r := e.do("POST", "/v1/capture/sessions/"+id+"/steps/document_front", e.keys[ScopeVerify], map[string]any{"image": b64(pngBytes(t, 320, 200))}); r.status != 200 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	res := e.do("POST", "/ui/kiosk/sessions/"+id+"/submit", "", nil, "Cookie", ck)
	if res.status != 200 || res.json["outcome"] != "done" || len(res.json) != 2 || strings.Contains(string(res.body), "ver_") {
		t.Fatalf("kiosk submit: %d %s", res.status, res.body)
	}
	list := e.do("GET", "/v1/identity/verifications", e.keys[ScopeRead], nil)
	v := list.json["data"].([]any)[0].(map[string]any)
	consent, _ := v["metadata"].(map[string]any)["consent"].(map[string]any)
	if v["status"] != "review" || consent["given"] != true || consent["lang"] != "ar" {
		t.Errorf("stored verification: %v", v)
	}
	if r := e.do("GET", "/ui/kiosk/sessions/"+id, "", nil, "Cookie", ck); r.status != 404 {
		t.Errorf("session after submit: %d", r.status)
	}
}

func TestKioskDisabledWithoutKey(t *testing.T) {
	e := newPagesEnv(t, UIConfig{})
	if r := e.do("GET", "/ui/kiosk/config", "", nil); r.json["enabled"] != false || r.json["paired"] != false {
		t.Errorf("config: %s", r.body)
	}
	if r := e.do("POST", "/ui/kiosk/pair", "", map[string]any{"key": ""}); r.status != 503 || r.errCode() != "kiosk_disabled" {
		t.Errorf("pair: %d %s", r.status, r.body)
	}
	// Even a cookie signed with the empty key is refused.
	tok := (&pages{}).kioskToken(e.srv.now().Add(kioskCookieTTL))
	if r := e.do("POST", "/ui/kiosk/sessions", "", map[string]any{"document_type": "cin", "consent": true}, "Cookie", kioskCookie+"="+tok); r.status != 401 {
		t.Errorf("empty-key cookie: %d", r.status)
	}
}

func TestConsoleSignInReviewAndRevocation(t *testing.T) {
	e := newPagesEnv(t, UIConfig{})
	created := e.do("POST", "/v1/identity/verify", e.keys[ScopeVerify], map[string]any{
		"document_front": b64(pngBytes(t, 320, 200)), "document_type": "cin", "country": "MA"})
	if created.status != 200 || created.json["status"] != "review" {
		t.Fatalf("verify: %d %s", created.status, created.body)
	}
	id := created.json["id"].(string)

	if r := e.do("GET", "/ui/console/session", "", nil); r.status != 200 || r.json["signed_in"] != false {
		t.Errorf("session before sign-in: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/ui/console/verifications", e.keys[ScopeAdmin], nil); r.status != 401 || r.errCode() != "not_signed_in" {
		t.Errorf("console route with a bearer key: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/ui/console/login", "", map[string]any{"key": e.keys[ScopeRead]}); r.status != 403 {
		t.Errorf("read-only key: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/ui/console/login", "", map[string]any{"key": "kycd_nope"}); r.status != 401 {
		t.Errorf("unknown key: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/ui/console/login", "", "key="+e.keys[ScopeReview], "Content-Type", "application/x-www-form-urlencoded"); r.status != 415 {
		t.Errorf("form post: %d %s", r.status, r.body)
	}
	login := e.do("POST", "/ui/console/login", "", map[string]any{"key": e.keys[ScopeReview]})
	tok, line := cookie(login, consoleCookie)
	if login.status != 200 || tok == "" || strings.Contains(string(login.body), e.keys[ScopeReview]) {
		t.Fatalf("login: %d %s", login.status, login.body)
	}
	for _, attr := range []string{"HttpOnly", "SameSite=Strict", "Path=/ui/console"} {
		if !strings.Contains(strings.ToLower(line), strings.ToLower(attr)) {
			t.Errorf("console cookie %q lacks %s", line, attr)
		}
	}
	ck := consoleCookie + "=" + tok
	if r := e.do("GET", "/ui/console/session", "", nil, "Cookie", ck); r.json["signed_in"] != true || r.json["name"] != "test-review" {
		t.Errorf("session: %s", r.body)
	}
	if r := e.do("GET", "/ui/console/verifications?status=review", "", nil, "Cookie", ck); r.status != 200 || len(r.json["data"].([]any)) != 1 {
		t.Errorf("list: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/ui/console/verifications/"+id, "", nil, "Cookie", ck); r.status != 200 || r.json["id"] != id {
		t.Errorf("get: %d", r.status)
	}
	if r := e.do("GET", "/ui/console/verifications/"+id+"/images", "", nil, "Cookie", ck); r.status != 200 || !strings.Contains(string(r.body), "document_front") {
		t.Errorf("image kinds: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/ui/console/verifications/"+id+"/images/document_front", "", nil, "Cookie", ck); r.status != 200 || r.header.Get("Content-Type") != "image/png" {
		t.Errorf("image: %d %s", r.status, r.header.Get("Content-Type"))
	}
	for _, p := range []string{"/ui/console/cameras", "/ui/console/sync", "/ui/console/health"} {
		if r := e.do("GET", p, "", nil, "Cookie", ck); r.status != 200 {
			t.Errorf("%s: %d %s", p, r.status, r.body)
		}
	}
	decision := map[string]any{"decision": "verified", "reason": "seen at the counter"}
	if r := e.do("POST", "/ui/console/verifications/"+id+"/review", "", decision, "Cookie", ck, "Sec-Fetch-Site", "cross-site"); r.status != 403 {
		t.Errorf("cross-site review: %d %s", r.status, r.body)
	}
	rv := e.do("POST", "/ui/console/verifications/"+id+"/review", "", decision, "Cookie", ck, "Sec-Fetch-Site", "same-origin")
	if rv.status != 200 || rv.json["status"] != "verified" {
		t.Fatalf("review: %d %s", rv.status, rv.body)
	}
	if by := rv.json["review"].(map[string]any)["reviewed_by"]; by == "" || by == nil {
		t.Errorf("review without its actor: %s", rv.body)
	}

	// Revoking the key ends its console sessions at once.
	keys, _ := e.db.ListKeys()
	for _, k := range keys {
		if k.Name == "test-review" {
			if err := e.db.RevokeKey(k.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if r := e.do("GET", "/ui/console/verifications", "", nil, "Cookie", ck); r.status != 401 {
		t.Errorf("after revocation: %d", r.status)
	}

	admin := e.do("POST", "/ui/console/login", "", map[string]any{"key": e.keys[ScopeAdmin]})
	tok, _ = cookie(admin, consoleCookie)
	ck = consoleCookie + "=" + tok
	if r := e.do("POST", "/ui/console/logout", "", nil, "Cookie", ck); r.status != 204 {
		t.Errorf("logout: %d", r.status)
	}
	if r := e.do("GET", "/ui/console/session", "", nil, "Cookie", ck); r.json["signed_in"] != false {
		t.Errorf("session after logout: %s", r.body)
	}
}
