package api

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kycd/kycd/daemon/session"
	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/ui"
)

// The pages (/kiosk, /console, /ui/…) hold no API key. Their scripts call same-origin
// /ui/kiosk/… and /ui/console/… endpoints authorized by HttpOnly SameSite=Strict cookies:
//
//   - kiosk: staff pair the screen once by typing the kiosk key (ui.kiosk_key_file) into
//     POST /ui/kiosk/pair; the cookie is an expiry signed with that key (HMAC-SHA256), valid
//     90 days and renewed while the kiosk is in use. Rotating the key file unpairs every kiosk.
//     A paired kiosk may only open capture sessions (with consent), drive their auto-capture,
//     watch the kiosk cameras' previews and submit; its answer is "done" or "see an agent",
//     never the verification.
//   - console: POST /ui/console/login exchanges an API key with the review scope for a random
//     session token kept in memory (30 min idle, 12 h at most, revocation of the key ends it).
//
// Cross-site requests are refused: the cookies are SameSite=Strict, and a POST whose Origin
// or Sec-Fetch-Site names another site is rejected before any handler runs.

const (
	kioskCookie       = "kycd_kiosk"
	consoleCookie     = "kycd_console"
	kioskCookieTTL    = 90 * 24 * time.Hour
	consoleIdle       = 30 * time.Minute
	consoleMaxAge     = 12 * time.Hour
	pairFailureDelay  = time.Second
	kioskSessionGrace = time.Hour // how long the kiosk remembers a session it opened
)

// UIConfig configures the kiosk and console pages; the zero value serves them with the
// defaults and no kiosk pairing.
type UIConfig struct {
	// KioskKey pairs a kiosk screen; empty disables the kiosk endpoints.
	KioskKey string
	// Country is sent with every kiosk session; default MA.
	Country string
	// DocumentTypes are the kiosk's choices, in order; default cin, residence_card, passport.
	DocumentTypes []string
	// DocumentCamera and SelfieCamera name the kiosk cameras; empty picks a camera named
	// doc/document (selfie/face), else the first (last) configured camera.
	DocumentCamera, SelfieCamera string
	// Consent replaces the built-in consent text, by language (fr, ar, en).
	Consent map[string]string
	// AssetsDir serves the pages from this directory instead of the embedded copy (development).
	AssetsDir string
}

// DefaultKioskDocuments are the kiosk's document choices (DOCUMENTS.md: CNIE for Moroccans,
// residence card for resident foreigners, passport for non-residents).
var DefaultKioskDocuments = []string{"cin", "residence_card", "passport"}

type pages struct {
	cfg   UIConfig
	files fs.FS
	cache sync.Map // page+lang → rendered HTML (embedded assets only)

	pairMu sync.Mutex // pairing attempts one at a time; a wrong key costs a second

	mu       sync.Mutex
	consoles map[string]*consoleSession // by sha256 of the cookie value
	kiosk    map[string]kioskSession    // capture sessions opened through the kiosk
}

type consoleSession struct {
	key           storage.KeyInfo
	created, seen time.Time
}

type kioskSession struct {
	opened time.Time
	lang   string
}

func newPages(cfg UIConfig) *pages {
	if cfg.Country == "" {
		cfg.Country = "MA"
	}
	if len(cfg.DocumentTypes) == 0 {
		cfg.DocumentTypes = DefaultKioskDocuments
	}
	return &pages{cfg: cfg, files: ui.Files(cfg.AssetsDir), consoles: map[string]*consoleSession{}, kiosk: map[string]kioskSession{}}
}

