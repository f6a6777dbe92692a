package storage_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func rec(id string, minute int, status string) storage.Record {
	return storage.Record{
		ID: id, CreatedAt: t0.Add(time.Duration(minute) * time.Minute), Status: status,
		Body: []byte(fmt.Sprintf(`{"id":%q,"status":%q}`, id, status)),
	}
}

func mustPut(t *testing.T, db *storage.DB, r storage.Record, w storage.WriteOptions) {
	t.Helper()
	if err := db.PutVerification(context.Background(), r, w); err != nil {
		t.Fatalf("PutVerification(%s): %v", r.ID, err)
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	sealer, err := storage.NewAESGCMSealer(filepath.Join(dir, "blob.key"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "kycd.db")
	db := storagetest.MustOpenWith(t, path, storage.Options{Sealer: sealer})
	mustPut(t, db, rec("ver_a", 0, "verified"), storage.WriteOptions{
		Blobs:       map[string][]byte{"selfie": []byte("jpeg bytes")},
		Idempotency: &storage.IdempotencyEntry{KeyID: "key_1", Key: "idem-1", BodyHash: "h1"},
		Outbox:      true,
		Audit:       &storage.AuditEvent{Actor: "key_1", Action: "verification.create"},
	})
	plain, _, err := db.CreateKey("frontdesk", []string{"verify"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	sealer2, err := storage.NewAESGCMSealer(filepath.Join(dir, "blob.key"))
	if err != nil {
		t.Fatal(err)
	}
	db = storagetest.MustOpenWith(t, path, storage.Options{Sealer: sealer2})
	got, err := db.GetVerification("ver_a")
	if err != nil || got.Version != 1 || got.Status != "verified" || !got.CreatedAt.Equal(t0) {
		t.Errorf("GetVerification after reopen = %+v, %v", got, err)
	}
	if b, err := db.GetBlob("ver_a", "selfie"); err != nil || string(b) != "jpeg bytes" {
		t.Errorf("GetBlob after reopen = %q, %v", b, err)
	}
	if e, err := db.LookupIdempotency("key_1", "idem-1"); err != nil || e.VerificationID != "ver_a" {
		t.Errorf("LookupIdempotency after reopen = %+v, %v", e, err)
	}
	if n, err := db.OutboxDepth(); err != nil || n != 1 {
		t.Errorf("OutboxDepth after reopen = %d, %v", n, err)
	}
	if n, err := db.VerifyAudit(); err != nil || n != 1 {
		t.Errorf("VerifyAudit after reopen = %d, %v", n, err)
	}
	if _, err := db.Authenticate(plain); err != nil {
		t.Errorf("Authenticate after reopen: %v", err)
	}
}

func TestPutVersionsAndTimestamps(t *testing.T) {
	clock := t0.Add(time.Hour)
	db := storagetest.MustOpenWith(t, filepath.Join(t.TempDir(), "db"), storage.Options{Now: func() time.Time { return clock }})
	var got storage.Record
	mustPut(t, db, storage.Record{ID: "ver_a", Status: "pending"}, storage.WriteOptions{Result: &got})
	if got.Version != 1 || !got.CreatedAt.Equal(clock) || !got.UpdatedAt.Equal(clock) {
		t.Fatalf("insert stored %+v", got)
	}
	clock = clock.Add(time.Minute)
	mustPut(t, db, storage.Record{ID: "ver_a", Status: "verified"}, storage.WriteOptions{IfVersion: 1, Result: &got})
	if got.Version != 2 || !got.CreatedAt.Equal(t0.Add(time.Hour)) || !got.UpdatedAt.Equal(clock) {
		t.Fatalf("update stored %+v", got)
	}

	tests := []struct {
		name string
		rec  storage.Record
		w    storage.WriteOptions
		want error
	}{
		{"stale IfVersion", storage.Record{ID: "ver_a"}, storage.WriteOptions{IfVersion: 1}, storage.ErrVersionConflict},
		{"IfVersion on missing", storage.Record{ID: "ver_zz"}, storage.WriteOptions{IfVersion: 1}, storage.ErrNotFound},
		{"KeepVersion not newer", storage.Record{ID: "ver_a", Version: 2}, storage.WriteOptions{KeepVersion: true}, storage.ErrVersionConflict},
		{"empty id", storage.Record{}, storage.WriteOptions{}, storage.ErrInvalidArgument},
		{"slash in id", storage.Record{ID: "a/b"}, storage.WriteOptions{}, storage.ErrInvalidArgument},
		{"bad blob kind", storage.Record{ID: "ver_b"}, storage.WriteOptions{Blobs: map[string][]byte{"": nil}}, storage.ErrInvalidArgument},
		{"before 1970", storage.Record{ID: "ver_b", CreatedAt: time.Unix(-5, 0)}, storage.WriteOptions{}, storage.ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := db.PutVerification(context.Background(), tc.rec, tc.w)
			if !errors.Is(err, tc.want) {
				t.Errorf("PutVerification = %v, want %v", err, tc.want)
			}
		})
	}
	mustPut(t, db, storage.Record{ID: "ver_a", Version: 7}, storage.WriteOptions{KeepVersion: true, Result: &got})
	if got.Version != 7 {
		t.Errorf("KeepVersion stored version %d, want 7", got.Version)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := db.PutVerification(ctx, storage.Record{ID: "ver_c"}, storage.WriteOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("PutVerification with cancelled ctx = %v", err)
	}
}

func TestCreatedAtChangeMovesIndex(t *testing.T) {
	db := storagetest.MustOpen(t)
	mustPut(t, db, rec("ver_a", 0, "pending"), storage.WriteOptions{})
	mustPut(t, db, rec("ver_b", 1, "pending"), storage.WriteOptions{})
	mustPut(t, db, rec("ver_a", 2, "pending"), storage.WriteOptions{}) // now the newest
	recs, _, err := db.ListVerifications(storage.ListQuery{})
	if err != nil || len(recs) != 2 || recs[0].ID != "ver_a" {
		t.Fatalf("ListVerifications = %v, %v", ids(recs), err)
	}
	// storagetest's cleanup Check fails the test if the old index entry remained.
}

func ids(recs []storage.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.ID)
	}
	return out
}

func TestListPagination(t *testing.T) {
	db := storagetest.MustOpen(t)
	statuses := []string{"verified", "rejected", "verified", "review", "verified", "verified", "rejected"}
	for i, s := range statuses {
		r := rec(fmt.Sprintf("ver_%02d", i), i, s)
		r.Device = fmt.Sprintf("dev_%d", i%2)
		mustPut(t, db, r, storage.WriteOptions{})
	}
	tests := []struct {
		name    string
		q       storage.ListQuery
		want    []string
		hasMore bool
	}{
		{"first page", storage.ListQuery{Limit: 3}, []string{"ver_06", "ver_05", "ver_04"}, true},
		{"second page", storage.ListQuery{Limit: 3, StartingAfter: "ver_04"}, []string{"ver_03", "ver_02", "ver_01"}, true},
		{"last page", storage.ListQuery{Limit: 3, StartingAfter: "ver_01"}, []string{"ver_00"}, false},
		{"exact end", storage.ListQuery{Limit: 1, StartingAfter: "ver_01"}, []string{"ver_00"}, false},
		{"after oldest", storage.ListQuery{StartingAfter: "ver_00"}, nil, false},
		{"default limit", storage.ListQuery{}, []string{"ver_06", "ver_05", "ver_04", "ver_03", "ver_02", "ver_01", "ver_00"}, false},
		{"status", storage.ListQuery{Status: "verified", Limit: 2}, []string{"ver_05", "ver_04"}, true},
		{"status page 2", storage.ListQuery{Status: "verified", Limit: 2, StartingAfter: "ver_04"}, []string{"ver_02", "ver_00"}, false},
		{"status cursor of other status", storage.ListQuery{Status: "rejected", StartingAfter: "ver_05"}, []string{"ver_01"}, false},
		{"device", storage.ListQuery{Device: "dev_1"}, []string{"ver_05", "ver_03", "ver_01"}, false},
		{"no match", storage.ListQuery{Status: "expired"}, nil, false},
		{"negative limit", storage.ListQuery{Limit: -4, Status: "review"}, []string{"ver_03"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs, hasMore, err := db.ListVerifications(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ids(recs)) != fmt.Sprint(tc.want) || hasMore != tc.hasMore {
				t.Errorf("got %v hasMore=%v, want %v hasMore=%v", ids(recs), hasMore, tc.want, tc.hasMore)
			}
		})
	}
	if _, _, err := db.ListVerifications(storage.ListQuery{StartingAfter: "ver_nope"}); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown cursor: %v, want ErrNotFound", err)
	}
}

func TestListLimitClamp(t *testing.T) {
	db := storagetest.MustOpen(t)
	for i := range 105 {
		mustPut(t, db, rec(fmt.Sprintf("ver_%03d", i), i, "verified"), storage.WriteOptions{})
	}
	recs, hasMore, err := db.ListVerifications(storage.ListQuery{Limit: 1000})
	if err != nil || len(recs) != storage.MaxListLimit || !hasMore {
		t.Errorf("Limit 1000 gave %d records, hasMore=%v, %v", len(recs), hasMore, err)
	}
}

func TestDeleteErasesBlobsKeepsTombstone(t *testing.T) {
	db := storagetest.MustOpen(t)
	mustPut(t, db, rec("ver_a", 0, "verified"), storage.WriteOptions{
		Blobs:    map[string][]byte{"document_front": []byte("front"), "selfie": []byte("face")},
		Template: []byte{1, 2, 3},
	})
	mustPut(t, db, rec("ver_ab", 1, "verified"), storage.WriteOptions{ // shares the id prefix
		Blobs: map[string][]byte{"selfie": []byte("other face")},
	})
	if kinds, err := db.BlobKinds("ver_a"); err != nil || len(kinds) != 2 {
		t.Fatalf("BlobKinds before delete = %v, %v", kinds, err)
	}
	var got storage.Record
	err := db.DeleteVerification("ver_a", []byte(`{"id":"ver_a","deleted":true}`), storage.WriteOptions{Outbox: true, Result: &got})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Deleted || got.Version != 2 || got.Status != "verified" || !got.CreatedAt.Equal(t0) {
		t.Errorf("tombstone = %+v", got)
	}
	for _, kind := range []string{"document_front", "selfie"} {
		if _, err := db.GetBlob("ver_a", kind); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("GetBlob(%s) after delete: %v, want ErrNotFound", kind, err)
		}
	}
	if b, err := db.GetBlob("ver_ab", "selfie"); err != nil || string(b) != "other face" {
		t.Errorf("neighbour blob = %q, %v", b, err)
	}
	var templates []string
	db.ForEachTemplate(func(id string, _ []byte) error { templates = append(templates, id); return nil })
	if len(templates) != 0 {
		t.Errorf("templates after delete: %v", templates)
	}
	stored, err := db.GetVerification("ver_a")
	if err != nil || !stored.Deleted || string(stored.Body) != `{"id":"ver_a","deleted":true}` {
		t.Errorf("GetVerification after delete = %+v, %v", stored, err)
	}
	items, _ := db.OutboxPeek(10)
	if len(items) != 1 || items[0].Kind != storage.OutboxDelete || items[0].Version != 2 {
		t.Errorf("outbox after delete = %+v", items)
	}
	if err := db.PutVerification(context.Background(), rec("ver_a", 0, "verified"), storage.WriteOptions{}); !errors.Is(err, storage.ErrDeleted) {
		t.Errorf("put over tombstone: %v, want ErrDeleted", err)
	}
	if err := db.DeleteVerification("ver_a", nil, storage.WriteOptions{}); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
	if err := db.DeleteVerification("ver_nope", nil, storage.WriteOptions{}); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("deleting unknown: %v, want ErrNotFound", err)
	}
	if err := db.DeleteVerification("ver_ab", nil, storage.WriteOptions{Blobs: map[string][]byte{"x": nil}}); !errors.Is(err, storage.ErrInvalidArgument) {
		t.Errorf("delete with blobs: %v, want ErrInvalidArgument", err)
	}
}

