package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/kycd/kycd/storage"
)

// RetentionConfig is how long each kind of data is kept after a verification was created;
// 0 keeps it forever. Images and face templates are erased (as DELETE does); results are
// replaced by the tombstone DELETE leaves (id, status, timestamps, deleted: true).
type RetentionConfig struct {
	Images    time.Duration `yaml:"images"`
	Templates time.Duration `yaml:"templates"`
	Results   time.Duration `yaml:"results"`
	// Interval is how often the worker looks for expired data.
	Interval time.Duration `yaml:"interval"`
}

// DefaultRetention keeps biometric data 30 days and results 10 years (a typical KYC record
// keeping duty), checked hourly.
func DefaultRetention() RetentionConfig {
	return RetentionConfig{Images: 720 * time.Hour, Templates: 720 * time.Hour, Results: 87600 * time.Hour, Interval: time.Hour}
}

func (r RetentionConfig) validate() error {
	if r.Images < 0 || r.Templates < 0 || r.Results < 0 {
		return errors.New("retention: durations must be 0 (keep forever) or positive")
	}
	if r.Results > 0 && (r.Images == 0 || r.Images > r.Results || r.Templates == 0 || r.Templates > r.Results) {
		// A tombstone erases everything; keeping images longer than results is not possible.
		return errors.New("retention: images and templates cannot be kept longer than results")
	}
	if r.Interval < time.Minute {
		return fmt.Errorf("retention.interval %s: want at least 1m", r.Interval)
	}
	return nil
}

// retentionBatch bounds the ids handled per query, so each pass holds the writer briefly.
const retentionBatch = 200

// retention is the worker that erases expired data. onErase, if set, is told about every
// verification whose template or images were erased (the in-memory duplicate index).
type retention struct {
	cfg     RetentionConfig
	db      *storage.DB
	log     *slog.Logger
	now     func() time.Time
	onErase func(id string, kind storage.PurgeKind)

	// marks[kind] is the cutoff of the last pass that finished for kind: everything created
	// before it was erased then, so the next pass starts there instead of at the oldest
	// verification (a branch's database holds years of results; reading all of their index
	// entries every hour touched ever more pages). Every retentionRescanEvery passes start
	// from the oldest again, for a verification that arrived with an older creation time
	// (a clock set back) — the marks live in memory only, so a restart rescans too.
	marks  [3]time.Time
	passes int
}

// retentionRescanEvery is how many passes run between two scans from the oldest verification
// (a day at the default hourly interval).
const retentionRescanEvery = 24

// Run purges once at start, then every Interval, until ctx ends.
func (r *retention) Run(ctx context.Context) error {
	t := time.NewTicker(r.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := r.purge(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("retention purge", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// purge erases everything past its retention and returns how many verifications were touched
// per kind. Results go first: a tombstone erases images and template with it.
func (r *retention) purge(ctx context.Context) (map[storage.PurgeKind]int, error) {
	counts := map[storage.PurgeKind]int{}
	if r.passes%retentionRescanEvery == 0 {
		r.marks = [3]time.Time{}
	}
	r.passes++
	for _, kind := range []storage.PurgeKind{storage.PurgeResults, storage.PurgeImages, storage.PurgeTemplates} {
		keep := map[storage.PurgeKind]time.Duration{
			storage.PurgeImages: r.cfg.Images, storage.PurgeTemplates: r.cfg.Templates, storage.PurgeResults: r.cfg.Results,
		}[kind]
		if keep == 0 {
			continue
		}
		cutoff := r.now().Add(-keep)
		n, err := r.purgeKind(ctx, kind, r.marks[kind], cutoff)
		counts[kind] = n
		if err == nil && cutoff.After(r.marks[kind]) {
			r.marks[kind] = cutoff
		}
		if n > 0 {
			r.log.Info("retention erased expired data", "kind", kind.String(), "verifications", n, "older_than", keep)
		}
		if err != nil {
			return counts, err
		}
	}
	return counts, nil
}

func (r *retention) purgeKind(ctx context.Context, kind storage.PurgeKind, from, cutoff time.Time) (int, error) {
	n := 0
	for {
		ids, err := r.db.Expired(ctx, kind, from, cutoff, retentionBatch)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			if err := ctx.Err(); err != nil {
				return n, err
			}
			if err := r.eraseOne(kind, id); err != nil {
				return n, err
			}
			n++
			if r.onErase != nil {
				r.onErase(id, kind)
			}
			if n%retentionReleaseEvery == 0 {
				r.releaseMapping()
			}
		}
		if len(ids) < retentionBatch {
			if n > 0 {
				r.releaseMapping()
			}
			return n, nil
		}
	}
}

// retentionReleaseEvery is how many erasures run between two releases of the database's
// mapped pages. Erasing a verification's images reads a few hundred kB of pages through
// bbolt's mmap; a pass erasing a minute's verifications at a busy kiosk's pace mapped ~26 MB
// at once (the soak: the file mapping went from 5 to 31 MB in 0.6 s), which the periodic
// releaser dropped only seconds later. Released every few erasures, a pass maps a few MB.
const retentionReleaseEvery = 16

// releaseMapping drops the database pages the pass mapped (storage.DB.ReleaseMappedPages).
func (r *retention) releaseMapping() {
	if _, err := r.db.ReleaseMappedPages(); err != nil {
		r.log.Warn("retention: releasing the database mapping", "err", err)
	}
}

func (r *retention) eraseOne(kind storage.PurgeKind, id string) error {
	audit := &storage.AuditEvent{Action: "retention." + kind.String()}
	switch kind {
	case storage.PurgeImages:
		_, err := r.db.EraseImages(id, audit)
		return err
	case storage.PurgeTemplates:
		_, err := r.db.EraseTemplate(id, audit)
		return err
	}
	rec, err := r.db.GetVerification(id)
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	body, err := tombstone(rec, r.now())
	if err != nil {
		return err
	}
	// No outbox item: retention empties this kiosk, it must not delete the hub's copy.
	if err := r.db.DeleteVerification(id, body, storage.WriteOptions{Audit: audit}); err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	return nil
}

// tombstone is the body DELETE leaves (see api.handleDelete).
func tombstone(rec storage.Record, now time.Time) ([]byte, error) {
	return json.Marshal(map[string]any{
		"id": rec.ID, "object": "identity.verification", "status": rec.Status, "deleted": true,
		"created_at": rec.CreatedAt.UTC().Format(time.RFC3339), "updated_at": now.UTC().Format(time.RFC3339),
	})
}
