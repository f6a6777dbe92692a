package daemon

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/kycd/kycd/daemon/api"
	"github.com/kycd/kycd/daemon/uplink"
	"github.com/kycd/kycd/daemon/webhook"
)

// How often the C heap is trimmed (heapTrimmer) and the database mapping released
// (mappingReleaser).
// Releases every 30 s let ~25 MB of database pages gather in between under a saturating
// client (soak, third session); a release walks only the mapping's page tables.
const (
	heapTrimInterval       = 2 * time.Second
	mappingReleaseInterval = 5 * time.Second
)

// buildWorkers makes the webhook delivery worker (always: async results may name a
// webhook_url) and the upstream sync worker (when sync.upstream is set).
func (a *App) buildWorkers() error {
	secret := a.cfg.Webhooks.Secret
	if secret == "" {
		var err error
		if secret, err = webhook.LoadOrCreateSecret(a.cfg.WebhookSecretFile()); err != nil {
			return err
		}
	}
	hooks, err := webhook.New(a.cfg.webhookConfig(secret), a.db, a.log, webhook.Options{})
	if err != nil {
		return fmt.Errorf("building the webhook worker: %w", err)
	}
	a.webhooks = hooks
	if a.cfg.Sync.Upstream == "" {
		return nil
	}
	up, err := uplink.New(a.cfg.uplinkConfig(), a.db, a.log, uplink.Options{})
	if err != nil {
		return fmt.Errorf("building the upstream sync worker: %w", err)
	}
	a.uplink = up
	return nil
}

// syncStatus is the uplink for the API, or a nil interface when sync is off.
func (a *App) syncStatus() api.SyncStatus {
	if a.uplink == nil {
		return nil
	}
	return a.uplink
}

// runWorkers runs the API's async jobs and the delivery workers until ctx ends and all of
// them have returned, so the database can close after.
func (a *App) runWorkers(ctx context.Context) error {
	runs := []func(context.Context) error{a.api.Run, heapTrimmer(heapTrimInterval), mappingReleaser(a.db, mappingReleaseInterval, a.log)}
	if a.webhooks != nil {
		runs = append(runs, a.webhooks.Run)
	}
	if a.uplink != nil {
		runs = append(runs, a.uplink.Run)
	}
	if a.retention != nil {
		runs = append(runs, a.retention.Run)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(runs))
	for i, run := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = run(ctx)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
