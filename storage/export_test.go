package storage

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Hooks for the external tests (package storage_test), which use storagetest.

// OpenAtSchema opens path migrated up to version only, the file an older binary would write.
func OpenAtSchema(path string, opts Options, version uint64) (*DB, error) {
	return openWith(path, opts, migrations()[:version])
}

// PutLegacyBlobs stores images (id → kind → plain bytes) as schemas 1–3 did: sealed with
// aad(blobs, id/kind) in the flat blobs bucket under id/kind. The file must be below schema 4.
func PutLegacyBlobs(db *DB, images map[string]map[string][]byte) error {
	return db.update(func(tx *bolt.Tx) error {
		for id, kinds := range images {
			for kind, plain := range kinds {
				v, err := db.sealer.Seal(plain, aad(bucketBlobs, blobKey(id, kind)))
				if err != nil {
					return err
				}
				if err := tx.Bucket(bucketBlobs).Put(blobKey(id, kind), v); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// SetResealChunk makes Reseal work n values per transaction until the returned func runs.
func SetResealChunk(n int) (restore func()) {
	old := resealChunk
	resealChunk = n
	return func() { resealChunk = old }
}

// MoveBlobChunks runs migration 4's chunk step at most chunks times on the closed file at path,
// maxBytes each, as a migration interrupted after them would leave the file, and returns how
// many blobs it moved.
func MoveBlobChunks(path string, chunks, maxBytes int) (int, error) {
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return 0, err
	}
	defer bdb.Close()
	total := 0
	for range chunks {
		n, err := moveBlobsChunk(bdb, maxBytes)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
	return total, nil
}

// RawLayout is what a closed file holds, read without migrating it.
type RawLayout struct {
	Schema uint64
	Blobs  map[string][]byte // flat blobs bucket, id/kind → sealed bytes; nil when the bucket is gone
	Images map[string][]byte // images/id/kind, under id/kind → sealed bytes; nil when the bucket is missing
}

// ReadRawLayout reads the schema version and both image layouts of the closed file at path.
func ReadRawLayout(path string) (RawLayout, error) {
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return RawLayout{}, err
	}
	defer bdb.Close()
	var out RawLayout
	err = bdb.View(func(tx *bolt.Tx) error {
		var err error
		if out.Schema, err = readSchemaVersion(tx); err != nil {
			return err
		}
		if b := tx.Bucket(bucketBlobs); b != nil {
			out.Blobs = map[string][]byte{}
			if err := b.ForEach(func(k, v []byte) error {
				out.Blobs[string(k)] = append([]byte(nil), v...)
				return nil
			}); err != nil {
				return err
			}
		}
		images := tx.Bucket(bucketImages)
		if images == nil {
			return nil
		}
		out.Images = map[string][]byte{}
		return images.ForEach(func(id, v []byte) error {
			sub := images.Bucket(id)
			if sub == nil {
				return fmt.Errorf("images %s: not a sub-bucket", id)
			}
			return sub.ForEach(func(kind, v []byte) error {
				out.Images[string(blobKey(string(id), string(kind)))] = append([]byte(nil), v...)
				return nil
			})
		})
	})
	return out, err
}

// WriteStats reports the bytes bbolt allocated for pages since Open (every page a commit
// wrote) and the bytes in use up to the file's high-water mark.
func (db *DB) WriteStats() (allocated, used int64) {
	st := db.bolt.Stats()
	allocated = st.TxStats.GetPageAlloc()
	db.bolt.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	return allocated, used
}

// SealedImageBytes sums the sealed image values stored.
func (db *DB) SealedImageBytes() (int64, error) {
	var n int64
	err := db.view(func(tx *bolt.Tx) error {
		imageSet().scan(tx, nil, func(_, v []byte) bool { n += int64(len(v)); return true })
		return nil
	})
	return n, err
}
