package daemon

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/daemon/api"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/risk"
)

// Config is everything the daemon can be told. It is built as defaults → YAML file →
// environment (KYCD_*) → flags, then validated; see config.example.yaml for every key.
type Config struct {
	Listen    string `yaml:"listen"`
	DataDir   string `yaml:"data_dir"`
	ModelsDir string `yaml:"models_dir"`
	LogLevel  string `yaml:"log_level"`
	LogFormat string `yaml:"log_format"`

	Images imageio.Limits `yaml:"images"`
	// MetadataMaxBytes bounds the request's metadata object, as JSON.
	MetadataMaxBytes int `yaml:"metadata_max_bytes"`
	// VerifyTimeout bounds one verification; async jobs past it end with status error.
	VerifyTimeout time.Duration `yaml:"verify_timeout"`
	// ShutdownTimeout bounds the wait for in-flight requests on SIGTERM.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
	// AsyncWorkers run async verifications in the background.
	AsyncWorkers int `yaml:"async_workers"`
	// VerifyConcurrency is how many verifications (sync, async and kiosk together) run the
	// engine at once; the others wait for a slot. 0: half the cores, at least 1 — one
	// verification already runs its checks in parallel, a second one mostly adds memory.
	VerifyConcurrency int `yaml:"verify_concurrency"`

	Risk risk.Policy `yaml:"risk"`
	// EncryptionKeyFile holds the AES-256-GCM keys for images and face templates at rest
	// (created 0600 on first start). Default: <data_dir>/kycd.key — keep it off backups of the db.
	EncryptionKeyFile string `yaml:"encryption_key_file"`

	// Webhooks lists the hosts (host or host:port) async results may be sent to.
	Webhooks WebhookConfig `yaml:"webhooks"`

	// Sync sends every finished verification and its later changes to an upstream hub
	// (store-and-forward); off while sync.upstream is empty.
	Sync SyncConfig `yaml:"sync"`

	// Cameras for the kiosk: name and source (device index, /dev/videoN, video file, or
	// rtsp/http URL). The --camera NAME=SOURCE flags, when given, replace this list.
	Cameras []capture.Source `yaml:"cameras"`

	// RateLimit is each API key's request budget (token bucket); rate 0 turns it off.
	RateLimit api.RateLimit `yaml:"rate_limit"`
	// Retention erases images, face templates and results once they are older than configured.
	Retention RetentionConfig `yaml:"retention"`
	// TLS serves the API and pages over HTTPS when a certificate is configured.
	TLS TLSConfig `yaml:"tls"`
	// DebugListen serves Go's runtime profiles (/debug/pprof/) on this loopback address, for
	// diagnosing memory and CPU; off when empty.
	DebugListen string `yaml:"debug_listen"`
	// UI configures the kiosk and operator-console pages (see config_ui.go).
	UI UIConfig `yaml:"ui"`
}

// SyncConfig is the upstream sync of a kiosk (see daemon/uplink for the defaults of zero values).
type SyncConfig struct {
	Upstream     string `yaml:"upstream"`      // the hub's base URL
	DeviceID     string `yaml:"device_id"`     // from `kycd hub device add`
	DeviceSecret string `yaml:"device_secret"` // idem; keep the config file 0600
	// IncludeImages sends the document and selfie images too; by default only results go up.
	IncludeImages bool          `yaml:"include_images"`
	BatchSize     int           `yaml:"batch_size"`
	Timeout       time.Duration `yaml:"timeout"`     // per request
	MinBackoff    time.Duration `yaml:"min_backoff"` // first wait after a failure
	MaxBackoff    time.Duration `yaml:"max_backoff"`
	MaxRetryAfter time.Duration `yaml:"max_retry_after"` // cap on the hub's Retry-After
	Interval      time.Duration `yaml:"interval"`        // how often an idle worker looks at the outbox
}

