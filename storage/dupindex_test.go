package storage_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

func TestDupEntries(t *testing.T) {
	db := storagetest.MustOpen(t)
	mustPut(t, db, rec("ver_a", 0, "verified"), storage.WriteOptions{Template: []byte("tmpl")})
	mustPut(t, db, rec("ver_b", 1, "verified"), storage.WriteOptions{})
	for id, e := range map[string]storage.DupEntry{
		"ver_a": {DocKeys: []string{"MAR:AE1"}, Hashes: map[string]uint64{"selfie": 42}},
		"ver_b": {DocKeys: []string{"MAR:AE1", "MAR:CARD9"}, Hashes: map[string]uint64{"document_front": 7}},
	} {
		if err := db.PutDupEntry(id, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.PutDupEntry("ver_missing", storage.DupEntry{}); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("entry for a missing record: %v", err)
	}
	ids, err := db.VerificationsWithDocument("MAR:AE1")
	if err != nil || !slices.Equal(ids, []string{"ver_a", "ver_b"}) {
		t.Fatalf("ids %v, %v", ids, err)
	}

	// A tombstone takes its entry, docnums and template with it.
	if err := db.DeleteVerification("ver_a", []byte(`{}`), storage.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	ids, _ = db.VerificationsWithDocument("MAR:AE1")
	if !slices.Equal(ids, []string{"ver_b"}) {
		t.Fatalf("after delete: %v", ids)
	}
	var seen []string
	if err := db.ForEachDupEntry(func(id string, e storage.DupEntry) error {
		seen = append(seen, id)
		if e.Hashes["document_front"] != 7 {
			t.Errorf("hashes of %s: %v", id, e.Hashes)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []string{"ver_b"}) {
		t.Fatalf("entries %v", seen)
	}
	n := 0
	db.ForEachTemplate(func(string, []byte) error { n++; return nil })
	if n != 0 {
		t.Fatalf("%d templates after delete", n)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}
