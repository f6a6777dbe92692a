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
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kycd/kycd/capture/capturetest"
)

// The browser tests drive Debian's chromium (headless) through the kiosk and the console of
// a real `kycd run` child process whose cameras are rendered test videos. Every step is
// screenshotted into $KYCD_ARTIFACTS/ui (default artifacts/ui at the repository root), on a
// 1080×1920 portrait kiosk screen and at 1366×768. Any browser console error fails the test.

const chromiumPath = "/usr/bin/chromium"

// uiDaemon is a kycd run child started with cameras.
type uiDaemon struct {
	url    string
	data   string
	stderr *syncBuf
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) WriteString(x string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.WriteString(x)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// createKey runs `kycd keys create` on the (stopped) data directory and returns the key.
func createKey(t *testing.T, bin, dataDir, name, scopes string) string {
	t.Helper()
	out, err := exec.Command(bin, "keys", "create", "--data", dataDir, "--name", name, "--scopes", scopes).Output()
	if err != nil {
		t.Fatalf("kycd keys create: %v", err)
	}
	key := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	if !keyRe.MatchString(key) {
		t.Fatalf("kycd keys create printed %q", out)
	}
	return key
}

func startUIDaemon(t *testing.T, bin, dataDir string, extra ...string) *uiDaemon {
	t.Helper()
	modelsDir, _ := filepath.Abs("../models")
	args := append([]string{"run", "--listen", "127.0.0.1:0", "--data", dataDir, "--models", modelsDir}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Stdout = io.Discard
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &uiDaemon{data: dataDir, stderr: &syncBuf{}}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			d.stderr.WriteString(sc.Text() + "\n")
			if m := listenRe.FindStringSubmatch(sc.Text()); m != nil && !sent {
				addr <- m[1]
				sent = true
			}
		}
		if !sent {
			close(addr)
		}
	}()
	select {
	case a, ok := <-addr:
		if !ok {
			t.Fatalf("daemon exited before listening:\n%s", d.stderr)
		}
		d.url = "http://" + a
	case <-time.After(60 * time.Second):
		t.Fatalf("daemon did not listen within 60s:\n%s", d.stderr)
	}
	return d
}

func artifactsDir(t *testing.T) string {
	dir := filepath.Join("..", "artifacts", "ui")
	if d := os.Getenv("KYCD_ARTIFACTS"); d != "" {
		dir = filepath.Join(d, "ui")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Only this run's screenshots stay.
	old, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	for _, f := range old {
		os.Remove(f)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// tab is one browser tab with its console watched.
type tab struct {
	t         *testing.T
	ctx       context.Context
	artifacts string
	d         *uiDaemon
	width     int64
	height    int64

	mu     sync.Mutex
	errors []string
	shots  []string
}

func newTab(t *testing.T, browser context.Context, d *uiDaemon, artifacts string, width, height int64) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	// The first action opens the tab, bound to ctx (no timeout).
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tb := &tab{t: t, ctx: ctx, artifacts: artifacts, d: d, width: width, height: height}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleException:
				tb.mu.Lock()
				tb.errors = append(tb.errors, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				tb.mu.Unlock()
			case chromedp.ConsoleWarning:
				t.Logf("browser warning: %s", m)
			}
		}
	}()
	t.Cleanup(tb.checkConsole)
	return tb
}

// checkConsole fails the test on any console error or uncaught exception.
func (tb *tab) checkConsole() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.errors {
		tb.t.Errorf("browser console: %s", e)
	}
	tb.errors = nil
}

// fail records what the page showed and stops the test.
func (tb *tab) fail(format string, args ...any) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		name := filepath.Join(tb.artifacts, "FAILED-"+strings.ReplaceAll(tb.t.Name(), "/", "_")+".png")
		os.WriteFile(name, png, 0o644)
		tb.t.Logf("screenshot of the failure: %s", name)
	}
	if text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil {
		tb.t.Logf("page text:\n%s", text)
	}
	tb.t.Logf("daemon log (tail):\n%s", tail(tb.d.stderr.String(), 4000))
	tb.t.Fatalf(format, args...)
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func (tb *tab) do(timeout time.Duration, what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.fail("%s: %v", what, err)
	}
}

// until waits for a JavaScript expression to be true. It evaluates again after an error, as
// a navigation replaces the page's JavaScript context under a running evaluation.
func (tb *tab) until(timeout time.Duration, what, expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	tb.fail("waiting for %s (last error %v)", what, last)
}

