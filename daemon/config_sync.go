package daemon

import (
	"fmt"
	"path/filepath"

	"github.com/kycd/kycd/daemon/uplink"
	"github.com/kycd/kycd/daemon/webhook"
)

// validateSync checks the upstream sync and webhook settings.
func (c *Config) validateSync() error {
	if c.Sync.Upstream != "" {
		if err := c.uplinkConfig().Validate(); err != nil {
			return err
		}
	} else if c.Sync.DeviceID != "" || c.Sync.DeviceSecret != "" {
		return fmt.Errorf("sync.device_id and device_secret are set but sync.upstream is empty")
	}
	if c.Webhooks.RetryFor != 0 && c.Webhooks.RetryFor < webhook.MinRetryFor {
		return fmt.Errorf("webhooks.retry_for %s: at least %s", c.Webhooks.RetryFor, webhook.MinRetryFor)
	}
	if c.Webhooks.Secret != "" && len(c.Webhooks.Secret) < 16 {
		return fmt.Errorf("webhooks.secret: at least 16 characters")
	}
	return nil
}

func (c *Config) uplinkConfig() uplink.Config {
	s := c.Sync
	return uplink.Config{URL: s.Upstream, DeviceID: s.DeviceID, Secret: s.DeviceSecret, IncludeImages: s.IncludeImages,
		BatchSize: s.BatchSize, Timeout: s.Timeout, MinBackoff: s.MinBackoff, MaxBackoff: s.MaxBackoff,
		MaxRetryAfter: s.MaxRetryAfter, Interval: s.Interval}
}

// webhookConfig is the delivery worker's configuration; secret is the resolved signing secret.
func (c *Config) webhookConfig(secret string) webhook.Config {
	w := c.Webhooks
	return webhook.Config{Secret: secret, Allow: w.Allow, Timeout: w.Timeout, MinBackoff: w.MinBackoff,
		MaxBackoff: w.MaxBackoff, RetryFor: w.RetryFor}
}

// WebhookSecretFile holds the generated webhook signing secret.
func (c *Config) WebhookSecretFile() string { return filepath.Join(c.DataDir, "webhook.secret") }
