package storage

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// WriteOptions are the side effects written in the same transaction as a
// verification record: all of them land, or none does.
type WriteOptions struct {
	// Blobs are images by kind ("document_front", "selfie", …), sealed before
	// storing. A kind already stored is replaced; other kinds are kept.
	Blobs map[string][]byte
	// Template is the face template for duplicate search, sealed; nil keeps the stored one.
	Template []byte
	// Idempotency records the request's Idempotency-Key. If the key already
	// names another verification (or another body), the write fails with
	// ErrIdempotencyKeyUsed and nothing is stored.
	Idempotency *IdempotencyEntry
	// Outbox queues an upstream sync item ("upsert", or "delete" for tombstones).
	Outbox bool
	// Webhook queues a webhook delivery of the record (an async result), so
	// the result and the promise to deliver it land together.
	Webhook *WebhookEvent
	// Audit appends this event to the audit chain; Target defaults to the record id.
	Audit *AuditEvent
	// IfVersion, when non-zero, makes the write fail with ErrVersionConflict
	// unless the stored record has exactly this version (optimistic locking).
	IfVersion uint64
	// KeepVersion stores rec.Version as given instead of incrementing, for a
	// hub mirroring a device's records. It must exceed the stored version
	// (ErrVersionConflict otherwise), so replayed sync items cannot go back.
	KeepVersion bool
	// Result, if non-nil, receives the record as stored (version, timestamps).
	Result *Record
}

// sealed is a value ready to put: key and sealed bytes.
type sealed struct {
	key, value []byte
}

// PutVerification inserts or updates a record, keeping by_created in step and
// writing w's side effects in the same transaction. Storage assigns Version
// (1 on insert, stored+1 on update, see KeepVersion); a zero CreatedAt keeps
// the stored one (now on insert); a zero UpdatedAt becomes now. Writing over a
// deleted record fails with ErrDeleted. Concurrent callers are batched; a nil
// return means the write is on disk.
func (db *DB) PutVerification(ctx context.Context, rec Record, w WriteOptions) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("putting verification %s: %w", rec.ID, err)
	}
	if err := validateID("verification id", rec.ID); err != nil {
		return fmt.Errorf("putting verification: %w", err)
	}
	blobs, tmpl, err := db.sealWrites(rec.ID, w)
	if err != nil {
		return fmt.Errorf("putting verification %s: %w", rec.ID, err)
	}
	var stored Record
	err = db.batch(func(tx *bolt.Tx) error {
		r, err := db.unsafePut(tx, rec, w, blobs, tmpl, false)
		stored = r
		return err
	})
	if err != nil {
		return fmt.Errorf("putting verification %s: %w", rec.ID, err)
	}
	if w.Result != nil {
		*w.Result = stored
	}
	return nil
}

// sealWrites seals blobs and template outside the write transaction, so the
// single bbolt writer is not held during encryption.
func (db *DB) sealWrites(id string, w WriteOptions) ([]sealedImage, *sealed, error) {
	var out []sealedImage
	for _, kind := range slices.Sorted(maps.Keys(w.Blobs)) {
		if err := validateID("blob kind", kind); err != nil {
			return nil, nil, err
		}
		v, err := db.sealer.Seal(w.Blobs[kind], imageAAD(id, kind))
		if err != nil {
			return nil, nil, fmt.Errorf("sealing %s: %w", kind, err)
		}
		out = append(out, sealedImage{kind, v})
	}
	if w.Template == nil {
		return out, nil, nil
	}
	key := []byte(id)
	v, err := db.sealer.Seal(w.Template, aad(bucketTemplates, key))
	if err != nil {
		return nil, nil, fmt.Errorf("sealing template: %w", err)
	}
	return out, &sealed{key, v}, nil
}

