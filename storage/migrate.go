package storage

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"

	bolt "go.etcd.io/bbolt"
)

// migration upgrades the schema from version-1 to version. Each runs in its
// own transaction together with the version bump, so a crash leaves the
// database at a whole version.
type migration struct {
	version uint64
	name    string
	apply   func(tx *bolt.Tx) error
	// pre, if set, runs before apply's transaction, with transactions of its
	// own: for moving more data than one transaction should hold. It must be
	// resumable (a crash leaves the version unchanged and pre runs again) and
	// leave apply little to do.
	pre func(db *bolt.DB) error
}

// migrations lists every schema step in order. Append only: never edit or
// reorder a released step. SchemaVersion is the last one.
func migrations() []migration {
	return []migration{
		{version: 1, name: "create buckets", apply: createBuckets},
		{version: 2, name: "webhook queue index and log, hub devices", apply: createSchema2Buckets},
		{version: 3, name: "duplicate index: image hashes", apply: createSchema3Buckets},
		{version: 4, name: "images by verification", pre: moveBlobs, apply: finishImages},
	}
}

// SchemaVersion is the newest schema this binary reads and writes.
const SchemaVersion uint64 = 4

func createBuckets(tx *bolt.Tx) error {
	for _, name := range allBuckets() {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

func createSchema2Buckets(tx *bolt.Tx) error {
	for _, name := range schema2Buckets() {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

func createSchema3Buckets(tx *bolt.Tx) error {
	for _, name := range schema3Buckets() {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

// migrateChunkBytes bounds the image bytes migration 4 moves per transaction.
const migrateChunkBytes = 32 << 20

// moveBlobs is migration 4's pre step: it moves the flat blobs bucket into
// images/id/kind, chunk by chunk. Each chunk puts and deletes its keys in one
// transaction, so a crash in between resumes where the last commit left off.
// The sealed bytes move as they are: their AAD (imageAAD) did not change.
func moveBlobs(db *bolt.DB) error {
	for {
		n, err := moveBlobsChunk(db, migrateChunkBytes)
		if err != nil || n == 0 {
			return err
		}
	}
}

// moveBlobsChunk moves the first blobs in key order, as many as fit in maxBytes
// of values (at least one), in one transaction, and returns how many it moved
// (0: none left).
func moveBlobsChunk(db *bolt.DB, maxBytes int) (int, error) {
	n := 0
	err := db.Update(func(tx *bolt.Tx) error {
		var err error
		n, err = unsafeMoveBlobs(tx, maxBytes)
		return err
	})
	return n, err
}

// unsafeMoveBlobs moves blobs to images in tx, up to maxBytes of values (at
// least one blob; maxBytes < 0: all of them). A verification whose images
// straddle two chunks gets its sub-bucket in the first and the rest in the next.
func unsafeMoveBlobs(tx *bolt.Tx, maxBytes int) (int, error) {
	blobs := tx.Bucket(bucketBlobs)
	if blobs == nil {
		return 0, nil
	}
	images, err := tx.CreateBucketIfNotExists(bucketImages)
	if err != nil {
		return 0, fmt.Errorf("creating bucket %s: %w", bucketImages, err)
	}
	type entry struct{ key, val []byte }
	var chunk []entry
	size := 0
	c := blobs.Cursor()
	for k, v := c.First(); k != nil && (maxBytes < 0 || len(chunk) == 0 || size+len(v) <= maxBytes); k, v = c.Next() {
		if v == nil {
			return 0, fmt.Errorf("blob %s: a bucket: %w", k, ErrCorrupt)
		}
		chunk = append(chunk, entry{append([]byte(nil), k...), append([]byte(nil), v...)})
		size += len(v)
	}
	for _, e := range chunk { // after the scan: deleting under a cursor can skip keys
		id, kind, ok := splitBlobKey(e.key)
		if !ok {
			return 0, fmt.Errorf("blob key %q: not id/kind: %w", e.key, ErrCorrupt)
		}
		s, err := images.CreateBucketIfNotExists(id)
		if err != nil {
			return 0, fmt.Errorf("moving blob %s: %w", e.key, err)
		}
		if err := s.Put(kind, e.val); err != nil {
			return 0, fmt.Errorf("moving blob %s: %w", e.key, err)
		}
		if err := blobs.Delete(e.key); err != nil {
			return 0, fmt.Errorf("moving blob %s: %w", e.key, err)
		}
	}
	return len(chunk), nil
}

// finishImages is migration 4's versioned step: moves what moveBlobs left (nothing, unless
// it did not run), drops the blobs bucket and makes sure images exists (a fresh file).
func finishImages(tx *bolt.Tx) error {
	if _, err := unsafeMoveBlobs(tx, -1); err != nil {
		return err
	}
	if tx.Bucket(bucketBlobs) != nil {
		if err := tx.DeleteBucket(bucketBlobs); err != nil {
			return fmt.Errorf("dropping bucket %s: %w", bucketBlobs, err)
		}
	}
	for _, name := range schema4Buckets() {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

// readSchemaVersion returns 0 for a fresh file.
func readSchemaVersion(tx *bolt.Tx) (uint64, error) {
	b := tx.Bucket(bucketMeta)
	if b == nil {
		return 0, nil
	}
	v := b.Get(keySchemaVersion)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("reading schema version: %d bytes: %w", len(v), ErrCorrupt)
	}
	return binary.BigEndian.Uint64(v), nil
}

func writeSchemaVersion(tx *bolt.Tx, v uint64) error {
	b, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return fmt.Errorf("creating meta bucket: %w", err)
	}
	return b.Put(keySchemaVersion, u64(v))
}

// migrate brings db to the last version of steps, one transaction per step.
// It refuses a database newer than the last step. It reports whether a step
// with a pre step ran: such a step may have read the whole file through the
// mmap, which then counts in the process's resident memory until unmapped.
func migrate(db *bolt.DB, steps []migration, log *slog.Logger) (bulk bool, err error) {
	var current uint64
	if err := db.View(func(tx *bolt.Tx) (err error) {
		current, err = readSchemaVersion(tx)
		return err
	}); err != nil {
		return false, err
	}
	latest := uint64(0)
	if len(steps) > 0 {
		latest = steps[len(steps)-1].version
	}
	if current > latest {
		return false, fmt.Errorf("schema version %d, this binary knows up to %d: %w", current, latest, ErrSchemaTooNew)
	}
	fresh := current == 0 // a fresh file: nothing worth telling the operator
	for _, m := range steps {
		if m.version <= current {
			continue
		}
		if m.pre != nil {
			bulk = !fresh
			if err := m.pre(db); err != nil {
				return bulk, fmt.Errorf("migrating to schema %d (%s): %w", m.version, m.name, err)
			}
		}
		err := db.Update(func(tx *bolt.Tx) error {
			if err := m.apply(tx); err != nil {
				return err
			}
			return writeSchemaVersion(tx, m.version)
		})
		if err != nil {
			return bulk, fmt.Errorf("migrating to schema %d (%s): %w", m.version, m.name, err)
		}
		level := slog.LevelInfo
		if fresh {
			level = slog.LevelDebug
		}
		log.Log(context.Background(), level, "storage migrated", "schema_version", m.version, "migration", m.name)
		current = m.version
	}
	return bulk, nil
}
