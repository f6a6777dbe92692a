package storage

import (
	"errors"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// The outbox's count follows committed transactions only: an item enqueued by a transaction
// that rolls back is not counted, and a reopened database counts what is stored.
func TestOutboxCountFollowsCommits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kycd.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	enqueue := func(fail bool) error {
		return db.update(func(tx *bolt.Tx) error {
			if err := db.unsafeEnqueue(tx, Record{ID: "ver_1", Version: 1}); err != nil {
				return err
			}
			if fail {
				return errors.New("a later step failed")
			}
			return nil
		})
	}
	for _, tc := range []struct {
		name string
		fail bool
		want int
	}{
		{"committed", false, 1},
		{"rolled back", true, 1},
		{"committed again", false, 2},
	} {
		err := enqueue(tc.fail)
		if (err != nil) != tc.fail {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if n, _ := db.OutboxDepth(); n != tc.want {
			t.Errorf("%s: OutboxDepth = %d, want %d", tc.name, n, tc.want)
		}
	}
	if err := db.OutboxAck(1, 1, 7); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.OutboxDepth(); n != 1 {
		t.Errorf("after acking seq 1 twice and an unknown one: OutboxDepth = %d, want 1", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.OutboxDepth(); n != 1 {
		t.Errorf("after reopening: OutboxDepth = %d, want 1", n)
	}
}
