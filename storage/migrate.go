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
}

// migrations lists every schema step in order. Append only: never edit or
// reorder a released step. SchemaVersion is the last one.
func migrations() []migration {
	return []migration{
		{version: 1, name: "create buckets", apply: createBuckets},
		{version: 2, name: "webhook queue index and log, hub devices", apply: createSchema2Buckets},
		{version: 3, name: "duplicate index: image hashes", apply: createSchema3Buckets},
	}
}

// SchemaVersion is the newest schema this binary reads and writes.
const SchemaVersion uint64 = 3

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
// It refuses a database newer than the last step.
func migrate(db *bolt.DB, steps []migration, log *slog.Logger) error {
	var current uint64
	if err := db.View(func(tx *bolt.Tx) (err error) {
		current, err = readSchemaVersion(tx)
		return err
	}); err != nil {
		return err
	}
	latest := uint64(0)
	if len(steps) > 0 {
		latest = steps[len(steps)-1].version
	}
	if current > latest {
		return fmt.Errorf("schema version %d, this binary knows up to %d: %w", current, latest, ErrSchemaTooNew)
	}
	fresh := current == 0 // a fresh file: nothing worth telling the operator
	for _, m := range steps {
		if m.version <= current {
			continue
		}
		err := db.Update(func(tx *bolt.Tx) error {
			if err := m.apply(tx); err != nil {
				return err
			}
			return writeSchemaVersion(tx, m.version)
		})
		if err != nil {
			return fmt.Errorf("migrating to schema %d (%s): %w", m.version, m.name, err)
		}
		level := slog.LevelInfo
		if fresh {
			level = slog.LevelDebug
		}
		log.Log(context.Background(), level, "storage migrated", "schema_version", m.version, "migration", m.name)
		current = m.version
	}
	return nil
}