func (s *Server) pageRoutes() []route {
	k, c := s.kioskAuth, s.consoleAuth
	return []route{
		{fiber.MethodGet, "/kiosk", "", s.handlePage("kiosk")},
		{fiber.MethodGet, "/console", "", s.handlePage("console")},
		{fiber.MethodGet, "/ui/:file", "", s.handleAsset},
		{fiber.MethodPost, "/ui/kiosk/pair", "", s.sameOrigin(s.handleKioskPair)},
		{fiber.MethodGet, "/ui/kiosk/config", "", s.handleKioskConfig},
		{fiber.MethodPost, "/ui/kiosk/sessions", "", k(s.handleKioskCreate)},
		{fiber.MethodGet, "/ui/kiosk/sessions/:id", "", k(s.handleKioskGet)},
		{fiber.MethodPost, "/ui/kiosk/sessions/:id/steps/:step", "", k(s.handleKioskStep)},
		{fiber.MethodPost, "/ui/kiosk/sessions/:id/submit", "", k(s.handleKioskSubmit)},
		{fiber.MethodPost, "/ui/kiosk/cameras/:name/preview-token", "", k(s.handleKioskPreviewToken)},
		{fiber.MethodGet, "/ui/console/session", "", s.handleConsoleSession},
		{fiber.MethodPost, "/ui/console/login", "", s.sameOrigin(s.handleConsoleLogin)},
		{fiber.MethodPost, "/ui/console/logout", "", s.sameOrigin(s.handleConsoleLogout)},
		{fiber.MethodGet, "/ui/console/verifications", "", c(s.handleList)},
		{fiber.MethodGet, "/ui/console/verifications/:id", "", c(s.handleGet)},
		{fiber.MethodGet, "/ui/console/verifications/:id/images", "", c(s.handleConsoleImageKinds)},
		{fiber.MethodGet, "/ui/console/verifications/:id/images/:kind", "", c(s.handleImage)},
		{fiber.MethodPost, "/ui/console/verifications/:id/review", "", c(s.handleReview)},
		{fiber.MethodGet, "/ui/console/cameras", "", c(s.handleCameras)},
		{fiber.MethodGet, "/ui/console/sync", "", c(s.handleSyncStatus)},
		{fiber.MethodGet, "/ui/console/health", "", c(s.handleConsoleHealth)},
	}
}

// handlePage serves an HTML page in the language of ?lang= (Arabic right to left).
func (s *Server) handlePage(name string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		lang := ui.Lang(c.Query("lang"))
		key := name + "/" + lang
		html, ok := s.pages.cache.Load(key)
		if !ok {
			b, err := ui.Render(s.pages.files, name, lang)
			if err != nil {
				return err
			}
			if s.pages.cfg.AssetsDir == "" {
				s.pages.cache.Store(key, b)
			}
			html = b
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(html.([]byte))
	}
}

// handleAsset is GET /ui/{file}: a script, stylesheet or image of the pages.
func (s *Server) handleAsset(c *fiber.Ctx) error {
	name := c.Params("file")
	ct := ui.ContentType(name)
	var data []byte
	var err error
	if ct != "" && fs.ValidPath(name) && !strings.Contains(name, "/") {
		data, err = fs.ReadFile(s.pages.files, name)
	}
	if ct == "" || err != nil {
		return invalid(fiber.StatusNotFound, "not_found", "file", "no asset named %q", name)
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderContentType, ct)
	return c.Send(data)
}

// sameOrigin refuses a state-changing request sent by another site (defence in depth beside
// SameSite=Strict cookies and the JSON content type).
func (s *Server) sameOrigin(h fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if site := c.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
			return crossSite()
		}
		// The host only: behind a TLS-terminating proxy the scheme seen here differs.
		if origin := c.Get(fiber.HeaderOrigin); origin != "" {
			if u, err := url.Parse(origin); err != nil || u.Host != c.Hostname() {
				return crossSite()
			}
		}
		if len(c.Request().Body()) > 0 && !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) {
			return &Error{Status: fiber.StatusUnsupportedMediaType, Type: typeInvalidRequest, Code: "unsupported_media_type",
				Message: "send JSON with Content-Type: application/json"}
		}
		return h(c)
	}
}

func crossSite() error {
	return &Error{Status: fiber.StatusForbidden, Type: typePermission, Code: "cross_site_request",
		Message: "this endpoint accepts only same-origin requests from the kycd pages"}
}

// ---- kiosk ----