// WebhookConfig bounds where the daemon may send data.
type WebhookConfig struct {
	Allow []string `yaml:"allow"`
	// Secret signs deliveries (Kycd-Signature); empty means <data_dir>/webhook.secret, created
	// 0600 on first start.
	Secret     string        `yaml:"secret"`
	Timeout    time.Duration `yaml:"timeout"`     // per attempt; default 10s
	MinBackoff time.Duration `yaml:"min_backoff"` // default 5s
	MaxBackoff time.Duration `yaml:"max_backoff"` // default 1h
	RetryFor   time.Duration `yaml:"retry_for"`   // default 72h; at least 24h
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	data := "data"
	// systemd's StateDirectory= tells the service where its state lives.
	if d := os.Getenv("STATE_DIRECTORY"); d != "" {
		data = d
	}
	return Config{
		Listen:           "127.0.0.1:8080",
		DataDir:          data,
		ModelsDir:        defaultModelsDir(),
		LogLevel:         "info",
		LogFormat:        "text",
		Images:           imageio.DefaultLimits(),
		MetadataMaxBytes: 8 << 10,
		VerifyTimeout:    60 * time.Second,
		ShutdownTimeout:  30 * time.Second,
		AsyncWorkers:     1,
		RateLimit:        api.DefaultRateLimit(),
		Retention:        DefaultRetention(),
		Risk:             risk.DefaultPolicy(),
		Webhooks:         WebhookConfig{Timeout: 10 * time.Second, MinBackoff: 5 * time.Second, MaxBackoff: time.Hour, RetryFor: 72 * time.Hour},
		Sync: SyncConfig{BatchSize: 50, Timeout: 30 * time.Second, MinBackoff: time.Second, MaxBackoff: 5 * time.Minute,
			MaxRetryAfter: 10 * time.Minute, Interval: time.Second},
	}
}

// verifications resolves VerifyConcurrency: 0 means half the cores, at least 1.
func (c Config) verifications() int {
	if c.VerifyConcurrency > 0 {
		return c.VerifyConcurrency
	}
	return max(1, runtime.NumCPU()/2)
}

// defaultModelsDir prefers ./models (a source checkout after `make setup`), then the
// packaged location.
func defaultModelsDir() string {
	for _, d := range []string{"models", "/usr/share/kycd/models"} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return "models"
}

// loadFile overlays the YAML file at path; unknown keys are an error, so a typo is not
// silently ignored.
func (c *Config) loadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading config: %w", err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, errEOF) {
		return fmt.Errorf("parsing config %s: %w", path, err)
	}
	return nil
}

// setting is one option that can come from the environment and the command line.
type setting struct {
	flag, env, usage string
	set              func(c *Config, v string) error
}

var settings = []setting{
	{"listen", "KYCD_LISTEN", "address to listen on (host:port)", func(c *Config, v string) error { c.Listen = v; return nil }},
	{"debug-listen", "KYCD_DEBUG_LISTEN", "loopback address for Go's runtime profiles (/debug/pprof/); off when empty", func(c *Config, v string) error { c.DebugListen = v; return nil }},
	{"data", "KYCD_DATA", "data directory (database, key file)", func(c *Config, v string) error { c.DataDir = v; return nil }},
	{"models", "KYCD_MODELS", "directory of the pretrained models", func(c *Config, v string) error { c.ModelsDir = v; return nil }},
	{"log-level", "KYCD_LOG_LEVEL", "debug, info, warn or error", func(c *Config, v string) error { c.LogLevel = v; return nil }},
	{"log-format", "KYCD_LOG_FORMAT", "text or json", func(c *Config, v string) error { c.LogFormat = v; return nil }},
	{"async-workers", "KYCD_ASYNC_WORKERS", "background verification workers", func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		c.AsyncWorkers = n
		return err
	}},
	{"verify-concurrency", "KYCD_VERIFY_CONCURRENCY", "verifications running at once (0: half the cores)", func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		c.VerifyConcurrency = n
		return err
	}},
	{"webhook-allow", "KYCD_WEBHOOK_ALLOW", "comma-separated hosts webhooks may target", func(c *Config, v string) error {
		c.Webhooks.Allow = splitList(v)
		return nil
	}},
	{"upstream", "KYCD_UPSTREAM", "base URL of the hub to sync verifications to", func(c *Config, v string) error { c.Sync.Upstream = v; return nil }},
	{"device-id", "KYCD_DEVICE_ID", "this kiosk's id at the hub", func(c *Config, v string) error { c.Sync.DeviceID = v; return nil }},
	{"device-secret", "KYCD_DEVICE_SECRET", "this kiosk's sync secret", func(c *Config, v string) error { c.Sync.DeviceSecret = v; return nil }},
	{"sync-include-images", "KYCD_SYNC_INCLUDE_IMAGES", "send images upstream too (true/false)", func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		c.Sync.IncludeImages = b
		return err
	}},
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// applyEnv overlays KYCD_* variables.
func (c *Config) applyEnv(getenv func(string) string) error {
	for _, s := range settings {
		if v := getenv(s.env); v != "" {
			if err := s.set(c, v); err != nil {
				return fmt.Errorf("%s=%q: %w", s.env, v, err)
			}
		}
	}
	return nil
}