// try is until without failing: it reports whether expr became true in time.
func (tb *tab) try(timeout time.Duration, expr string) bool {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return true
		}
	}
	return false
}

func evalJS[T any](tb *tab, expr string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.fail("evaluating %s: %v", expr, err)
	}
	return v
}

// shot saves a screenshot of the viewport (or the whole page) as name.png. The whole page is
// taken by growing the viewport to the page's height: Chrome's capture beyond the viewport
// shifts right-to-left pages.
func (tb *tab) shot(name string, full bool) {
	tb.t.Helper()
	if full {
		if h := evalJS[int64](tb, `Math.ceil(document.documentElement.scrollHeight)`); h > tb.height {
			tb.do(10*time.Second, "growing the viewport", chromedp.EmulateViewport(tb.width, h))
			defer tb.do(10*time.Second, "restoring the viewport", chromedp.EmulateViewport(tb.width, tb.height))
		}
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.fail("screenshot %s: %v", name, err)
	}
	p := filepath.Join(tb.artifacts, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	tb.mu.Lock()
	tb.shots = append(tb.shots, p)
	tb.mu.Unlock()
}

// fits checks that nothing overflows the viewport sideways and that the selected elements are
// entirely on screen (no scrolling needed to reach them).
func (tb *tab) fits(selectors ...string) {
	tb.t.Helper()
	sel, _ := json.Marshal(selectors)
	bad := evalJS[[]string](tb, `(() => {
		const out = [];
		const w = window.innerWidth, h = window.innerHeight;
		if (document.documentElement.scrollWidth > w + 1) out.push("page is wider than the screen: " + document.documentElement.scrollWidth + " > " + w);
		for (const s of `+string(sel)+`) {
			const e = document.querySelector(s);
			if (!e) { out.push(s + ": missing"); continue; }
			const r = e.getBoundingClientRect();
			if (r.width === 0 || r.height === 0) { out.push(s + ": not displayed"); continue; }
			if (r.left < -1 || r.top < -1 || r.right > w + 1 || r.bottom > h + 1) out.push(s + ": off screen " + JSON.stringify([r.left, r.top, r.right, r.bottom]) + " in " + w + "x" + h);
		}
		return out;
	})()`)
	if len(bad) > 0 {
		tb.fail("layout: %s", strings.Join(bad, "; "))
	}
}

func screenVisible(name string) string {
	return fmt.Sprintf(`(() => { const s = document.querySelector('[data-screen="%s"]'); return !!s && !s.hidden; })()`, name)
}

func viewVisible(name string) string {
	return fmt.Sprintf(`(() => { const s = document.querySelector('[data-view="%s"]'); return !!s && !s.hidden; })()`, name)
}

func TestUIBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts kycd and chromium")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("%s is not installed (apt-get install chromium): the kiosk and console browser tests are skipped", chromiumPath)
	}
	// Long still periods (6 s of each 7 s loop): on a loaded 2-core machine the gates analyse
	// a few frames a second and need 5 steady ones in a row.
	card := capturetest.CardVideo(t, 25, 150)
	face := capturetest.FaceVideo(t, 25, 150)
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	reviewKey := createKey(t, bin, dataDir, "console", "review")
	verifyKey := createKey(t, bin, dataDir, "frontdesk", "verify")
	// Every finished kiosk verification short of a critical signal waits for review, so the
	// console has one to decide whatever the engine makes of the synthetic card.
	cfgPath := filepath.Join(t.TempDir(), "kycd.yaml")
	if err := os.WriteFile(cfgPath, []byte("risk:\n  review_at: 1\n  reject_at: 1000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startUIDaemon(t, bin, dataDir, "--config", cfgPath, "--camera", "doc="+card, "--camera", "selfie="+face)
	raw, err := os.ReadFile(filepath.Join(dataDir, "kiosk.key"))
	if err != nil {
		t.Fatalf("kiosk key: %v", err)
	}
	kioskKey := strings.TrimSpace(string(raw))
	artifacts := artifactsDir(t)

	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "fr-FR"),
		chromedp.UserDataDir(t.TempDir()),
	)
	defer cancel()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}

	var shots []string
	t.Run("kiosk_fr_portrait", func(t *testing.T) {
		tb := newTab(t, browser, d, artifacts, 1080, 1920)
		runKiosk(tb, d, kioskKey, "fr", "kiosk-1080x1920-fr")
		shots = append(shots, tb.shots...)
	})
	t.Run("kiosk_ar_landscape", func(t *testing.T) {
		tb := newTab(t, browser, d, artifacts, 1366, 768)
		runKiosk(tb, d, "", "ar", "kiosk-1366x768-ar")
		shots = append(shots, tb.shots...)
	})
	t.Run("kiosk_en_declined", func(t *testing.T) {
		tb := newTab(t, browser, d, artifacts, 1080, 1920)
		runKioskDeclined(tb, d, "kiosk-1080x1920-en")
		shots = append(shots, tb.shots...)
	})
	// Whatever the engine made of the kiosk's synthetic card, the console gets one verification
	// to decide: a blank page read by OCR alone (mrz_not_found) waits for review.
	createReviewable(t, d, verifyKey)
	t.Run("console_fr_landscape", func(t *testing.T) {
		tb := newTab(t, browser, d, artifacts, 1366, 768)
		runConsole(tb, d, reviewKey, "fr", "console-1366x768-fr", true)
		shots = append(shots, tb.shots...)
	})
	t.Run("console_ar_portrait", func(t *testing.T) {
		tb := newTab(t, browser, d, artifacts, 1080, 1920)
		runConsole(tb, d, reviewKey, "ar", "console-1080x1920-ar", false)
		shots = append(shots, tb.shots...)
	})
	for _, s := range shots {
		t.Logf("screenshot %s", s)
	}
}