func TestIdempotency(t *testing.T) {
	clock := t0
	db := storagetest.MustOpenWith(t, filepath.Join(t.TempDir(), "db"), storage.Options{Now: func() time.Time { return clock }})
	entry := func(body string) *storage.IdempotencyEntry {
		return &storage.IdempotencyEntry{KeyID: "key_1", Key: "k1", BodyHash: body}
	}
	mustPut(t, db, rec("ver_a", 0, "verified"), storage.WriteOptions{Idempotency: entry("h1")})
	mustPut(t, db, rec("ver_a", 0, "verified"), storage.WriteOptions{Idempotency: entry("h1")}) // same: fine

	tests := []struct {
		name string
		id   string
		e    *storage.IdempotencyEntry
		want error
	}{
		{"other verification", "ver_b", entry("h1"), storage.ErrIdempotencyKeyUsed},
		{"other body", "ver_a", entry("h2"), storage.ErrIdempotencyKeyUsed},
		{"missing body hash", "ver_c", entry(""), storage.ErrInvalidArgument},
		{"wrong verification id", "ver_d", &storage.IdempotencyEntry{KeyID: "key_1", Key: "k9", BodyHash: "h", VerificationID: "ver_x"}, storage.ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := db.PutVerification(context.Background(), rec(tc.id, 1, "verified"), storage.WriteOptions{Idempotency: tc.e})
			if !errors.Is(err, tc.want) {
				t.Fatalf("PutVerification = %v, want %v", err, tc.want)
			}
			if tc.id != "ver_a" {
				if _, err := db.GetVerification(tc.id); !errors.Is(err, storage.ErrNotFound) {
					t.Errorf("record written despite failed idempotency: %v", err)
				}
			}
		})
	}
	if _, err := db.LookupIdempotency("key_2", "k1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("key scoped to API key: %v", err)
	}
	clock = t0.Add(25 * time.Hour)
	mustPut(t, db, rec("ver_e", 2, "verified"), storage.WriteOptions{Idempotency: &storage.IdempotencyEntry{KeyID: "key_1", Key: "k2", BodyHash: "h"}})
	if n, err := db.PurgeIdempotency(24 * time.Hour); err != nil || n != 1 {
		t.Errorf("PurgeIdempotency = %d, %v, want 1", n, err)
	}
	if _, err := db.LookupIdempotency("key_1", "k1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("old entry survived purge: %v", err)
	}
	if _, err := db.LookupIdempotency("key_1", "k2"); err != nil {
		t.Errorf("fresh entry purged: %v", err)
	}
}

