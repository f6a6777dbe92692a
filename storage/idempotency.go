package storage

import (
	"bytes"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// IdempotencyEntry remembers which verification an Idempotency-Key produced,
// scoped to the API key that sent it.
type IdempotencyEntry struct {
	KeyID          string    // API key id ("key_…")
	Key            string    // the Idempotency-Key header
	BodyHash       string    // hash of the request body: same key + other body → 409
	VerificationID string    // defaults to the record being written
	CreatedAt      time.Time // defaults to now
}

type idempotencyV1 struct {
	BodyHash       string    `json:"body_hash"`
	VerificationID string    `json:"verification_id"`
	CreatedAt      time.Time `json:"created_at"`
}

// LookupIdempotency returns the entry for (keyID, idemKey), or ErrNotFound.
func (db *DB) LookupIdempotency(keyID, idemKey string) (IdempotencyEntry, error) {
	var e IdempotencyEntry
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		e, err = unsafeGetIdempotency(tx, keyID, idemKey)
		return err
	})
	if err != nil {
		return IdempotencyEntry{}, fmt.Errorf("looking up idempotency key: %w", err)
	}
	return e, nil
}

func unsafeGetIdempotency(tx *bolt.Tx, keyID, idemKey string) (IdempotencyEntry, error) {
	v := tx.Bucket(bucketIdempotency).Get(idempotencyKey(keyID, idemKey))
	if v == nil {
		return IdempotencyEntry{}, ErrNotFound
	}
	var s idempotencyV1
	if err := decodeV1("idempotency entry", v, &s); err != nil {
		return IdempotencyEntry{}, err
	}
	return IdempotencyEntry{
		KeyID: keyID, Key: idemKey, BodyHash: s.BodyHash,
		VerificationID: s.VerificationID, CreatedAt: s.CreatedAt.UTC(),
	}, nil
}

// unsafePutIdempotency stores e for record id. An entry for another
// verification or body is a conflict; the same one is left as is.
func (db *DB) unsafePutIdempotency(tx *bolt.Tx, id string, e IdempotencyEntry) error {
	if e.VerificationID == "" {
		e.VerificationID = id
	}
	if e.KeyID == "" || e.Key == "" || e.BodyHash == "" || e.VerificationID != id {
		return fmt.Errorf("idempotency entry needs key id, key, body hash and this record's id: %w", ErrInvalidArgument)
	}
	if bytes.IndexByte([]byte(e.KeyID), 0) >= 0 {
		return fmt.Errorf("idempotency key id contains NUL: %w", ErrInvalidArgument)
	}
	old, err := unsafeGetIdempotency(tx, e.KeyID, e.Key)
	switch {
	case err == nil && old.VerificationID == e.VerificationID && old.BodyHash == e.BodyHash:
		return nil
	case err == nil:
		return fmt.Errorf("key %q names %s: %w", e.Key, old.VerificationID, ErrIdempotencyKeyUsed)
	case !isNotFound(err):
		return err
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = db.nowUTC()
	}
	v, err := encodeV1(idempotencyV1{BodyHash: e.BodyHash, VerificationID: e.VerificationID, CreatedAt: e.CreatedAt.UTC()})
	if err != nil {
		return err
	}
	return tx.Bucket(bucketIdempotency).Put(idempotencyKey(e.KeyID, e.Key), v)
}

// PurgeIdempotency deletes entries created more than olderThan ago and
// returns how many. Entries it cannot decode are left alone.
func (db *DB) PurgeIdempotency(olderThan time.Duration) (int, error) {
	cutoff := db.nowUTC().Add(-olderThan)
	var n int
	err := db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketIdempotency)
		var stale [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var s idempotencyV1
			if decodeV1("idempotency entry", v, &s) == nil && s.CreatedAt.Before(cutoff) {
				stale = append(stale, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range stale {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(stale)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("purging idempotency entries: %w", err)
	}
	return n, nil
}
