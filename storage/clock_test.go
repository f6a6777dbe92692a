package storage_test

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

// tickingClock returns t0, t0+1s, t0+2s… so orderings by time are deterministic.
func tickingClock() func() time.Time {
	var mu sync.Mutex
	now := t0
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
}

// openTicking opens a database whose clock ticks a second per reading.
func openTicking(t *testing.T) *storage.DB {
	return storagetest.MustOpenWith(t, filepath.Join(t.TempDir(), "kycd.db"), storage.Options{Now: tickingClock()})
}
