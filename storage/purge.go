package storage

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Retention (daemon/retention.go) erases what a verification holds, by kind, once it is older
// than the configured age. Erasing images or a template removes the sealed bytes from the
// database; the pages they used are reused by bbolt but not zeroed, so the ciphertext is only
// unreadable for good once the key that sealed it is dropped (kycd keyfile rotate: a new key,
// every live value resealed, the old keys removed) — crypto-shredding.

// PurgeKind names what retention erases.
type PurgeKind int

// The kinds retention erases.
const (
	PurgeImages    PurgeKind = iota // every image blob of a verification
	PurgeTemplates                  // its face template
	PurgeResults                    // the record itself, replaced by a tombstone (DeleteVerification)
)

func (k PurgeKind) String() string {
	return [...]string{"images", "templates", "results"}[k]
}

// Expired returns up to limit ids of verifications created in [from, cutoff), oldest first,
// that still hold kind: an image, a template, or (PurgeResults) a record that is not a
// tombstone. A zero from scans from the oldest; retention passes the previous pass's cutoff,
// so a pass reads only what became old since (daemon/retention.go).
func (db *DB) Expired(ctx context.Context, kind PurgeKind, from, cutoff time.Time, limit int) ([]string, error) {
	var ids []string
	start := u64(0) // the zero time's UnixNano is undefined
	if !from.IsZero() {
		start = u64(uint64(max(from.UnixNano(), 0)))
	}
	end := u64(uint64(max(cutoff.UnixNano(), 0)))
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketByCreated).Cursor()
		for k, v := c.Seek(start); k != nil && bytes.Compare(k, end) < 0 && len(ids) < limit; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			holds, err := unsafeHolds(tx, kind, string(v))
			if err != nil {
				return err
			}
			if holds {
				ids = append(ids, string(v))
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing expired %s: %w", kind, err)
	}
	return ids, nil
}

func unsafeHolds(tx *bolt.Tx, kind PurgeKind, id string) (bool, error) {
	switch kind {
	case PurgeImages:
		return tx.Bucket(bucketImages).Bucket([]byte(id)) != nil, nil // never left empty
	case PurgeTemplates:
		return tx.Bucket(bucketTemplates).Get([]byte(id)) != nil, nil
	}
	rec, found, err := unsafeGet(tx, id)
	return found && !rec.Deleted, err
}

// EraseImages erases every image of id — not its template, not its record — and appends audit
// (if not nil; Target defaults to id) in the same transaction. It returns how many it erased.
func (db *DB) EraseImages(id string, audit *AuditEvent) (int, error) {
	n := 0
	err := db.batch(func(tx *bolt.Tx) error {
		var err error
		if n, err = unsafeEraseImages(tx, id); err != nil {
			return err
		}
		if err := unsafeDropImageHashes(tx, id); err != nil {
			return err
		}
		return db.unsafeAuditErase(tx, id, n > 0, audit)
	})
	if err != nil {
		return 0, fmt.Errorf("erasing images of %s: %w", id, err)
	}
	return n, nil
}

// unsafeDropImageHashes removes the perceptual hashes of id's images from its duplicate entry
// (they are derived from the images); its document keys stay.
func unsafeDropImageHashes(tx *bolt.Tx, id string) error {
	b := tx.Bucket(bucketPhashes)
	if b == nil {
		return nil
	}
	v := b.Get([]byte(id))
	if v == nil {
		return nil
	}
	var e DupEntry
	if err := decodeV1("duplicate entry", v, &e); err != nil {
		return err
	}
	if len(e.Hashes) == 0 {
		return nil
	}
	e.Hashes = nil
	nv, err := encodeV1(e)
	if err != nil {
		return err
	}
	return b.Put([]byte(id), nv)
}

// EraseTemplate erases the face template of id, with audit as in EraseImages, and reports
// whether there was one.
func (db *DB) EraseTemplate(id string, audit *AuditEvent) (bool, error) {
	found := false
	err := db.batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTemplates)
		found = b.Get([]byte(id)) != nil
		if found {
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return db.unsafeAuditErase(tx, id, found, audit)
	})
	if err != nil {
		return false, fmt.Errorf("erasing template of %s: %w", id, err)
	}
	return found, nil
}

func (db *DB) unsafeAuditErase(tx *bolt.Tx, id string, erased bool, audit *AuditEvent) error {
	if !erased || audit == nil {
		return nil
	}
	ev := *audit
	if ev.Target == "" {
		ev.Target = id
	}
	_, err := db.unsafeAppendAudit(tx, ev)
	return err
}
