package storage

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// GetBlob returns the unsealed image kind of verification id, or ErrNotFound.
func (db *DB) GetBlob(id, kind string) ([]byte, error) {
	if err := validateID("verification id", id); err != nil {
		return nil, fmt.Errorf("getting blob: %w", err)
	}
	if err := validateID("blob kind", kind); err != nil {
		return nil, fmt.Errorf("getting blob: %w", err)
	}
	key := blobKey(id, kind)
	var val []byte
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketBlobs).Get(key)
		if v == nil {
			return ErrNotFound
		}
		val = append([]byte(nil), v...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("getting blob %s/%s: %w", id, kind, err)
	}
	plain, err := db.sealer.Open(val, aad(bucketBlobs, key))
	if err != nil {
		return nil, fmt.Errorf("getting blob %s/%s: %w", id, kind, err)
	}
	return plain, nil
}

// BlobKinds lists the image kinds stored for id, in key order.
func (db *DB) BlobKinds(id string) ([]string, error) {
	var kinds []string
	prefix := blobPrefix(id)
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketBlobs).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			kinds = append(kinds, string(k[len(prefix):]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing blobs of %s: %w", id, err)
	}
	return kinds, nil
}

// ForEachTemplate calls fn with every unsealed face template, for loading the
// duplicate-search index at start. It stops at fn's first error.
func (db *DB) ForEachTemplate(fn func(id string, template []byte) error) error {
	type entry struct{ id, val []byte }
	var all []entry
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTemplates).ForEach(func(k, v []byte) error {
			all = append(all, entry{append([]byte(nil), k...), append([]byte(nil), v...)})
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("reading templates: %w", err)
	}
	// Unseal and call fn outside the read transaction: keep it short.
	for _, e := range all {
		plain, err := db.sealer.Open(e.val, aad(bucketTemplates, e.id))
		if err != nil {
			return fmt.Errorf("reading template %s: %w", e.id, err)
		}
		if err := fn(string(e.id), plain); err != nil {
			return err
		}
	}
	return nil
}

func unsafePutSealed(tx *bolt.Tx, blobs []sealed, tmpl *sealed) error {
	b := tx.Bucket(bucketBlobs)
	for _, s := range blobs {
		if err := b.Put(s.key, s.value); err != nil {
			return fmt.Errorf("writing blob %s: %w", s.key, err)
		}
	}
	if tmpl == nil {
		return nil
	}
	if err := tx.Bucket(bucketTemplates).Put(tmpl.key, tmpl.value); err != nil {
		return fmt.Errorf("writing template: %w", err)
	}
	return nil
}

// unsafeEraseBiometrics removes every blob and the template of id.
func unsafeEraseBiometrics(tx *bolt.Tx, id string) error {
	b := tx.Bucket(bucketBlobs)
	prefix := blobPrefix(id)
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	// Delete after the scan: deleting under a cursor can skip keys.
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("erasing blob %s: %w", k, err)
		}
	}
	if err := tx.Bucket(bucketTemplates).Delete([]byte(id)); err != nil {
		return fmt.Errorf("erasing template %s: %w", id, err)
	}
	return unsafeDeleteDupEntry(tx, id)
}