// kioskToken is base64url(expiry as 8 bytes ‖ HMAC-SHA256(kiosk key, "kycd-kiosk" ‖ expiry)).
func (p *pages) kioskToken(exp time.Time) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(exp.Unix()))
	mac := hmac.New(sha256.New, []byte(p.cfg.KioskKey))
	mac.Write([]byte("kycd-kiosk"))
	mac.Write(b[:])
	return base64.RawURLEncoding.EncodeToString(append(b[:], mac.Sum(nil)...))
}

func (p *pages) kioskPaired(c *fiber.Ctx, now time.Time) bool {
	tok := c.Cookies(kioskCookie)
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if p.cfg.KioskKey == "" || err != nil || len(raw) != 8+sha256.Size {
		return false
	}
	exp := time.Unix(int64(binary.BigEndian.Uint64(raw[:8])), 0)
	return now.Before(exp) && hmac.Equal([]byte(p.kioskToken(exp)), []byte(tok))
}

func (s *Server) setKioskCookie(c *fiber.Ctx) {
	exp := s.now().Add(kioskCookieTTL)
	c.Cookie(&fiber.Cookie{Name: kioskCookie, Value: s.pages.kioskToken(exp), Path: "/ui/kiosk", Expires: exp,
		HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode, Secure: c.Protocol() == "https"})
}

// kioskAuth lets a paired kiosk through; the verifications it creates are attributed to the
// actor "kiosk".
func (s *Server) kioskAuth(h fiber.Handler) fiber.Handler {
	return s.sameOrigin(func(c *fiber.Ctx) error {
		if !s.pages.kioskPaired(c, s.now()) {
			return &Error{Status: fiber.StatusUnauthorized, Type: typeAuthentication, Code: "kiosk_not_paired",
				Message: "this screen is not paired: staff pair it once with the kiosk key on /kiosk"}
		}
		c.Locals(localsKey, storage.KeyInfo{ID: "kiosk", Name: "kiosk", Scopes: []string{ScopeVerify}})
		return h(c)
	})
}

// normalizeKioskKey ignores case, spaces and dashes, so the key can be typed as printed.
func normalizeKioskKey(k string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, k)
}

type keyRequest struct {
	Key string `json:"key"`
}

// handleKioskPair is POST /ui/kiosk/pair {key}: the right kiosk key sets the kiosk cookie.
func (s *Server) handleKioskPair(c *fiber.Ctx) error {
	if s.pages.cfg.KioskKey == "" {
		return &Error{Status: fiber.StatusServiceUnavailable, Type: typeAPI, Code: "kiosk_disabled",
			Message: "no kiosk key is configured (ui.kiosk_key_file)"}
	}
	var r keyRequest
	if err := decodeStrict(c.Body(), &r); err != nil {
		return err
	}
	got := sha256.Sum256([]byte(normalizeKioskKey(r.Key)))
	want := sha256.Sum256([]byte(normalizeKioskKey(s.pages.cfg.KioskKey)))
	s.pages.pairMu.Lock()
	defer s.pages.pairMu.Unlock()
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		time.Sleep(pairFailureDelay)
		s.log.Warn("kiosk pairing refused: wrong key", "ip", c.IP())
		return &Error{Status: fiber.StatusUnauthorized, Type: typeAuthentication, Code: "invalid_kiosk_key",
			Message: "the kiosk key is wrong"}
	}
	s.setKioskCookie(c)
	s.log.Info("kiosk paired", "ip", c.IP())
	return c.SendStatus(fiber.StatusNoContent)
}

// kioskCameras are the cameras the kiosk uses for documents and faces ("" when none).
func (s *Server) kioskCameras() session.Cameras {
	var names []string
	for _, h := range s.cameras.Health() {
		names = append(names, h.Name)
	}
	pick := func(configured string, preferred []string, last bool) string {
		if configured != "" {
			if slices.Contains(names, configured) {
				return configured
			}
			return ""
		}
		for _, p := range preferred {
			if slices.Contains(names, p) {
				return p
			}
		}
		if len(names) == 0 {
			return ""
		}
		if last {
			return names[len(names)-1]
		}
		return names[0]
	}
	return session.Cameras{
		Document: pick(s.pages.cfg.DocumentCamera, []string{"document", "doc"}, false),
		Selfie:   pick(s.pages.cfg.SelfieCamera, []string{"selfie", "face"}, true),
	}
}