func TestConcurrentWritersAllLand(t *testing.T) {
	db := storagetest.MustOpen(t)
	const writers = 200
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("ver_%04d", i)
			errs <- db.PutVerification(context.Background(), rec(id, i, "verified"), storage.WriteOptions{
				Blobs:  map[string][]byte{"selfie": []byte(id)},
				Outbox: true,
				Audit:  &storage.AuditEvent{Action: "verification.create"},
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	for i := range writers {
		id := fmt.Sprintf("ver_%04d", i)
		if b, err := db.GetBlob(id, "selfie"); err != nil || string(b) != id {
			t.Errorf("GetBlob(%s) = %q, %v", id, b, err)
		}
	}
	if n, err := db.OutboxDepth(); err != nil || n != writers {
		t.Errorf("OutboxDepth = %d, %v", n, err)
	}
	if n, err := db.VerifyAudit(); err != nil || n != writers {
		t.Errorf("VerifyAudit = %d, %v", n, err)
	}
	var all []storage.Record
	for after := ""; ; {
		page, more, err := db.ListVerifications(storage.ListQuery{Limit: 100, StartingAfter: after})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if !more {
			break
		}
		after = page[len(page)-1].ID
	}
	if len(all) != writers {
		t.Errorf("listed %d records, want %d", len(all), writers)
	}
}

func TestClosedDB(t *testing.T) {
	db := storagetest.MustOpen(t)
	db.Close()
	if _, err := db.GetVerification("ver_a"); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("GetVerification on closed db: %v, want ErrClosed", err)
	}
}