func createReviewable(t *testing.T, d *uiDaemon, key string) {
	t.Helper()
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 640, 400)))
	body, _ := json.Marshal(map[string]any{"document_front": base64.StdEncoding.EncodeToString(buf.Bytes()),
		"document_type": "passport", "country": "MA", "checks": []string{"ocr"}})
	req, _ := http.NewRequest("POST", d.url+"/v1/identity/verify", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := (&http.Client{Timeout: 120 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v struct{ ID, Status string }
	data, _ := io.ReadAll(res.Body)
	json.Unmarshal(data, &v)
	if res.StatusCode != 200 || v.Status != "review" {
		t.Fatalf("a verification to review: %d %s", res.StatusCode, data)
	}
}

// runKiosk walks a customer through the kiosk in lang. With key set, the screen is paired
// first (the pairing cookie then serves later tabs of the same browser).
func runKiosk(tb *tab, d *uiDaemon, key, lang, prefix string) {
	n := 0
	shot := func(name string) {
		n++
		tb.shot(fmt.Sprintf("%s-%02d-%s", prefix, n, name), false)
	}
	tb.do(15*time.Second, "opening /kiosk", chromedp.Navigate(d.url+"/kiosk"))
	if key != "" {
		tb.until(10*time.Second, "the pairing screen", screenVisible("pair"))
		tb.fits("#pair-key", "#pair-form button")
		shot("pair")
		tb.do(10*time.Second, "pairing",
			chromedp.SendKeys(chromedp.CSS("#pair-key"), strings.ToLower(key)),
			chromedp.Click(chromedp.CSS("#pair-form button[type=submit]")))
	}
	tb.until(10*time.Second, "the welcome screen", screenVisible("welcome"))
	tb.fits("#lang-fr", "#lang-ar", "#lang-en")
	shot("welcome")

	tb.do(15*time.Second, "choosing the language", chromedp.Click(chromedp.CSS("#lang-"+lang)))
	tb.until(15*time.Second, "the consent screen", screenVisible("consent"))
	wantDir := "ltr"
	if lang == "ar" {
		wantDir = "rtl"
	}
	if got := evalJS[string](tb, `document.documentElement.lang + " " + document.documentElement.dir + " " + getComputedStyle(document.body).direction`); got != lang+" "+wantDir+" "+wantDir {
		tb.fail("the %s page is %q, want lang %s and direction %s", lang, got, lang, wantDir)
	}
	if lang == "ar" {
		// Right to left: the brand sits at the right of the bar, the first action button
		// (agree) right of the second (decline), the text aligned right.
		layout := evalJS[string](tb, `(() => {
			const r = (s) => document.querySelector(s).getBoundingClientRect();
			const brand = r(".brand"), yes = r("#consent-yes"), no = r("#consent-no");
			return [brand.left > innerWidth / 2, yes.left > no.left, getComputedStyle(document.querySelector("#consent-text")).textAlign].join(" ");
		})()`)
		if layout != "true true start" {
			tb.fail("Arabic layout is not right to left: brand-right, agree-right-of-decline, text-align = %q", layout)
		}
	}
	tb.fits("#consent-text", "#consent-yes", "#consent-no")
	shot("consent")

	tb.do(10*time.Second, "consenting", chromedp.Click(chromedp.CSS("#consent-yes")))
	tb.until(10*time.Second, "the document choice", screenVisible("document"))
	tb.fits("#doctype-cin", "#doctype-passport")
	shot("document")
	// Keyboard: focus the choice and press Enter.
	tb.do(15*time.Second, "choosing the CNIE with the keyboard",
		chromedp.Focus(chromedp.CSS("#doctype-cin")), chromedp.KeyEvent("\r"))

	liveness := false
	if res, err := http.Get(d.url + "/readyz"); err == nil {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		liveness = strings.Contains(string(body), `"liveness"`)
	}
	steps := []string{"document_front", "document_back", "selfie"}
	if liveness {
		steps = append(steps, "liveness")
	}
	for _, step := range steps {
		here := fmt.Sprintf(`%s && document.body.dataset.step === %q`, screenVisible("capture"), step)
		tb.until(90*time.Second, step+" capture screen", here)
		tb.until(30*time.Second, step+" preview", `(() => { const i = document.querySelector("img.preview"); return !!i && i.complete && i.naturalWidth > 0; })()`)
		tb.fits("#viewer", "#feedback", "#capture-title", "[data-screen=capture] [data-action=cancel]")
		// Screenshot the step with a live instruction (hold_still, no_face, a challenge…) when
		// the server sends one before the picture is taken; on a slow machine the first
		// analysis can take a while.
		if !tb.try(60*time.Second, `!["", "captured"].includes(document.querySelector("#feedback").dataset.code) || !(`+here+`)`) {
			tb.t.Logf("%s: no live feedback within 60 s", step)
		}
		shot(step)
	}
	// front, back, face, (movement,) check: the movement step is offered only when the server
	// can check it.
	if n, want := evalJS[int](tb, `document.querySelectorAll("#progress li").length`), len(steps)+1; n != want {
		tb.fail("progress has %d steps, want %d (liveness available: %v)", n, want, liveness)
	}
	tb.until(90*time.Second, "the end of the capture", screenVisible("submitting")+" || "+screenVisible("result"))
	if evalJS[bool](tb, screenVisible("submitting")) {
		shot("submitting")
	}
	tb.until(120*time.Second, "the result screen", screenVisible("result"))
	tb.fits("#result-title", "#result-done")
	shot("result")
	text := evalJS[string](tb, `document.body.innerText`)
	for _, secret := range []string{"ver_", "DUPONT", "MARIE", "risk", "score", "cap_"} {
		if strings.Contains(text, secret) {
			tb.fail("the result screen shows %q:\n%s", secret, text)
		}
	}
	outcome := evalJS[string](tb, `document.body.dataset.outcome`)
	tb.t.Logf("kiosk outcome: %s", outcome)
	if outcome != "done" && outcome != "agent" {
		tb.fail("outcome %q", outcome)
	}
}

// runKioskDeclined refuses consent: nothing is captured and the kiosk returns to the start.
func runKioskDeclined(tb *tab, d *uiDaemon, prefix string) {
	tb.do(15*time.Second, "opening /kiosk", chromedp.Navigate(d.url+"/kiosk"))
	tb.until(10*time.Second, "the welcome screen", screenVisible("welcome"))
	tb.do(15*time.Second, "choosing English", chromedp.Click(chromedp.CSS("#lang-en")))
	tb.until(15*time.Second, "the consent screen", screenVisible("consent"))
	tb.shot(prefix+"-01-consent", false)
	tb.do(10*time.Second, "declining", chromedp.Click(chromedp.CSS("#consent-no")))
	tb.until(10*time.Second, "the declined screen", screenVisible("declined"))
	tb.fits("#declined-done")
	tb.shot(prefix+"-02-declined", false)
	tb.do(10*time.Second, "finishing", chromedp.Click(chromedp.CSS("#declined-done")))
	tb.until(15*time.Second, "the welcome screen again", screenVisible("welcome")+` && location.search === ""`)
}

// runConsole signs in with the review key, lists, filters, opens a verification and, when
// review is set, decides one that awaits review.
func runConsole(tb *tab, d *uiDaemon, key, lang, prefix string, review bool) {
	n := 0
	shot := func(name string, full bool) {
		n++
		tb.shot(fmt.Sprintf("%s-%02d-%s", prefix, n, name), full)
	}
	tb.do(15*time.Second, "opening /console", chromedp.Navigate(d.url+"/console?lang="+lang))
	if lang == "ar" && evalJS[string](tb, `document.documentElement.dir`) != "rtl" {
		tb.fail("the Arabic console is not dir=rtl")
	}
	tb.until(10*time.Second, "the sign-in form or the list", viewVisible("signin")+" || "+viewVisible("list"))
	if evalJS[bool](tb, viewVisible("signin")) {
		tb.fits("#signin-key")
		shot("signin", false)
		tb.do(10*time.Second, "signing in",
			chromedp.SendKeys(chromedp.CSS("#signin-key"), key),
			chromedp.Click(chromedp.CSS("#signin-form button[type=submit]")))
	}
	tb.until(10*time.Second, "the verification list", viewVisible("list")+` && document.querySelectorAll("#list-body tr").length > 0`)
	if href := evalJS[string](tb, `location.href`); strings.Contains(href, key) || strings.Contains(href, "kycd_") {
		tb.fail("the key appears in the URL %s", href)
	}
	tb.fits("#filter-status", "#list-table", "#signout")
	shot("list", false)

	tb.do(10*time.Second, "filtering on review", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector("#filter-status"); s.value = "review"; s.dispatchEvent(new Event("change")); })()`))
	tb.until(10*time.Second, "the filtered list", `[...document.querySelectorAll("#list-body tr")].every(r => r.querySelector(".badge").classList.contains("review")) && (document.querySelectorAll("#list-body tr").length > 0 || !document.querySelector("#list-empty").hidden)`)
	shot("filter-review", false)
	inReview := evalJS[int](tb, `document.querySelectorAll("#list-body tr").length`)
	if inReview == 0 {
		tb.do(10*time.Second, "clearing the filter", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector("#filter-status"); s.value = ""; s.dispatchEvent(new Event("change")); })()`))
		tb.until(10*time.Second, "the full list", `document.querySelectorAll("#list-body tr").length > 0`)
	}
	tb.do(10*time.Second, "opening a verification", chromedp.Click(chromedp.CSS("#list-body tr a")))
	tb.until(15*time.Second, "the detail", viewVisible("detail")+` && document.querySelector("#detail-risk table") !== null`)
	tb.until(15*time.Second, "the images", `[...document.querySelectorAll("#detail-images img")].every(i => i.complete && i.naturalWidth > 0)`)
	if evalJS[int](tb, `document.querySelectorAll("#detail-images img").length`) == 0 {
		tb.fail("no image shown")
	}
	if evalJS[int](tb, `document.querySelectorAll("#detail-checks tr[data-check]").length`) == 0 {
		tb.fail("no check shown")
	}
	tb.fits("#detail-title")
	shot("detail", true)

	if review && inReview > 0 {
		tb.do(10*time.Second, "approving",
			chromedp.SendKeys(chromedp.CSS("#review-reason"), "document seen at the counter"),
			chromedp.Click(chromedp.CSS("#review-approve")))
		tb.until(15*time.Second, "the decision", `!document.querySelector("#review-done").hidden && document.body.dataset.status === "verified"`)
		shot("approved", true)
	} else if review {
		tb.fail("no verification awaits review: the review form is not exercised")
	}

	tb.do(10*time.Second, "opening the system tab", chromedp.Click(chromedp.CSS("#tab-system")))
	tb.until(15*time.Second, "the system view", viewVisible("system")+` && document.querySelector("#sys-cameras table") !== null && document.querySelector("#sys-health table") !== null && document.querySelector("#sys-sync table") !== null`)
	cams := evalJS[string](tb, `document.querySelector("#sys-cameras").innerText`)
	if !strings.Contains(cams, "doc") || !strings.Contains(cams, "selfie") {
		tb.fail("cameras: %q", cams)
	}
	tb.fits("#sys-health", "#tab-system", "#signout")
	shot("system", true)

	if !review {
		tb.do(10*time.Second, "signing out", chromedp.Click(chromedp.CSS("#signout")))
		tb.until(10*time.Second, "the sign-in form", viewVisible("signin"))
	}
}
