package api

import (
	"context"
	"encoding/base64"
	"log/slog"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/daemon/hub"
	"github.com/kycd/kycd/daemon/session"
	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/storage"
)

// Limits bound what a request may ask of the daemon.
type Limits struct {
	Images           imageio.Limits
	MetadataMaxBytes int
	VerifyTimeout    time.Duration
	WebhookAllow     []string
	// Verifications is how many verifications may run the engine at once (at least 1); the
	// others wait, within their VerifyTimeout, for a slot.
	Verifications int
}

// bodyLimit fits three base64 images at the byte limit plus the JSON around them.
func (l Limits) bodyLimit() int {
	return 3*base64.StdEncoding.EncodedLen(l.Images.MaxBytes) + l.MetadataMaxBytes + 64<<10
}

// Deps is everything the API needs; the daemon builds them.
type Deps struct {
	DB      *storage.DB
	Engine  *engine.Engine
	Limits  Limits
	Log     *slog.Logger
	Version string
	// Ready reports why the daemon is not ready yet (models loading), nil when it is.
	Ready func() error
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Workers run async verifications; at least 1.
	Workers int
	// Webhooks enables webhook_url; when false a request that names one is refused.
	Webhooks bool
	// RateLimit is each API key's request budget; the zero value turns limiting off.
	RateLimit RateLimit
	// TLS tells the security headers the API is served over TLS (adds HSTS).
	TLS bool
	// Sync is the upstream sync worker, shown by GET /v1/sync/status; nil when sync is off.
	Sync SyncStatus
	// Hub, when set, makes this the server of `kycd hub`: sync ingest and the read API only.
	Hub *hub.Receiver
	// Cameras serve previews; nil means none configured. Sessions run kiosk capture; nil
	// means a default manager over Cameras.
	Cameras  *capture.Set
	Sessions *session.Manager
	// UI configures the kiosk and console pages (pages.go); the zero value serves them unpaired.
	UI UIConfig
	// Duplicates follows stored verifications into the duplicate index; nil without one.
	Duplicates Duplicates
	// NativeHeap reports the C heap (OpenCV, Tesseract): bytes handed out and not freed, and
	// bytes held from the kernel. Nil leaves it out of /metrics.
	NativeHeap func() (inUse, held uint64)
}

// Duplicates keeps the duplicate index in step with stored verifications.
type Duplicates interface {
	// BeforeStore adds to w what is written with verification id (its sealed face template).
	BeforeStore(id string, w *storage.WriteOptions)
	// AfterStore makes the stored verification id searchable; StoreFailed forgets it.
	AfterStore(id string)
	StoreFailed(id string)
	// Forget removes a deleted verification.
	Forget(id string)
}

// Server is the HTTP API.
type Server struct {
	app             *fiber.App
	db              *storage.DB
	engine          *engine.Engine
	limits          Limits
	log             *slog.Logger
	version         string
	ready           func() error
	now             func() time.Time
	metrics         *metrics
	jobs            *jobQueue
	limiter         *limiter // nil: no rate limit
	webhooksEnabled bool
	sync            SyncStatus
	hub             *hub.Receiver
	cameras         *capture.Set
	sessions        *session.Manager
	previewSecret   []byte
	pages           *pages
	dups            Duplicates
	slots           slots
	nativeHeap      func() (inUse, held uint64)
}

