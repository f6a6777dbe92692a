package storage

import (
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
	var val []byte
	err := db.view(func(tx *bolt.Tx) error {
		v := unsafeImage(tx, []byte(id), []byte(kind))
		if v == nil {
			return ErrNotFound
		}
		val = append([]byte(nil), v...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("getting blob %s/%s: %w", id, kind, err)
	}
	plain, err := db.sealer.Open(val, imageAAD(id, kind))
	if err != nil {
		return nil, fmt.Errorf("getting blob %s/%s: %w", id, kind, err)
	}
	return plain, nil
}

// unsafeImage returns the stored (sealed) image kind of id, or nil.
func unsafeImage(tx *bolt.Tx, id, kind []byte) []byte {
	sub := tx.Bucket(bucketImages).Bucket(id)
	if sub == nil {
		return nil
	}
	return sub.Get(kind)
}

// BlobKinds lists the image kinds stored for id, in key order.
func (db *DB) BlobKinds(id string) ([]string, error) {
	var kinds []string
	err := db.view(func(tx *bolt.Tx) error {
		sub := tx.Bucket(bucketImages).Bucket([]byte(id))
		if sub == nil {
			return nil
		}
		return sub.ForEach(func(k, _ []byte) error {
			kinds = append(kinds, string(k))
			return nil
		})
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

// sealedImage is one image ready to put: its kind and sealed bytes (imageAAD).
type sealedImage struct {
	kind  string
	value []byte
}

// unsafePutSealed writes the images of id into its sub-bucket — a kind already
// stored is replaced, the other kinds are kept — and the template, if any.
func unsafePutSealed(tx *bolt.Tx, id string, images []sealedImage, tmpl *sealed) error {
	if len(images) > 0 {
		sub, err := tx.Bucket(bucketImages).CreateBucketIfNotExists([]byte(id))
		if err != nil {
			return fmt.Errorf("creating images of %s: %w", id, err)
		}
		for _, s := range images {
			if err := sub.Put([]byte(s.kind), s.value); err != nil {
				return fmt.Errorf("writing blob %s/%s: %w", id, s.kind, err)
			}
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

// unsafeEraseImages deletes the image sub-bucket of id and returns how many
// images it held.
func unsafeEraseImages(tx *bolt.Tx, id string) (int, error) {
	images := tx.Bucket(bucketImages)
	sub := images.Bucket([]byte(id))
	if sub == nil {
		return 0, nil
	}
	n := 0
	c := sub.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		n++
	}
	if err := images.DeleteBucket([]byte(id)); err != nil {
		return 0, fmt.Errorf("erasing images of %s: %w", id, err)
	}
	return n, nil
}

// unsafeEraseBiometrics removes every image and the template of id.
func unsafeEraseBiometrics(tx *bolt.Tx, id string) error {
	if _, err := unsafeEraseImages(tx, id); err != nil {
		return err
	}
	if err := tx.Bucket(bucketTemplates).Delete([]byte(id)); err != nil {
		return fmt.Errorf("erasing template %s: %w", id, err)
	}
	return unsafeDeleteDupEntry(tx, id)
}
