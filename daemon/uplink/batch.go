package uplink

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/kycd/kycd/daemon/hub"
	"github.com/kycd/kycd/storage"
)

// imageKinds are the blobs worth sending; others (the async job spec) stay local.
var imageKinds = []string{"document_front", "document_back", "selfie", "portrait"}

// build turns outbox items into a signed-ready batch body. Several items of
// one verification become one, carrying its current state at the position of
// its last change. seqs are every outbox item the batch covers; body is nil
// when none needs sending (records gone), and the items are acked anyway.
func (w *Worker) build(items []storage.OutboxItem) (body []byte, seqs []uint64, err error) {
	last := map[string]uint64{}
	for _, it := range items {
		last[it.VerificationID] = it.Seq
	}
	batch := hub.Batch{Device: w.cfg.DeviceID}
	size := 0
	for _, it := range items {
		if size > w.cfg.MaxBatchBytes && len(batch.Items) > 0 {
			break
		}
		seqs = append(seqs, it.Seq)
		if last[it.VerificationID] != it.Seq {
			continue // a later item of this batch sends the current state
		}
		item, n, err := w.item(it)
		if errors.Is(err, storage.ErrNotFound) {
			w.log.Warn("outbox names a verification that no longer exists; skipped", "id", it.VerificationID)
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		batch.Items = append(batch.Items, item)
		size += n
	}
	if len(batch.Items) == 0 {
		return nil, seqs, nil
	}
	// Items cut off by the size limit must not be acked with this batch.
	seqs = slices.DeleteFunc(seqs, func(s uint64) bool { return s > batch.Items[len(batch.Items)-1].Seq })
	body, err = json.Marshal(batch)
	if err != nil {
		return nil, nil, fmt.Errorf("encoding batch: %w", err)
	}
	return body, seqs, nil
}

// item reads the current record of one outbox item.
func (w *Worker) item(it storage.OutboxItem) (hub.Item, int, error) {
	rec, err := w.db.GetVerification(it.VerificationID)
	if err != nil {
		return hub.Item{}, 0, fmt.Errorf("reading %s for sync: %w", it.VerificationID, err)
	}
	out := hub.Item{Seq: it.Seq, Kind: hub.KindUpsert, ID: rec.ID, Version: rec.Version, Status: rec.Status,
		CreatedAt: rec.CreatedAt, UpdatedAt: rec.UpdatedAt, Verification: rec.Body}
	if rec.Deleted {
		out.Kind = hub.KindDelete
		return out, len(rec.Body), nil
	}
	size := len(rec.Body)
	if !w.cfg.IncludeImages {
		return out, size, nil
	}
	for _, kind := range imageKinds {
		data, err := w.db.GetBlob(rec.ID, kind)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return hub.Item{}, 0, fmt.Errorf("reading %s of %s for sync: %w", kind, rec.ID, err)
		}
		if out.Images == nil {
			out.Images = map[string][]byte{}
		}
		out.Images[kind] = data
		size += len(data) * 4 / 3
	}
	return out, size, nil
}
