package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

// TestRotateResealDrop: after rotating, resealing and dropping the old key, everything stored
// still opens with the new key alone, and a value sealed by the old key no longer does.
func TestRotateResealDrop(t *testing.T) {
	dir := t.TempDir()
	keyFile, path := filepath.Join(dir, "kycd.key"), filepath.Join(dir, "kycd.db")
	open := func() *storage.DB {
		s, err := storage.NewAESGCMSealer(keyFile)
		if err != nil {
			t.Fatal(err)
		}
		return storagetest.MustOpenWith(t, path, storage.Options{Sealer: s})
	}
	db := open()
	for i, id := range []string{"ver_aaaaaaaaaaa1", "ver_aaaaaaaaaaa2", "ver_aaaaaaaaaaa3"} {
		mustPut(t, db, rec(id, i, "verified"), storage.WriteOptions{
			Blobs: map[string][]byte{"selfie": []byte("img-" + id)}, Template: []byte("tmpl-" + id)})
	}
	oldSealer, _ := storage.NewAESGCMSealer(keyFile)
	oldSealed, _ := oldSealer.Seal([]byte("x"), []byte("aad"))
	db.Close()

	if err := storage.RotateAESGCMKey(keyFile); err != nil {
		t.Fatal(err)
	}
	db = open()
	if n, err := db.StaleSealed(); err != nil || n != 6 {
		t.Fatalf("StaleSealed before reseal = %d, %v; want 6", n, err)
	}
	if n, err := db.Reseal(context.Background()); err != nil || n != 6 {
		t.Fatalf("Reseal = %d, %v; want 6", n, err)
	}
	if n, err := db.StaleSealed(); err != nil || n != 0 {
		t.Fatalf("StaleSealed after reseal = %d, %v", n, err)
	}
	db.Close()
	if n, err := storage.DropOldAESGCMKeys(keyFile); err != nil || n != 1 {
		t.Fatalf("DropOldAESGCMKeys = %d, %v", n, err)
	}
	db = open()
	if b, err := db.GetBlob("ver_aaaaaaaaaaa2", "selfie"); err != nil || string(b) != "img-ver_aaaaaaaaaaa2" {
		t.Errorf("blob after drop: %q %v", b, err)
	}
	n := 0
	if err := db.ForEachTemplate(func(string, []byte) error { n++; return nil }); err != nil || n != 3 {
		t.Errorf("templates after drop: %d %v", n, err)
	}
	newSealer, _ := storage.NewAESGCMSealer(keyFile)
	if newSealer.Keys() != 1 {
		t.Errorf("%d keys after drop", newSealer.Keys())
	}
	if _, err := newSealer.Open(oldSealed, []byte("aad")); !errors.Is(err, storage.ErrUnknownSealKey) {
		t.Errorf("old ciphertext after drop: %v, want ErrUnknownSealKey", err)
	}
}
