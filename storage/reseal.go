package storage

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Key rotation: RotateAESGCMKey puts a new key first in the key file; Reseal re-encrypts every
// stored value that an older key sealed; DropOldAESGCMKeys then removes the older keys, so
// whatever they sealed — including erased images left in bbolt's free pages — can no longer be
// read.

// resealChunk bounds the values re-encrypted per write transaction, so the single bbolt writer
// is never held for long and Reseal can run next to a serving daemon. A variable for tests.
var resealChunk = 256

// SealedWithNewest reports whether sealed was made with the newest key.
func (s *AESGCMSealer) SealedWithNewest(sealed []byte) bool {
	return len(sealed) >= 1+sealKeyIDLen && sealed[0] == schemeAESGCM &&
		bytes.Equal(sealed[1:1+sealKeyIDLen], s.keys[0].id[:])
}

// Keys is how many keys the sealer holds (newest first).
func (s *AESGCMSealer) Keys() int { return len(s.keys) }

// Reseal re-encrypts with the newest key every image, face template and device secret sealed
// with an older one, and returns how many. A value changed meanwhile by another writer is left
// as that writer stored it (already sealed with the newest key). Without an AES-GCM sealer
// there is nothing to do.
func (db *DB) Reseal(ctx context.Context) (int, error) {
	s, ok := db.sealer.(*AESGCMSealer)
	if !ok {
		return 0, nil
	}
	total := 0
	for _, set := range sealedSets() {
		n, err := db.resealSet(ctx, s, set)
		total += n
		if err != nil {
			return total, err
		}
	}
	n, err := db.resealDevices(ctx, s)
	return total + n, err
}

type resealItem struct{ key, old, fresh []byte }

// sealedSet is one collection of sealed values as Reseal and StaleSealed see it: a flat view
// where every value has a key, its AAD is aad(aadBucket, key), and keys can be resumed from.
type sealedSet struct {
	name      string // for messages
	aadBucket []byte
	// scan calls fn with each key and value after the key after (from the first when nil), in
	// order, until fn returns false; it reports whether it reached the end.
	scan func(tx *bolt.Tx, after []byte, fn func(k, v []byte) bool) bool
	get  func(tx *bolt.Tx, key []byte) []byte
	put  func(tx *bolt.Tx, key, value []byte) error
}

// sealedSets are the sealed collections Reseal and StaleSealed go through (device secrets,
// few and inside device records, are handled apart).
func sealedSets() []sealedSet {
	return []sealedSet{imageSet(), flatSet(bucketTemplates)}
}

// flatSet is a bucket whose values are sealed with the AAD of their own bucket and key.
func flatSet(bucket []byte) sealedSet {
	return sealedSet{
		name:      string(bucket),
		aadBucket: bucket,
		scan: func(tx *bolt.Tx, after []byte, fn func(k, v []byte) bool) bool {
			c := tx.Bucket(bucket).Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for ; k != nil; k, v = c.Next() {
				if !fn(k, v) {
					return false
				}
			}
			return true
		},
		get: func(tx *bolt.Tx, key []byte) []byte { return tx.Bucket(bucket).Get(key) },
		put: func(tx *bolt.Tx, key, value []byte) error { return tx.Bucket(bucket).Put(key, value) },
	}
}

// imageSet is the images bucket flattened to (id, kind) pairs under blobKey(id, kind), in
// (id, kind) order — the key of their AAD (imageAAD).
func imageSet() sealedSet {
	return sealedSet{
		name:      string(bucketImages),
		aadBucket: bucketBlobs,
		scan:      scanImages,
		get: func(tx *bolt.Tx, key []byte) []byte {
			id, kind, ok := splitBlobKey(key)
			if !ok {
				return nil
			}
			return unsafeImage(tx, id, kind)
		},
		put: func(tx *bolt.Tx, key, value []byte) error {
			id, kind, ok := splitBlobKey(key)
			sub := tx.Bucket(bucketImages).Bucket(id)
			if !ok || sub == nil {
				return fmt.Errorf("image %s: %w", key, ErrNotFound)
			}
			return sub.Put(kind, value)
		},
	}
}

// scanImages is imageSet's scan: ids in order, then the kinds of each. after splits back into
// (id, kind): the scan resumes at the next kind of that id, or at the next id.
func scanImages(tx *bolt.Tx, after []byte, fn func(k, v []byte) bool) bool {
	images := tx.Bucket(bucketImages)
	afterID, afterKind, _ := bytes.Cut(after, []byte("/"))
	c := images.Cursor()
	id, _ := c.First()
	if after != nil {
		id, _ = c.Seek(afterID)
	}
	for ; id != nil; id, _ = c.Next() {
		sub := images.Bucket(id)
		if sub == nil {
			continue // not a sub-bucket: Check reports it
		}
		sc := sub.Cursor()
		kind, v := sc.First()
		if after != nil && bytes.Equal(id, afterID) {
			if kind, v = sc.Seek(afterKind); kind != nil && bytes.Equal(kind, afterKind) {
				kind, v = sc.Next()
			}
		}
		for ; kind != nil; kind, v = sc.Next() {
			if v == nil {
				continue // a nested bucket: not an image
			}
			if !fn(blobKey(string(id), string(kind)), v) {
				return false
			}
		}
	}
	return true
}