// handleKioskConfig is GET /ui/kiosk/config: whether this screen is paired and, when it is,
// what the kiosk offers. It renews the pairing cookie.
func (s *Server) handleKioskConfig(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	p := s.pages
	out := fiber.Map{"object": "kiosk.config", "enabled": p.cfg.KioskKey != "", "paired": p.kioskPaired(c, s.now())}
	if out["paired"] != true {
		return c.JSON(out)
	}
	s.setKioskCookie(c)
	cams := s.kioskCameras()
	consent := map[string]string{}
	for lang, text := range p.cfg.Consent {
		consent[ui.Lang(lang)] = text
	}
	out["ready"] = s.ready() == nil && cams.Document != ""
	out["document_types"] = p.cfg.DocumentTypes
	out["cameras"] = cams
	out["liveness"] = slices.Contains(s.engine.Available(), engine.CheckLiveness)
	out["consent"] = consent
	return c.JSON(out)
}

type kioskCreateRequest struct {
	DocumentType string `json:"document_type"`
	Consent      bool   `json:"consent"`
	Lang         string `json:"lang"`
}

// handleKioskCreate is POST /ui/kiosk/sessions {document_type, consent, lang}: nothing is
// captured without the customer's consent.
func (s *Server) handleKioskCreate(c *fiber.Ctx) error {
	var r kioskCreateRequest
	if err := decodeStrict(c.Body(), &r); err != nil {
		return err
	}
	if !r.Consent {
		return badParam("consent_required", "consent", "the customer's consent is required before any capture")
	}
	if !slices.Contains(s.pages.cfg.DocumentTypes, r.DocumentType) {
		return badParam("invalid_enum", "document_type", "document_type must be one of %s", strings.Join(s.pages.cfg.DocumentTypes, ", "))
	}
	v, err := s.sessions.Create(session.Options{DocumentType: r.DocumentType, Country: s.pages.cfg.Country, Cameras: s.kioskCameras()})
	if err != nil {
		return sessionError(err)
	}
	now := s.now()
	p := s.pages
	p.mu.Lock()
	for id, ks := range p.kiosk {
		if now.Sub(ks.opened) > kioskSessionGrace {
			delete(p.kiosk, id)
		}
	}
	p.kiosk[v.ID] = kioskSession{opened: now, lang: ui.Lang(r.Lang)}
	p.mu.Unlock()
	return c.Status(fiber.StatusCreated).JSON(kioskView(v))
}

// kioskView is a session as the kiosk sees it: step states and feedback, no verification id.
func kioskView(v session.View) session.View {
	v.VerificationID = ""
	return v
}

// kioskSessionID returns :id when the kiosk opened that session.
func (s *Server) kioskSessionID(c *fiber.Ctx) (string, kioskSession, error) {
	id := c.Params("id")
	s.pages.mu.Lock()
	ks, ok := s.pages.kiosk[id]
	s.pages.mu.Unlock()
	if !ok {
		return "", ks, invalid(fiber.StatusNotFound, "not_found", "id", "no kiosk capture session with this id (it may have expired)")
	}
	return id, ks, nil
}

