package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/daemon/api"
	"github.com/kycd/kycd/daemon/session"
	"github.com/kycd/kycd/daemon/uplink"
	"github.com/kycd/kycd/daemon/webhook"
	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/storage"
)

// App is one running daemon: database, engine, HTTP API and workers, started and stopped in
// order. The database opens first and closes last.
type App struct {
	cfg    Config
	log    *slog.Logger
	out    io.Writer // where the one-time bootstrap key is printed
	db     *storage.DB
	checks *checkSet
	api    *api.Server
	ln     net.Listener
	// Background workers beside the API's async jobs; uplink is nil when sync is off.
	uplink   *uplink.Worker
	webhooks *webhook.Worker
	// Kiosk cameras and capture sessions; they stop before the API and the database.
	cameras  *capture.Set
	sessions *session.Manager
	// retention erases expired images, templates and results (daemon/retention.go).
	retention *retention
}

// NewApp opens the database, loads the models and builds the API, but serves nothing yet.
func NewApp(cfg Config, log *slog.Logger, out io.Writer) (*App, error) {
	a := &App{cfg: cfg, log: log, out: out}
	start := time.Now()
	db, err := openDB(cfg)
	if err != nil {
		return nil, err
	}
	a.db = db
	if err := a.bootstrapKey(); err != nil {
		db.Close()
		return nil, err
	}
	checks, err := loadChecks(cfg, log)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("loading checks: %w", err)
	}
	a.checks = checks
	var dups api.Duplicates
	if checks.dups != nil {
		if err := checks.dups.load(db); err != nil {
			a.closeAll()
			return nil, err
		}
		dups = checks.dups
	}
	eng, err := engine.New(cfg.Risk, checks.list...)
	if err != nil {
		a.closeAll()
		return nil, err
	}
	if err := a.buildWorkers(); err != nil {
		a.closeAll()
		return nil, err
	}
	if err := a.buildCapture(); err != nil {
		a.closeAll()
		return nil, err
	}
	a.retention = &retention{cfg: cfg.Retention, db: db, log: log, now: time.Now}
	uiCfg, err := cfg.uiDeps(log)
	if err != nil {
		a.closeAll()
		return nil, err
	}
	a.api = api.New(api.Deps{
		DB: db, Engine: eng, Log: log, Version: Version, Workers: cfg.AsyncWorkers, UI: uiCfg,
		Webhooks: true, Sync: a.syncStatus(), Cameras: a.cameras, Sessions: a.sessions, Duplicates: dups,
		Limits: api.Limits{Images: cfg.Images, MetadataMaxBytes: cfg.MetadataMaxBytes, VerifyTimeout: cfg.VerifyTimeout, WebhookAllow: cfg.Webhooks.Allow,
			Verifications: cfg.verifications()},
		RateLimit: cfg.RateLimit, TLS: cfg.TLS.Enabled(), NativeHeap: nativeHeap,
	})
	log.Info("engine ready", "checks", eng.Available(), "took", time.Since(start).Round(time.Millisecond))
	return a, nil
}

// openDB opens the database in the data directory with the at-rest encryption key.
func openDB(cfg Config) (*storage.DB, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	sealer, err := storage.NewAESGCMSealer(cfg.KeyFile())
	if err != nil {
		return nil, fmt.Errorf("loading the encryption key: %w", err)
	}
	db, err := storage.Open(cfg.DBPath(), storage.Options{Sealer: sealer})
	if errors.Is(err, storage.ErrLocked) {
		return nil, fmt.Errorf("%s is in use by a running kycd (stop it, or use the API): %w", cfg.DBPath(), err)
	}
	return db, err
}

// bootstrapKey creates an admin key on a first start so the operator can create the others;
// it is printed once and stored only as a hash.
func (a *App) bootstrapKey() error {
	n, err := a.db.CountActiveKeys()
	if err != nil {
		return fmt.Errorf("counting API keys: %w", err)
	}
	if n > 0 {
		return nil
	}
	plain, info, err := a.db.CreateKey("bootstrap-admin", []string{api.ScopeAdmin})
	if err != nil {
		return fmt.Errorf("creating the bootstrap key: %w", err)
	}
	fmt.Fprintf(a.out, "\n  No API key existed: created the admin key %s. It is shown only this once:\n\n      %s\n\n"+
		"  Use it to create the others (kycd keys create --name frontdesk --scopes verify,read).\n\n", info.ID, plain)
	a.log.Warn("created the bootstrap admin key", "key_id", info.ID)
	return nil
}

// Listen binds the API address; Addr then tells the real port (useful with port 0).
func (a *App) Listen() error {
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", a.cfg.Listen, err)
	}
	if ln, err = a.cfg.TLS.wrap(ln); err != nil {
		return err
	}
	a.ln = ln
	return nil
}

// Addr is the bound address.
func (a *App) Addr() string { return a.ln.Addr().String() }

// Run serves until ctx ends, then shuts down in order: stop accepting and finish in-flight
// requests, stop the workers, close the database last. Cancellation is not an error.
func (a *App) Run(ctx context.Context) error {
	if a.ln == nil {
		if err := a.Listen(); err != nil {
			a.closeAll()
			return err
		}
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- a.api.Serve(a.ln) }()
	workersCtx, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	workersDone := make(chan error, 1)
	go func() { workersDone <- a.runWorkers(workersCtx) }()
	captureCtx, stopCapture := context.WithCancel(context.WithoutCancel(ctx))
	captureDone := a.runCapture(captureCtx)
	if a.cfg.DebugListen != "" {
		addr, stopDebug, err := serveDebug(a.cfg.DebugListen, a.log)
		if err != nil {
			a.log.Error("not serving profiles", "err", err)
		} else {
			defer stopDebug()
			a.log.Warn("debug listening", "addr", addr)
		}
	}
	a.log.Info("listening", "addr", a.Addr(), "version", Version)
	notify("READY=1")

	var err error
	select {
	case <-ctx.Done():
	case err = <-serveErr:
		err = fmt.Errorf("serving: %w", err)
	}
	notify("STOPPING=1")
	a.log.Info("shutting down", "timeout", a.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	stopCapture() // ends open preview streams, which the HTTP shutdown would wait for
	<-captureDone
	if serr := a.api.Shutdown(sctx); serr != nil {
		a.log.Error("shutting down the API", "err", serr)
	}
	stopWorkers()
	<-workersDone
	a.closeAll()
	a.log.Info("stopped")
	return err
}

func (a *App) closeAll() {
	if a.checks != nil {
		a.checks.close()
	}
	if a.db != nil {
		if err := a.db.Close(); err != nil {
			a.log.Error("closing the database", "err", err)
		}
	}
}

// buildCapture prepares the configured cameras and the kiosk session manager.
func (a *App) buildCapture() error {
	set, err := capture.NewSet(a.cfg.Cameras, capture.Options{Log: a.log})
	if err != nil {
		return fmt.Errorf("configuring cameras: %w", err)
	}
	a.cameras = set
	cfg := session.Config{Log: a.log}
	if a.checks != nil && a.checks.faces != nil {
		cfg.Landmarks = a.checks.faces // live feedback on the liveness challenges
		if a.checks.live != nil {
			cfg.Eyes = a.checks.live // the blink, from the eyelids
		}
	}
	a.sessions = session.New(set, cfg)
	return nil
}

// runCapture starts the camera readers and the session sweeper; the channel is closed once
// both have stopped after ctx ends.
func (a *App) runCapture(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		sessDone := make(chan struct{})
		go func() { a.sessions.Run(ctx); close(sessDone) }()
		a.cameras.Run(ctx)
		<-sessDone
	}()
	return done
}