// Validate reports the first setting that cannot work, naming it.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return fmt.Errorf("listen %q: %w", c.Listen, err)
	}
	if err := validateDebugListen(c.DebugListen); err != nil {
		return err
	}
	if c.DataDir == "" {
		return errors.New("data_dir is empty")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log_level %q: want debug, info, warn or error", c.LogLevel)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("log_format %q: want text or json", c.LogFormat)
	}
	im := c.Images
	if im.MaxBytes < 1024 || im.MaxBytes > 64<<20 {
		return fmt.Errorf("images.max_bytes %d: want 1 KiB..64 MiB", im.MaxBytes)
	}
	if im.MaxSide < 64 || im.MaxPixels < 64*64 || im.MaxPixels > 100_000_000 {
		return fmt.Errorf("images.max_side %d / max_pixels %d out of range", im.MaxSide, im.MaxPixels)
	}
	if c.MetadataMaxBytes < 0 || c.MetadataMaxBytes > 64<<10 {
		return fmt.Errorf("metadata_max_bytes %d: want 0..64 KiB", c.MetadataMaxBytes)
	}
	if c.VerifyTimeout < time.Second || c.ShutdownTimeout < time.Second {
		return errors.New("verify_timeout and shutdown_timeout must be at least 1s")
	}
	if c.AsyncWorkers < 1 || c.AsyncWorkers > 64 {
		return fmt.Errorf("async_workers %d: want 1..64", c.AsyncWorkers)
	}
	if c.VerifyConcurrency < 0 || c.VerifyConcurrency > 64 {
		return fmt.Errorf("verify_concurrency %d: want 0 (half the cores) or 1..64", c.VerifyConcurrency)
	}
	if err := c.Risk.Validate(); err != nil {
		return err
	}
	if err := c.validateUI(); err != nil {
		return err
	}
	if err := c.validateOps(); err != nil {
		return err
	}
	return c.validateSync()
}

// validateOps checks the rate limit, retention and TLS settings.
func (c *Config) validateOps() error {
	if rl := c.RateLimit; rl.Rate < 0 || (rl.Rate > 0 && rl.Burst < 1) {
		return fmt.Errorf("rate_limit rate %g burst %d: want rate ≥ 0 (0 = off) and burst ≥ 1", rl.Rate, rl.Burst)
	}
	if err := c.Retention.validate(); err != nil {
		return err
	}
	return c.TLS.validate()
}

// DBPath is the bbolt file inside the data directory.
func (c *Config) DBPath() string { return filepath.Join(c.DataDir, "kycd.db") }

// KeyFile is the encryption key file.
func (c *Config) KeyFile() string {
	if c.EncryptionKeyFile != "" {
		return c.EncryptionKeyFile
	}
	return filepath.Join(c.DataDir, "kycd.key")
}