func (s *Server) handleKioskGet(c *fiber.Ctx) error {
	id, _, err := s.kioskSessionID(c)
	if err != nil {
		return err
	}
	v, err := s.sessions.Get(id)
	if err != nil {
		return sessionError(err)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(kioskView(v))
}

// handleKioskStep starts auto-capture of a step; the kiosk never uploads pictures.
func (s *Server) handleKioskStep(c *fiber.Ctx) error {
	id, _, err := s.kioskSessionID(c)
	if err != nil {
		return err
	}
	step := c.Params("step")
	if !slices.Contains(session.Steps, step) {
		return invalid(fiber.StatusNotFound, "not_found", "step", "unknown step %q: steps are %s", step, strings.Join(session.Steps, ", "))
	}
	if len(c.Request().Body()) > 0 && string(c.Request().Body()) != "{}" {
		return badParam("upload_not_allowed", "image", "the kiosk captures from its cameras only")
	}
	v, err := s.sessions.Start(id, step)
	if err != nil {
		return sessionError(err)
	}
	return c.Status(fiber.StatusAccepted).JSON(kioskView(v))
}

// handleKioskSubmit submits the session like POST /v1/capture/sessions/{id}/submit, with the
// consent recorded in the metadata, and answers only what the customer may see.
func (s *Server) handleKioskSubmit(c *fiber.Ctx) error {
	id, ks, err := s.kioskSessionID(c)
	if err != nil {
		return err
	}
	body, err := json.Marshal(map[string]any{"metadata": map[string]any{
		"channel": "kiosk",
		"consent": map[string]any{"given": true, "at": ks.opened.UTC().Format(time.RFC3339), "lang": ks.lang},
	}})
	if err != nil {
		return err
	}
	c.Request().SetBody(body)
	if err := s.handleSubmit(c); err != nil {
		return err
	}
	var v struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(c.Response().Body(), &v); err != nil {
		return err
	}
	s.pages.mu.Lock()
	delete(s.pages.kiosk, id)
	s.pages.mu.Unlock()
	outcome := "see_agent"
	switch v.Status {
	case engine.StatusVerified, engine.StatusReview, "pending":
		outcome = "done"
	}
	c.Response().ResetBody()
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"object": "kiosk.result", "outcome": outcome})
}

// handleKioskPreviewToken is POST /ui/kiosk/cameras/{name}/preview-token, for the kiosk's
// own cameras only.
func (s *Server) handleKioskPreviewToken(c *fiber.Ctx) error {
	cams := s.kioskCameras()
	if name := c.Params("name"); name == "" || (name != cams.Document && name != cams.Selfie) {
		return invalid(fiber.StatusNotFound, "not_found", "name", "no kiosk camera named %q", name)
	}
	return s.handlePreviewToken(c)
}

// ---- console ----

