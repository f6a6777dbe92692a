package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/kycd/kycd/daemon/webhook"
	"github.com/kycd/kycd/storage"
)

// Errors the HTTP edge maps to statuses.
var (
	// ErrUnauthenticated: unknown device or bad signature (401).
	ErrUnauthenticated = errors.New("device not authenticated")
	// ErrBadBatch: the body is not a valid batch (400).
	ErrBadBatch = errors.New("invalid sync batch")
)

// Receiver checks and stores batches.
type Receiver struct {
	db  *storage.DB
	log *slog.Logger
}

// NewReceiver stores into db.
func NewReceiver(db *storage.DB, log *slog.Logger) *Receiver {
	return &Receiver{db: db, log: log}
}

// Ingest authenticates body as sent by device and stores it.
func (r *Receiver) Ingest(ctx context.Context, device, signature string, body []byte) (Ack, error) {
	if err := r.authenticate(device, signature, body); err != nil {
		return Ack{}, err
	}
	b, err := decodeBatch(body)
	if err != nil {
		return Ack{}, err
	}
	if b.Device != device {
		return Ack{}, fmt.Errorf("batch names device %q, header %q: %w", b.Device, device, ErrBadBatch)
	}
	items, err := toIngest(b.Items)
	if err != nil {
		return Ack{}, err
	}
	res, err := r.db.IngestBatch(ctx, device, items)
	if errors.Is(err, storage.ErrInvalidArgument) {
		return Ack{}, fmt.Errorf("%w: %w", ErrBadBatch, err)
	}
	if err != nil {
		return Ack{}, fmt.Errorf("storing batch of %s: %w", device, err)
	}
	if res.Rejected > 0 {
		r.log.Warn("sync batch had rejected items", "device", device, "rejected", res.Rejected)
	}
	r.log.Debug("sync batch stored", "device", device, "applied", res.Applied, "duplicates", res.Duplicates, "last_seq", res.LastSeq)
	return Ack{Applied: res.Applied, Duplicates: res.Duplicates, Rejected: res.Rejected, LastSeq: res.LastSeq}, nil
}

func (r *Receiver) authenticate(device, signature string, body []byte) error {
	if device == "" {
		return fmt.Errorf("no %s header: %w", HeaderDevice, ErrUnauthenticated)
	}
	secret, err := r.db.DeviceSecret(device)
	if errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrInvalidArgument) {
		return fmt.Errorf("unknown device %q: %w", device, ErrUnauthenticated)
	}
	if err != nil {
		return err
	}
	if _, err := webhook.Verify([]byte(secret), signature, body); err != nil {
		return fmt.Errorf("device %s: %w: %w", device, ErrUnauthenticated, err)
	}
	return nil
}

func decodeBatch(body []byte) (Batch, error) {
	var b Batch
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return Batch{}, fmt.Errorf("%w: %w", ErrBadBatch, err)
	}
	if len(b.Items) == 0 || len(b.Items) > MaxItems {
		return Batch{}, fmt.Errorf("%d items, want 1..%d: %w", len(b.Items), MaxItems, ErrBadBatch)
	}
	return b, nil
}

func toIngest(items []Item) ([]storage.IngestItem, error) {
	out := make([]storage.IngestItem, len(items))
	for i, it := range items {
		if it.Kind != KindUpsert && it.Kind != KindDelete {
			return nil, fmt.Errorf("item %d: kind %q: %w", i, it.Kind, ErrBadBatch)
		}
		if !json.Valid(it.Verification) || len(it.Verification) == 0 || it.Verification[0] != '{' {
			return nil, fmt.Errorf("item %d (%s): verification must be a JSON object: %w", i, it.ID, ErrBadBatch)
		}
		if it.Seq == 0 || it.Version == 0 || it.ID == "" || it.CreatedAt.IsZero() || it.UpdatedAt.IsZero() {
			return nil, fmt.Errorf("item %d (%s): seq, version, id and times are required: %w", i, it.ID, ErrBadBatch)
		}
		out[i] = storage.IngestItem{Seq: it.Seq, Blobs: it.Images, Record: storage.Record{
			ID: it.ID, Version: it.Version, Status: it.Status, CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt,
			Deleted: it.Kind == KindDelete, Body: it.Verification,
		}}
	}
	return out, nil
}