// resealSet reseals one sealed collection, chunk by chunk.
func (db *DB) resealSet(ctx context.Context, s *AESGCMSealer, set sealedSet) (int, error) {
	n := 0
	var after []byte
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		var items []resealItem
		err := db.view(func(tx *bolt.Tx) error {
			end := set.scan(tx, after, func(k, v []byte) bool {
				if len(items) >= resealChunk {
					return false
				}
				after = append([]byte(nil), k...)
				if !s.SealedWithNewest(v) {
					items = append(items, resealItem{key: after, old: append([]byte(nil), v...)})
				}
				return true
			})
			if end {
				after = nil // done after this chunk
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("resealing %s: %w", set.name, err)
		}
		if err := resealValues(s, set, items); err != nil {
			return n, err
		}
		written, err := db.putResealed(set, items)
		n += written
		if err != nil || after == nil {
			return n, err
		}
	}
}

func resealValues(s *AESGCMSealer, set sealedSet, items []resealItem) error {
	for i, it := range items {
		plain, err := s.Open(it.old, aad(set.aadBucket, it.key))
		if err != nil {
			return fmt.Errorf("resealing %s/%s: %w", set.name, it.key, err)
		}
		if items[i].fresh, err = s.Seal(plain, aad(set.aadBucket, it.key)); err != nil {
			return fmt.Errorf("resealing %s/%s: %w", set.name, it.key, err)
		}
	}
	return nil
}

// putResealed writes the fresh values whose stored value is still the one resealed.
func (db *DB) putResealed(set sealedSet, items []resealItem) (int, error) {
	if len(items) == 0 {
		return 0, nil
	}
	n := 0
	err := db.update(func(tx *bolt.Tx) error {
		n = 0
		for _, it := range items {
			if !bytes.Equal(set.get(tx, it.key), it.old) {
				continue // erased or rewritten meanwhile
			}
			if err := set.put(tx, it.key, it.fresh); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("resealing %s: %w", set.name, err)
	}
	return n, nil
}

// resealDevices reseals the hub's device sync secrets (few: one transaction).
func (db *DB) resealDevices(ctx context.Context, s *AESGCMSealer) (int, error) {
	n := 0
	err := db.update(func(tx *bolt.Tx) error {
		n = 0
		b := tx.Bucket(bucketDevices)
		if b == nil {
			return nil
		}
		var ids []string
		if err := b.ForEach(func(k, _ []byte) error { ids = append(ids, string(k)); return nil }); err != nil {
			return err
		}
		for _, id := range ids {
			if err := ctx.Err(); err != nil {
				return err
			}
			d, old, err := unsafeGetDevice(tx, id)
			if err != nil || s.SealedWithNewest(old) {
				if err != nil {
					return err
				}
				continue
			}
			plain, err := s.Open(old, aad(bucketDevices, []byte(id)))
			if err != nil {
				return fmt.Errorf("device %s: %w", id, err)
			}
			fresh, err := s.Seal(plain, aad(bucketDevices, []byte(id)))
			if err != nil {
				return err
			}
			if err := unsafePutDevice(tx, d, fresh); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("resealing device secrets: %w", err)
	}
	return n, nil
}

// StaleSealed counts the stored values not sealed with the newest key; DropOldAESGCMKeys is
// safe only when it is 0.
func (db *DB) StaleSealed() (int, error) {
	s, ok := db.sealer.(*AESGCMSealer)
	if !ok {
		return 0, nil
	}
	n := 0
	err := db.view(func(tx *bolt.Tx) error {
		for _, set := range sealedSets() {
			set.scan(tx, nil, func(_, v []byte) bool {
				if !s.SealedWithNewest(v) {
					n++
				}
				return true
			})
		}
		if b := tx.Bucket(bucketDevices); b != nil {
			return b.ForEach(func(k, _ []byte) error {
				_, sec, err := unsafeGetDevice(tx, string(k))
				if err == nil && !s.SealedWithNewest(sec) {
					n++
				}
				return err
			})
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("counting stale sealed values: %w", err)
	}
	return n, nil
}

// DropOldAESGCMKeys rewrites keyFile with its newest key only (atomically, by rename). The
// caller must have resealed everything first (StaleSealed() == 0): dropped keys are gone for
// good, and so is everything they sealed.
func DropOldAESGCMKeys(keyFile string) (dropped int, err error) {
	raw, err := readKeyFile(keyFile)
	if err != nil {
		return 0, err
	}
	if len(raw) < aesKeyLen || len(raw)%aesKeyLen != 0 {
		return 0, fmt.Errorf("dropping old keys: %s: %d bytes: %w", keyFile, len(raw), ErrCorrupt)
	}
	if len(raw) == aesKeyLen {
		return 0, nil
	}
	tmp := keyFile + ".new"
	if err := writeNewFile(tmp, raw[:aesKeyLen]); err != nil {
		return 0, fmt.Errorf("dropping old keys: %w", err)
	}
	if err := os.Rename(tmp, keyFile); err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("dropping old keys: %w", err)
	}
	return len(raw)/aesKeyLen - 1, syncDir(filepath.Dir(keyFile))
}
