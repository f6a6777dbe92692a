package storage

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// DupEntry is what the duplicate index keeps of one verification besides its face template
// (which lives sealed in the templates bucket): normalized document keys and 64-bit perceptual
// hashes of its images by kind.
type DupEntry struct {
	DocKeys []string          `json:"doc_keys"`
	Hashes  map[string]uint64 `json:"hashes"`
}

// docnumKey is the docnums key: document key ‖ NUL ‖ verification id.
func docnumKey(doc, id string) []byte { return []byte(doc + "\x00" + id) }

// PutDupEntry stores e for verification id, replacing an earlier entry. The record must exist
// and not be a tombstone.
func (db *DB) PutDupEntry(id string, e DupEntry) error {
	if err := validateID("verification id", id); err != nil {
		return fmt.Errorf("putting duplicate entry: %w", err)
	}
	for _, k := range e.DocKeys {
		if k == "" || len(k) > 256 || bytes.IndexByte([]byte(k), 0) >= 0 {
			return fmt.Errorf("putting duplicate entry of %s: document key %q: %w", id, k, ErrInvalidArgument)
		}
	}
	v, err := encodeV1(e)
	if err != nil {
		return fmt.Errorf("putting duplicate entry of %s: %w", id, err)
	}
	err = db.batch(func(tx *bolt.Tx) error {
		rec, found, err := unsafeGet(tx, id)
		switch {
		case err != nil:
			return err
		case !found:
			return ErrNotFound
		case rec.Deleted:
			return ErrDeleted
		}
		if err := unsafeDeleteDupEntry(tx, id); err != nil {
			return err
		}
		for _, k := range e.DocKeys {
			if err := tx.Bucket(bucketDocnums).Put(docnumKey(k, id), nil); err != nil {
				return fmt.Errorf("writing docnums entry: %w", err)
			}
		}
		return tx.Bucket(bucketPhashes).Put([]byte(id), v)
	})
	if err != nil {
		return fmt.Errorf("putting duplicate entry of %s: %w", id, err)
	}
	return nil
}

// DeleteDupEntry removes the entry of id (a deleted verification); absent is fine.
func (db *DB) DeleteDupEntry(id string) error {
	err := db.batch(func(tx *bolt.Tx) error { return unsafeDeleteDupEntry(tx, id) })
	if err != nil {
		return fmt.Errorf("deleting duplicate entry of %s: %w", id, err)
	}
	return nil
}

func unsafeDeleteDupEntry(tx *bolt.Tx, id string) error {
	b := tx.Bucket(bucketPhashes)
	v := b.Get([]byte(id))
	if v == nil {
		return nil
	}
	var e DupEntry
	if err := decodeV1("duplicate entry", v, &e); err != nil {
		return err
	}
	for _, k := range e.DocKeys {
		if err := tx.Bucket(bucketDocnums).Delete(docnumKey(k, id)); err != nil {
			return fmt.Errorf("erasing docnums entry: %w", err)
		}
	}
	return b.Delete([]byte(id))
}

// ForEachDupEntry calls fn with the entry of every verification that is stored and not
// deleted (an entry left behind by a crash between a delete and its index cleanup is
// skipped). It stops at fn's first error.
func (db *DB) ForEachDupEntry(fn func(id string, e DupEntry) error) error {
	type item struct {
		id string
		e  DupEntry
	}
	var all []item
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPhashes).ForEach(func(k, v []byte) error {
			rec, found, err := unsafeGet(tx, string(k))
			if err != nil || !found || rec.Deleted {
				return err
			}
			var e DupEntry
			if err := decodeV1("duplicate entry", v, &e); err != nil {
				return err
			}
			all = append(all, item{string(k), e})
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("reading duplicate entries: %w", err)
	}
	for _, it := range all {
		if err := fn(it.id, it.e); err != nil {
			return err
		}
	}
	return nil
}

// VerificationsWithDocument lists the ids stored under a document key.
func (db *DB) VerificationsWithDocument(doc string) ([]string, error) {
	var ids []string
	prefix := []byte(doc + "\x00")
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDocnums).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			ids = append(ids, string(k[len(prefix):]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing verifications of document %s: %w", doc, err)
	}
	return ids, nil
}
