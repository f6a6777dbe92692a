package storage

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestMigrationsAreOrdered(t *testing.T) {
	steps := migrations()
	for i, m := range steps {
		if m.version != uint64(i+1) || m.name == "" || m.apply == nil {
			t.Errorf("migration %d = {%d %q}: versions must be 1, 2, 3… with a name and a func", i, m.version, m.name)
		}
	}
	if last := steps[len(steps)-1].version; last != SchemaVersion {
		t.Errorf("last migration %d, SchemaVersion %d", last, SchemaVersion)
	}
}

func TestMigrationsRunOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	runs := map[string]int{}
	steps := append(migrations(), migration{version: SchemaVersion + 1, name: "test step", apply: func(tx *bolt.Tx) error {
		runs["test step"]++
		_, err := tx.CreateBucketIfNotExists([]byte("test_bucket"))
		return err
	}})
	for range 3 {
		db, err := openWith(path, Options{Logger: discardLogger()}, steps)
		if err != nil {
			t.Fatal(err)
		}
		db.view(func(tx *bolt.Tx) error {
			if v, _ := readSchemaVersion(tx); v != SchemaVersion+1 {
				t.Errorf("schema version %d, want %d", v, SchemaVersion+1)
			}
			return nil
		})
		db.Close()
	}
	if runs["test step"] != 1 {
		t.Errorf("test step ran %d times, want 1", runs["test step"])
	}
	// The binary without the test step now refuses the file.
	if _, err := Open(path, Options{Logger: discardLogger()}); !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("Open of newer schema = %v, want ErrSchemaTooNew", err)
	}
}

func TestFailedMigrationLeavesPreviousVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	boom := errors.New("boom")
	steps := append(migrations(), migration{version: SchemaVersion + 1, name: "failing", apply: func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucket([]byte("half_done")); err != nil {
			return err
		}
		return boom
	}})
	if _, err := openWith(path, Options{Logger: discardLogger()}, steps); !errors.Is(err, boom) {
		t.Fatalf("openWith = %v, want boom", err)
	}
	db, err := Open(path, Options{Logger: discardLogger()})
	if err != nil {
		t.Fatalf("Open after failed migration: %v", err)
	}
	defer db.Close()
	db.view(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte("half_done")) != nil {
			t.Error("failed migration left a bucket behind")
		}
		return nil
	})
}

func TestOpenLockedTimesOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	db, err := Open(path, Options{Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, err = Open(path, Options{Timeout: 100 * time.Millisecond, Logger: discardLogger()})
	if !errors.Is(err, ErrLocked) {
		t.Errorf("second Open = %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("second Open took %s", d)
	}
}

func TestOpenRestrictsFileMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	db, err := Open(path, Options{Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("db file mode %v after Open, want 0600", info.Mode().Perm())
	}
}
