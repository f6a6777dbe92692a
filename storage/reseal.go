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
// is never held for long and Reseal can run next to a serving daemon.
const resealChunk = 256

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
	for _, bucket := range [][]byte{bucketBlobs, bucketTemplates} {
		n, err := db.resealBucket(ctx, s, bucket)
		total += n
		if err != nil {
			return total, err
		}
	}
	n, err := db.resealDevices(ctx, s)
	return total + n, err
}

type resealItem struct{ key, old, fresh []byte }

// resealBucket reseals a bucket whose values are sealed bytes, chunk by chunk.
func (db *DB) resealBucket(ctx context.Context, s *AESGCMSealer, bucket []byte) (int, error) {
	n := 0
	var after []byte
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		var items []resealItem
		err := db.view(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucket).Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for ; k != nil && len(items) < resealChunk; k, v = c.Next() {
				after = append([]byte(nil), k...)
				if !s.SealedWithNewest(v) {
					items = append(items, resealItem{key: after, old: append([]byte(nil), v...)})
				}
			}
			if k == nil {
				after = nil // done after this chunk
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("resealing %s: %w", bucket, err)
		}
		if err := resealValues(s, bucket, items); err != nil {
			return n, err
		}
		written, err := db.putResealed(bucket, items)
		n += written
		if err != nil || after == nil {
			return n, err
		}
	}
}

func resealValues(s *AESGCMSealer, bucket []byte, items []resealItem) error {
	for i, it := range items {
		plain, err := s.Open(it.old, aad(bucket, it.key))
		if err != nil {
			return fmt.Errorf("resealing %s/%s: %w", bucket, it.key, err)
		}
		if items[i].fresh, err = s.Seal(plain, aad(bucket, it.key)); err != nil {
			return fmt.Errorf("resealing %s/%s: %w", bucket, it.key, err)
		}
	}
	return nil
}

// putResealed writes the fresh values whose stored value is still the one resealed.
func (db *DB) putResealed(bucket []byte, items []resealItem) (int, error) {
	if len(items) == 0 {
		return 0, nil
	}
	n := 0
	err := db.update(func(tx *bolt.Tx) error {
		n = 0
		b := tx.Bucket(bucket)
		for _, it := range items {
			if !bytes.Equal(b.Get(it.key), it.old) {
				continue // erased or rewritten meanwhile
			}
			if err := b.Put(it.key, it.fresh); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("resealing %s: %w", bucket, err)
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
		for _, bucket := range [][]byte{bucketBlobs, bucketTemplates} {
			tx.Bucket(bucket).ForEach(func(_, v []byte) error {
				if !s.SealedWithNewest(v) {
					n++
				}
				return nil
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
