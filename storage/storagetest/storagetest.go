// Package storagetest opens throw-away kycd databases for tests, checking
// their consistency when the test ends (after bbolt's internal/btesting).
package storagetest

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/kycd/kycd/storage"
)

// MustOpen opens a fresh database in t.TempDir(), sealed with a fresh
// AES-GCM key file beside it. On cleanup it runs Check and Close and fails
// the test on any inconsistency. Closing it earlier in the test is fine.
func MustOpen(t testing.TB) *storage.DB {
	t.Helper()
	dir := t.TempDir()
	sealer, err := storage.NewAESGCMSealer(filepath.Join(dir, "blob.key"))
	if err != nil {
		t.Fatalf("creating sealer: %v", err)
	}
	return MustOpenWith(t, filepath.Join(dir, "kycd.db"), storage.Options{Sealer: sealer})
}

// MustOpenWith opens path with opts and registers the same cleanup as MustOpen.
func MustOpenWith(t testing.TB, path string, opts storage.Options) *storage.DB {
	t.Helper()
	db, err := storage.Open(path, opts)
	if err != nil {
		t.Fatalf("opening db: %v", err)
	}
	t.Cleanup(func() {
		err := db.Check()
		if errors.Is(err, storage.ErrClosed) {
			return // the test closed it itself
		}
		if err != nil {
			t.Errorf("db inconsistent at end of test: %v", err)
		}
		if err := db.Close(); err != nil {
			t.Errorf("closing db: %v", err)
		}
	})
	return db
}
