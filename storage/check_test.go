package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kycd/kycd/storage"
	bolt "go.etcd.io/bbolt"
)

func TestCheckFindsInconsistencies(t *testing.T) {
	tests := []struct {
		name    string
		break_  func(tx *bolt.Tx) error
		wantMsg string
	}{
		{"index entry removed", func(tx *bolt.Tx) error {
			c := tx.Bucket([]byte("by_created")).Cursor()
			k, _ := c.First()
			return tx.Bucket([]byte("by_created")).Delete(k)
		}, "no by_created entry"},
		{"record removed", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("verifications")).Delete([]byte("ver_a"))
		}, "record ver_a missing"},
		{"orphan blob", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("blobs")).Put([]byte("ver_gone/selfie"), []byte{0})
		}, "blob ver_gone/selfie"},
		{"orphan key hash", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("key_hashes")).Put(make([]byte, 32), []byte("key_gone"))
		}, "key key_gone missing"},
		{"undecodable record", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("verifications")).Put([]byte("ver_a"), []byte("\x07{}"))
		}, "unknown encoding version"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kycd.db")
			db, err := storage.Open(path, storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			err = db.PutVerification(context.Background(), rec("ver_a", 0, "verified"), storage.WriteOptions{Blobs: map[string][]byte{"selfie": []byte("x")}})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Check(); err != nil {
				t.Fatalf("Check before breaking: %v", err)
			}
			db.Close()
			raw, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = raw.Update(tc.break_)
			raw.Close()
			if err != nil {
				t.Fatal(err)
			}
			db, err = storage.Open(path, storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.Check()
			if !errors.Is(err, storage.ErrInconsistent) || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("Check = %v, want ErrInconsistent mentioning %q", err, tc.wantMsg)
			}
		})
	}
}
