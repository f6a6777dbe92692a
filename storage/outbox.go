package storage

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Outbox item kinds.
const (
	OutboxUpsert = "upsert"
	OutboxDelete = "delete"
)

// OutboxItem tells the uplink that a verification changed. It carries no
// body: the worker reads the current record, so a burst of updates to one
// verification sends its latest state.
type OutboxItem struct {
	Seq            uint64
	VerificationID string
	Version        uint64
	Kind           string // OutboxUpsert or OutboxDelete
	CreatedAt      time.Time
}

type outboxV1 struct {
	VerificationID string    `json:"verification_id"`
	Version        uint64    `json:"version"`
	Kind           string    `json:"kind"`
	CreatedAt      time.Time `json:"created_at"`
}

// unsafeEnqueue appends an item for rec; seqs come from the bucket sequence
// and are never reused.
func (db *DB) unsafeEnqueue(tx *bolt.Tx, rec Record) error {
	b := tx.Bucket(bucketOutbox)
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("enqueueing outbox item: %w", err)
	}
	kind := OutboxUpsert
	if rec.Deleted {
		kind = OutboxDelete
	}
	v, err := encodeV1(outboxV1{VerificationID: rec.ID, Version: rec.Version, Kind: kind, CreatedAt: db.nowUTC()})
	if err != nil {
		return err
	}
	return b.Put(u64(seq), v)
}

// OutboxPeek returns up to n of the oldest items, in seq order, without
// removing them. n <= 0 returns none.
func (db *DB) OutboxPeek(n int) ([]OutboxItem, error) {
	var items []OutboxItem
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil && len(items) < n; k, v = c.Next() {
			item, err := decodeOutbox(k, v)
			if err != nil {
				return err
			}
			items = append(items, item)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("peeking outbox: %w", err)
	}
	return items, nil
}

func decodeOutbox(k, v []byte) (OutboxItem, error) {
	if len(k) != 8 {
		return OutboxItem{}, fmt.Errorf("outbox key %x: %w", k, ErrCorrupt)
	}
	var s outboxV1
	if err := decodeV1("outbox item", v, &s); err != nil {
		return OutboxItem{}, err
	}
	return OutboxItem{
		Seq: binary.BigEndian.Uint64(k), VerificationID: s.VerificationID,
		Version: s.Version, Kind: s.Kind, CreatedAt: s.CreatedAt.UTC(),
	}, nil
}

// OutboxAck removes delivered items. Unknown seqs are ignored, so a repeated
// ack is harmless.
func (db *DB) OutboxAck(seqs ...uint64) error {
	if len(seqs) == 0 {
		return nil
	}
	err := db.batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		for _, s := range seqs {
			if err := b.Delete(u64(s)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("acking outbox: %w", err)
	}
	return nil
}

// OutboxDepth is the number of undelivered items.
func (db *DB) OutboxDepth() (int, error) {
	var n int
	err := db.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketOutbox).Stats().KeyN
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("counting outbox: %w", err)
	}
	return n, nil
}