// New builds the server and its routes. Call Run to start the async workers.
func New(d Deps) *Server {
	s := &Server{
		db: d.DB, engine: d.Engine, limits: d.Limits, log: d.Log, version: d.Version,
		ready: d.Ready, now: d.Now, metrics: newMetrics(), webhooksEnabled: d.Webhooks,
		sync: d.Sync, hub: d.Hub, nativeHeap: d.NativeHeap,
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.dups = d.Duplicates
	s.slots = newSlots(d.Limits.Verifications)
	if s.ready == nil {
		s.ready = func() error { return nil }
	}
	s.jobs = newJobQueue(s, max(d.Workers, 1))
	if d.RateLimit.Rate > 0 {
		s.limiter = newLimiter(d.RateLimit, s.now)
	}
	s.initCapture(d)
	s.pages = newPages(d.UI)
	s.app = fiber.New(fiber.Config{
		AppName:               "kycd",
		BodyLimit:             d.Limits.bodyLimit(),
		ReadTimeout:           60 * time.Second,
		WriteTimeout:          d.Limits.VerifyTimeout + 30*time.Second,
		IdleTimeout:           120 * time.Second,
		DisableStartupMessage: true,
		ErrorHandler:          errorHandler(d.Log),
		// Requests are small JSON or images; an attacker's many headers are refused early.
		ReadBufferSize: 16 << 10,
		// Params, headers and queries are copied out of fasthttp's reused buffers: capture
		// workers, stream writers and async jobs keep them after the handler returns (a
		// session step name once turned into another request's bytes mid-capture).
		Immutable: true,
	})
	s.app.Use(s.observe)
	s.app.Use(securityHeaders(d.TLS))
	s.app.Use(refuseEncodedBodies)
	routes := s.routes()
	if d.Hub != nil {
		routes = s.hubRoutes()
	}
	for _, r := range routes {
		handlers := []fiber.Handler{}
		if r.scope != "" {
			handlers = append(handlers, s.requireScope(r.scope), s.rateLimit)
		}
		s.app.Add(r.method, r.path, append(handlers, r.handler)...)
	}
	return s
}

// route is one row of the routing table: every route the API serves is listed here, and the
// OpenAPI test checks this table against openapi.json.
type route struct {
	method, path, scope string
	handler             fiber.Handler
}

func (s *Server) routes() []route {
	return append([]route{
		{fiber.MethodGet, "/healthz", "", s.handleHealth},
		{fiber.MethodGet, "/readyz", "", s.handleReady},
		{fiber.MethodGet, "/openapi.json", "", s.handleOpenAPI},
		{fiber.MethodGet, "/metrics", "", s.handleMetrics},
		{fiber.MethodPost, "/v1/identity/verify", ScopeVerify, s.handleVerify},
		{fiber.MethodGet, "/v1/identity/verifications", ScopeRead, s.handleList},
		{fiber.MethodGet, "/v1/identity/verifications/:id", ScopeRead, s.handleGet},
		{fiber.MethodDelete, "/v1/identity/verifications/:id", ScopeAdmin, s.handleDelete},
		{fiber.MethodPost, "/v1/identity/verifications/:id/review", ScopeReview, s.handleReview},
		{fiber.MethodGet, "/v1/identity/verifications/:id/images/:kind", ScopeReview, s.handleImage},
		{fiber.MethodGet, "/v1/sync/status", ScopeRead, s.handleSyncStatus},
		{fiber.MethodGet, "/v1/webhooks/deliveries", ScopeAdmin, s.handleDeliveries},
		{fiber.MethodGet, "/v1/cameras", ScopeRead, s.handleCameras},
		{fiber.MethodPost, "/v1/cameras/:name/preview-token", ScopeRead, s.handlePreviewToken},
		{fiber.MethodGet, "/v1/cameras/:name/preview.mjpeg", "", s.handlePreview}, // bearer or ?token=, checked inside
		{fiber.MethodPost, "/v1/capture/sessions", ScopeVerify, s.handleCreateSession},
		{fiber.MethodGet, "/v1/capture/sessions/:id", ScopeVerify, s.handleGetSession},
		{fiber.MethodPost, "/v1/capture/sessions/:id/steps/:step", ScopeVerify, s.handleStep},
		{fiber.MethodPost, "/v1/capture/sessions/:id/submit", ScopeVerify, s.handleSubmit},
	}, s.pageRoutes()...)
}

// Run starts the async workers and re-queues async verifications left pending by a previous
// run; it returns when ctx ends and the workers have finished their current job.
func (s *Server) Run(ctx context.Context) error { return s.jobs.run(ctx) }

// Serve answers requests on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error { return s.app.Listener(ln) }

// Shutdown stops accepting connections and waits for in-flight requests up to ctx's deadline.
func (s *Server) Shutdown(ctx context.Context) error { return s.app.ShutdownWithContext(ctx) }

// App exposes the fiber app for in-process tests.
func (s *Server) App() *fiber.App { return s.app }
