package storage_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kycd/kycd/storage"
	bolt "go.etcd.io/bbolt"
)

// seq8 is an audit/outbox key.
func seq8(n uint64) []byte {
	return []byte{0, 0, 0, 0, 0, 0, 0, byte(n)}
}

// appendEvents writes five events to a fresh database at path and closes it.
func appendEvents(t *testing.T, path string) []storage.AuditEvent {
	t.Helper()
	db, err := storage.Open(path, storage.Options{Now: tickingClock()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []storage.AuditEvent
	for i, action := range []string{"key.create", "verification.create", "verification.review", "verification.delete"} {
		ev, err := db.AppendAudit(storage.AuditEvent{Actor: "key_abc", Action: action, Target: "ver_a", Details: map[string]string{"n": string(rune('0' + i))}})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
	err = db.PutVerification(context.Background(), storage.Record{ID: "ver_b"}, storage.WriteOptions{Audit: &storage.AuditEvent{Action: "verification.create"}})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAuditChain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kycd.db")
	evs := appendEvents(t, path)
	if evs[0].Seq != 1 || evs[0].PrevHash != strings.Repeat("0", 64) || evs[1].PrevHash != evs[0].Hash || len(evs[3].Hash) != 64 {
		t.Errorf("chain links wrong: %+v", evs)
	}
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.VerifyAudit(); err != nil || n != 5 {
		t.Errorf("VerifyAudit = %d, %v, want 5, nil", n, err)
	}
	if _, err := db.AppendAudit(storage.AuditEvent{}); !errors.Is(err, storage.ErrInvalidArgument) {
		t.Errorf("AppendAudit without action = %v", err)
	}
}

func TestAuditTamperDetected(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(b *bolt.Bucket) error
		wantN   int
		wantMsg string
	}{
		{"edited action", func(b *bolt.Bucket) error {
			v := bytes.Replace(b.Get(seq8(3)), []byte("verification.review"), []byte("verification.ignore"), 1)
			return b.Put(seq8(3), v)
		}, 2, "audit event 3"},
		{"edited details", func(b *bolt.Bucket) error {
			v := bytes.Replace(b.Get(seq8(2)), []byte(`"n":"1"`), []byte(`"n":"9"`), 1)
			return b.Put(seq8(2), v)
		}, 1, "audit event 2"},
		{"removed event", func(b *bolt.Bucket) error { return b.Delete(seq8(2)) }, 1, "audit event 2"},
		{"removed last event", func(b *bolt.Bucket) error { return b.Delete(seq8(5)) }, 4, "audit event 5"},
		{"swapped events", func(b *bolt.Bucket) error {
			v2, v3 := append([]byte(nil), b.Get(seq8(2))...), append([]byte(nil), b.Get(seq8(3))...)
			if err := b.Put(seq8(2), v3); err != nil {
				return err
			}
			return b.Put(seq8(3), v2)
		}, 1, "audit event 2"},
		{"garbage", func(b *bolt.Bucket) error { return b.Put(seq8(4), []byte("\x01{")) }, 3, "audit event 4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kycd.db")
			appendEvents(t, path)
			raw, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = raw.Update(func(tx *bolt.Tx) error { return tc.tamper(tx.Bucket([]byte("audit"))) })
			raw.Close()
			if err != nil {
				t.Fatal(err)
			}
			db, err := storage.Open(path, storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			n, err := db.VerifyAudit()
			if !errors.Is(err, storage.ErrAuditBroken) || n != tc.wantN || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("VerifyAudit = %d, %v; want %d and %q", n, err, tc.wantN, tc.wantMsg)
			}
		})
	}
}