func consoleTokenHash(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// consoleKey returns the key of the console session in the cookie, if it is still valid.
func (s *Server) consoleKey(c *fiber.Ctx) (storage.KeyInfo, bool, error) {
	tok := c.Cookies(consoleCookie)
	if tok == "" {
		return storage.KeyInfo{}, false, nil
	}
	h, now := consoleTokenHash(tok), s.now()
	p := s.pages
	p.mu.Lock()
	cs, ok := p.consoles[h]
	if ok && (now.Sub(cs.seen) > consoleIdle || now.Sub(cs.created) > consoleMaxAge) {
		delete(p.consoles, h)
		ok = false
	}
	if ok {
		cs.seen = now
	}
	p.mu.Unlock()
	if !ok {
		return storage.KeyInfo{}, false, nil
	}
	// A revoked key ends its console sessions at once.
	keys, err := s.db.ListKeys()
	if err != nil {
		return storage.KeyInfo{}, false, err
	}
	for _, k := range keys {
		if k.ID == cs.key.ID && k.RevokedAt == nil {
			return k, true, nil
		}
	}
	p.mu.Lock()
	delete(p.consoles, h)
	p.mu.Unlock()
	return storage.KeyInfo{}, false, nil
}

func (s *Server) consoleAuth(h fiber.Handler) fiber.Handler {
	inner := func(c *fiber.Ctx) error {
		key, ok, err := s.consoleKey(c)
		if err != nil {
			return err
		}
		if !ok {
			return &Error{Status: fiber.StatusUnauthorized, Type: typeAuthentication, Code: "not_signed_in",
				Message: "sign in to the console with an API key that has the review scope"}
		}
		c.Locals(localsKey, key)
		c.Set(fiber.HeaderCacheControl, "no-store")
		return h(c)
	}
	return func(c *fiber.Ctx) error {
		if c.Method() == fiber.MethodPost {
			return s.sameOrigin(inner)(c)
		}
		return inner(c)
	}
}

func consoleIdentity(k storage.KeyInfo) fiber.Map {
	return fiber.Map{"object": "console.session", "signed_in": true, "key_id": k.ID, "name": k.Name, "scopes": k.Scopes}
}

// handleConsoleSession is GET /ui/console/session: who is signed in ({"signed_in": false}
// when nobody is, so the page shows the sign-in form without an error).
func (s *Server) handleConsoleSession(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	key, ok, err := s.consoleKey(c)
	if err != nil {
		return err
	}
	if !ok {
		return c.JSON(fiber.Map{"object": "console.session", "signed_in": false})
	}
	return c.JSON(consoleIdentity(key))
}

// handleConsoleLogin is POST /ui/console/login {key}: a key with the review (or admin) scope
// opens a console session; the key itself is not kept.
func (s *Server) handleConsoleLogin(c *fiber.Ctx) error {
	var r keyRequest
	if err := decodeStrict(c.Body(), &r); err != nil {
		return err
	}
	key, err := s.db.Authenticate(strings.TrimSpace(r.Key))
	if errors.Is(err, storage.ErrUnauthenticated) || errors.Is(err, storage.ErrNotFound) || strings.TrimSpace(r.Key) == "" {
		return &Error{Status: fiber.StatusUnauthorized, Type: typeAuthentication, Code: "invalid_api_key",
			Message: "the API key is unknown or revoked"}
	}
	if err != nil {
		return err
	}
	if !slices.Contains(key.Scopes, ScopeReview) && !slices.Contains(key.Scopes, ScopeAdmin) {
		return &Error{Status: fiber.StatusForbidden, Type: typePermission, Code: "missing_scope",
			Message: "the console needs an API key with the review scope"}
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	tok := base64.RawURLEncoding.EncodeToString(raw)
	now := s.now()
	p := s.pages
	p.mu.Lock()
	for h, cs := range p.consoles {
		if now.Sub(cs.seen) > consoleIdle || now.Sub(cs.created) > consoleMaxAge {
			delete(p.consoles, h)
		}
	}
	p.consoles[consoleTokenHash(tok)] = &consoleSession{key: key, created: now, seen: now}
	p.mu.Unlock()
	c.Cookie(&fiber.Cookie{Name: consoleCookie, Value: tok, Path: "/ui/console", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteStrictMode, Secure: c.Protocol() == "https", SessionOnly: true})
	s.log.Info("console sign-in", "key_id", key.ID, "ip", c.IP())
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(consoleIdentity(key))
}

// handleConsoleLogout is POST /ui/console/logout.
func (s *Server) handleConsoleLogout(c *fiber.Ctx) error {
	if tok := c.Cookies(consoleCookie); tok != "" {
		s.pages.mu.Lock()
		delete(s.pages.consoles, consoleTokenHash(tok))
		s.pages.mu.Unlock()
	}
	c.Cookie(&fiber.Cookie{Name: consoleCookie, Value: "", Path: "/ui/console", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteStrictMode, Expires: time.Unix(1, 0)})
	return c.SendStatus(fiber.StatusNoContent)
}

// handleConsoleImageKinds is GET /ui/console/verifications/{id}/images: which images are
// stored, so the page requests only those.
func (s *Server) handleConsoleImageKinds(c *fiber.Ctx) error {
	rec, err := s.lookup(c.Params("id"))
	if err != nil {
		return err
	}
	kinds, err := s.db.BlobKinds(rec.ID)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	if kinds == nil {
		kinds = []string{}
	}
	return c.JSON(fiber.Map{"object": "list", "data": kinds, "has_more": false})
}

// handleConsoleHealth is GET /ui/console/health: version, readiness and available checks.
func (s *Server) handleConsoleHealth(c *fiber.Ctx) error {
	out := fiber.Map{"object": "health", "version": s.version, "ready": true, "checks": s.engine.Available()}
	if err := s.ready(); err != nil {
		out["ready"], out["reason"] = false, err.Error()
	}
	return c.JSON(out)
}
