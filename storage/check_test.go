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
		{"orphan image", func(tx *bolt.Tx) error {
			sub, err := tx.Bucket([]byte("images")).CreateBucket([]byte("ver_gone"))
			if err != nil {
				return err
			}
			return sub.Put([]byte("selfie"), []byte{0})
		}, "images ver_gone: no live record"},
		{"empty image sub-bucket", func(tx *bolt.Tx) error {
			images := tx.Bucket([]byte("images"))
			if err := images.DeleteBucket([]byte("ver_a")); err != nil {
				return err
			}
			_, err := images.CreateBucket([]byte("ver_a"))
			return err
		}, "images ver_a: empty sub-bucket"},
		{"image as a value", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("images")).Put([]byte("ver_a0"), []byte{0})
		}, "images ver_a0: a value, not a sub-bucket"},
		{"images of a tombstone", func(tx *bolt.Tx) error {
			sub, err := tx.Bucket([]byte("images")).CreateBucket([]byte("ver_t"))
			if err != nil {
				return err
			}
			return sub.Put([]byte("selfie"), []byte{0})
		}, "images ver_t: no live record"},
		{"blobs bucket back", func(tx *bolt.Tx) error {
			_, err := tx.CreateBucket([]byte("blobs"))
			return err
		}, "bucket blobs: still present"},
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
			mustPut(t, db, rec("ver_t", 1, "verified"), storage.WriteOptions{Blobs: map[string][]byte{"selfie": []byte("y")}})
			if err := db.DeleteVerification("ver_t", []byte(`{}`), storage.WriteOptions{}); err != nil {
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
