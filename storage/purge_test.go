package storage_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

func TestExpiredAndErase(t *testing.T) {
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	img := map[string][]byte{"document_front": []byte("front"), "selfie": []byte("selfie")}
	mustPut(t, db, rec("ver_old0000000001", 0, "verified"), storage.WriteOptions{Blobs: img, Template: []byte("t1")})
	mustPut(t, db, rec("ver_old0000000002", 10, "verified"), storage.WriteOptions{Blobs: img})
	mustPut(t, db, rec("ver_new0000000003", 120, "verified"), storage.WriteOptions{Blobs: img, Template: []byte("t3")})
	cutoff := t0.Add(time.Hour)

	tests := []struct {
		kind storage.PurgeKind
		want []string
	}{
		{storage.PurgeImages, []string{"ver_old0000000001", "ver_old0000000002"}},
		{storage.PurgeTemplates, []string{"ver_old0000000001"}},
		{storage.PurgeResults, []string{"ver_old0000000001", "ver_old0000000002"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			got, err := db.Expired(ctx, tt.kind, time.Time{}, cutoff, 100)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("Expired = %v, %v; want %v", got, err, tt.want)
			}
		})
	}

	// From skips what was created before it (retention's watermark).
	if got, err := db.Expired(ctx, storage.PurgeImages, t0.Add(5*time.Minute), cutoff, 100); err != nil || !slices.Equal(got, []string{"ver_old0000000002"}) {
		t.Errorf("Expired from t0+5m = %v, %v; want only ver_old0000000002", got, err)
	}

	if err := db.PutDupEntry("ver_old0000000001", storage.DupEntry{DocKeys: []string{"FR:X1"}, Hashes: map[string]uint64{"selfie": 42}}); err != nil {
		t.Fatal(err)
	}
	audit := &storage.AuditEvent{Action: "retention.images"}
	if n, err := db.EraseImages("ver_old0000000001", audit); err != nil || n != 2 {
		t.Fatalf("EraseImages = %d, %v", n, err)
	}
	if _, err := db.GetBlob("ver_old0000000001", "selfie"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("blob after erase: %v", err)
	}
	// Image hashes go with the images; the document key stays for duplicate search.
	db.ForEachDupEntry(func(id string, e storage.DupEntry) error {
		if id == "ver_old0000000001" && (len(e.Hashes) != 0 || len(e.DocKeys) != 1) {
			t.Errorf("duplicate entry after erasing images: %+v", e)
		}
		return nil
	})
	if found, err := db.EraseTemplate("ver_old0000000001", &storage.AuditEvent{Action: "retention.templates"}); err != nil || !found {
		t.Fatalf("EraseTemplate = %v, %v", found, err)
	}
	// Nothing left to erase: no audit event either.
	if n, err := db.EraseImages("ver_old0000000001", audit); err != nil || n != 0 {
		t.Fatalf("second EraseImages = %d, %v", n, err)
	}
	if got, _ := db.Expired(ctx, storage.PurgeImages, time.Time{}, cutoff, 100); !slices.Equal(got, []string{"ver_old0000000002"}) {
		t.Errorf("images still expired: %v", got)
	}
	// The record and the newer verification are untouched.
	if r, err := db.GetVerification("ver_old0000000001"); err != nil || r.Deleted {
		t.Errorf("record after erasing its images: %+v %v", r, err)
	}
	if b, err := db.GetBlob("ver_new0000000003", "selfie"); err != nil || string(b) != "selfie" {
		t.Errorf("newer blob: %q %v", b, err)
	}
	if n, err := db.VerifyAudit(); err != nil || n != 2 {
		t.Errorf("audit: %d events, %v; want 2", n, err)
	}
}