// unsafePut writes rec and its side effects in tx. fromDelete allows
// rewriting a tombstone (DeleteVerification twice).
func (db *DB) unsafePut(tx *bolt.Tx, rec Record, w WriteOptions, blobs []sealedImage, tmpl *sealed, fromDelete bool) (Record, error) {
	old, found, err := unsafeGet(tx, rec.ID)
	if err != nil {
		return Record{}, err
	}
	if rec, err = db.nextRecord(old, found, rec, w, fromDelete); err != nil {
		return Record{}, err
	}
	if rec.Deleted && (len(blobs) > 0 || tmpl != nil) {
		return Record{}, fmt.Errorf("blobs on a deleted record: %w", ErrInvalidArgument)
	}
	if err := unsafeWriteRecord(tx, old, found, rec); err != nil {
		return Record{}, err
	}
	if err := db.unsafeSideEffects(tx, rec, w, blobs, tmpl); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// nextRecord applies the version and timestamp rules to rec given the stored old.
func (db *DB) nextRecord(old Record, found bool, rec Record, w WriteOptions, fromDelete bool) (Record, error) {
	now := db.nowUTC()
	switch {
	case !found && w.IfVersion != 0:
		return Record{}, fmt.Errorf("expected version %d: %w", w.IfVersion, ErrNotFound)
	case found && old.Deleted && !fromDelete:
		return Record{}, ErrDeleted
	case found && w.IfVersion != 0 && w.IfVersion != old.Version:
		return Record{}, fmt.Errorf("expected version %d, stored %d: %w", w.IfVersion, old.Version, ErrVersionConflict)
	case w.KeepVersion && rec.Version <= old.Version: // old.Version is 0 when not found
		return Record{}, fmt.Errorf("version %d not above stored %d: %w", rec.Version, old.Version, ErrVersionConflict)
	case !w.KeepVersion:
		rec.Version = old.Version + 1
	}
	if rec.CreatedAt.IsZero() {
		rec.CreatedAt = old.CreatedAt
		if !found {
			rec.CreatedAt = now
		}
	}
	if rec.UpdatedAt.IsZero() {
		rec.UpdatedAt = now
	}
	rec.CreatedAt, rec.UpdatedAt = rec.CreatedAt.UTC(), rec.UpdatedAt.UTC()
	rec.Body = append([]byte(nil), rec.Body...)
	return rec, validateRecord(rec)
}

// unsafeWriteRecord stores rec and moves its by_created entry if CreatedAt changed.
func unsafeWriteRecord(tx *bolt.Tx, old Record, found bool, rec Record) error {
	v, err := encodeRecord(rec)
	if err != nil {
		return err
	}
	idx := tx.Bucket(bucketByCreated)
	newKey := createdKey(rec.CreatedAt, rec.ID)
	if found {
		if oldKey := createdKey(old.CreatedAt, old.ID); string(oldKey) != string(newKey) {
			if err := idx.Delete(oldKey); err != nil {
				return fmt.Errorf("moving by_created entry: %w", err)
			}
		}
	}
	if err := idx.Put(newKey, []byte(rec.ID)); err != nil {
		return fmt.Errorf("writing by_created entry: %w", err)
	}
	if err := tx.Bucket(bucketVerifications).Put([]byte(rec.ID), v); err != nil {
		return fmt.Errorf("writing record: %w", err)
	}
	return nil
}

// unsafeSideEffects writes everything WriteOptions asked for, in tx.
func (db *DB) unsafeSideEffects(tx *bolt.Tx, rec Record, w WriteOptions, blobs []sealedImage, tmpl *sealed) error {
	if rec.Deleted {
		if err := unsafeEraseBiometrics(tx, rec.ID); err != nil {
			return err
		}
	}
	if err := unsafePutSealed(tx, rec.ID, blobs, tmpl); err != nil {
		return err
	}
	if w.Idempotency != nil {
		if err := db.unsafePutIdempotency(tx, rec.ID, *w.Idempotency); err != nil {
			return err
		}
	}
	if w.Outbox {
		if err := db.unsafeEnqueue(tx, rec); err != nil {
			return err
		}
	}
	if w.Webhook != nil {
		if err := db.unsafeEnqueueWebhook(tx, rec.ID, *w.Webhook); err != nil {
			return err
		}
	}
	if w.Audit != nil {
		ev := *w.Audit
		if ev.Target == "" {
			ev.Target = rec.ID
		}
		if _, err := db.unsafeAppendAudit(tx, ev); err != nil {
			return err
		}
	}
	return nil
}

// GetVerification returns the record, or ErrNotFound. Tombstones are returned
// with Deleted set.
func (db *DB) GetVerification(id string) (Record, error) {
	var rec Record
	err := db.view(func(tx *bolt.Tx) error {
		r, found, err := unsafeGet(tx, id)
		if err == nil && !found {
			err = ErrNotFound
		}
		rec = r
		return err
	})
	if err != nil {
		return Record{}, fmt.Errorf("getting verification %s: %w", id, err)
	}
	return rec, nil
}

// unsafeGet decodes the stored record (a copy) if any.
func unsafeGet(tx *bolt.Tx, id string) (Record, bool, error) {
	v := tx.Bucket(bucketVerifications).Get([]byte(id))
	if v == nil {
		return Record{}, false, nil
	}
	rec, err := decodeRecord(v)
	return rec, err == nil, err
}

// DeleteVerification erases the images and face template of id for good and
// replaces the record by a tombstone: same id, status and created time,
// Deleted set, Body = tombstoneBody. w.Outbox queues a "delete" sync item;
// w.Audit and w.IfVersion apply; blobs, template and idempotency are refused.
// Deleting a tombstone again succeeds.
func (db *DB) DeleteVerification(id string, tombstoneBody []byte, w WriteOptions) error {
	if len(w.Blobs) > 0 || w.Template != nil || w.Idempotency != nil || w.KeepVersion || w.Webhook != nil {
		return fmt.Errorf("deleting verification %s: blobs, template, idempotency, kept version or webhook: %w", id, ErrInvalidArgument)
	}
	var stored Record
	err := db.batch(func(tx *bolt.Tx) error {
		old, found, err := unsafeGet(tx, id)
		if err != nil {
			return err
		}
		if !found {
			return ErrNotFound
		}
		old.Deleted, old.Body, old.UpdatedAt = true, tombstoneBody, db.nowUTC()
		stored, err = db.unsafePut(tx, old, w, nil, nil, true)
		return err
	})
	if err != nil {
		return fmt.Errorf("deleting verification %s: %w", id, err)
	}
	if w.Result != nil {
		*w.Result = stored
	}
	return nil
}

// isNotFound keeps call sites short.
func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
