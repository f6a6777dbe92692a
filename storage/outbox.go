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
	if err := b.Put(u64(seq), v); err != nil {
		return err
	}
	tx.OnCommit(func() { db.outboxN.Add(1) })
	return nil
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
		var removed int64
		for _, s := range seqs {
			k := u64(s)
			if b.Get(k) == nil {
				continue // acked before
			}
			if err := b.Delete(k); err != nil {
				return err
			}
			removed++
		}
		tx.OnCommit(func() { db.outboxN.Add(-removed) })
		return nil
	})
	if err != nil {
		return fmt.Errorf("acking outbox: %w", err)
	}
	return nil
}

// OutboxDepth is the number of undelivered items (kept by the transactions that
// add and remove them; counted once at open by countOutbox).
func (db *DB) OutboxDepth() (int, error) {
	return int(db.outboxN.Load()), nil
}

// countOutbox counts the outbox's items, walking the bucket: once, at open.
func (db *DB) countOutbox() error {
	return db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		if b == nil {
			return nil // a database still being migrated by a test's own steps
		}
		db.outboxN.Store(int64(b.Stats().KeyN))
		return nil
	})
}
