package uplink

import (
	"errors"
	"fmt"
	"net/url"
	"time"
)

// Config is what the worker needs; the daemon fills it from its settings.
type Config struct {
	URL      string // base URL of the hub, e.g. https://hub.example:8443
	DeviceID string
	Secret   string
	// IncludeImages sends the stored images with each upsert; otherwise results only.
	IncludeImages bool
	BatchSize     int           // items per request; default 50
	MaxBatchBytes int           // stop adding images past this size; default 8 MiB
	Timeout       time.Duration // per request; default 30 s
	MinBackoff    time.Duration // default 1 s
	MaxBackoff    time.Duration // default 5 min
	MaxRetryAfter time.Duration // cap on the hub's Retry-After; default 10 min
	Interval      time.Duration // how often an idle worker looks at the outbox; default 1 s
}

func (c Config) withDefaults() Config {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 50
	}
	if c.MaxBatchBytes <= 0 {
		c.MaxBatchBytes = 8 << 20
	}
	def(&c.Timeout, 30*time.Second)
	def(&c.MinBackoff, time.Second)
	def(&c.MaxBackoff, 5*time.Minute)
	def(&c.MaxRetryAfter, 10*time.Minute)
	def(&c.Interval, time.Second)
	return c
}

// Validate reports the first unusable setting.
func (c Config) Validate() error {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("upstream %q: want an http or https URL", c.URL)
	}
	if c.DeviceID == "" || c.Secret == "" {
		return errors.New("upstream sync needs device_id and device_secret (kycd hub device add prints them)")
	}
	if c.BatchSize > 1000 {
		return fmt.Errorf("sync.batch_size %d: at most 1000", c.BatchSize)
	}
	return nil
}
