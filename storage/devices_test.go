package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

func ingestItem(seq uint64, id string, version uint64, status string, deleted bool) storage.IngestItem {
	r := rec(id, int(seq), status)
	r.Version, r.UpdatedAt, r.Deleted = version, t0.Add(time.Hour), deleted
	return storage.IngestItem{Seq: seq, Record: r}
}

func TestCreateDeviceSecret(t *testing.T) {
	db := storagetest.MustOpen(t)
	d, secret, err := db.CreateDevice("  branch 12  ")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.ID, "dev_") || !strings.HasPrefix(secret, "dsec_") || d.Name != "branch 12" {
		t.Fatalf("device %+v secret %q", d, secret)
	}
	got, err := db.DeviceSecret(d.ID)
	if err != nil || got != secret {
		t.Fatalf("DeviceSecret = %q, %v", got, err)
	}
	if _, err := db.DeviceSecret("dev_nope"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown device: %v", err)
	}
	if _, _, err := db.CreateDevice(""); !errors.Is(err, storage.ErrInvalidArgument) {
		t.Errorf("empty name: %v", err)
	}
	list, err := db.ListDevices()
	if err != nil || len(list) != 1 || list[0].ID != d.ID {
		t.Errorf("ListDevices = %+v, %v", list, err)
	}
}

func TestIngestBatch(t *testing.T) {
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	dev, _, err := db.CreateDevice("kiosk a")
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := db.CreateDevice("kiosk b")
	if err != nil {
		t.Fatal(err)
	}
	front := map[string][]byte{"document_front": []byte("jpeg")}
	tests := []struct {
		name   string
		device string
		items  []storage.IngestItem
		want   storage.IngestResult
	}{
		{"first batch, out of order on the wire", dev.ID, []storage.IngestItem{
			ingestItem(2, "ver_b", 1, "review", false),
			{Seq: 1, Record: ingestItem(1, "ver_a", 1, "verified", false).Record, Blobs: front},
		}, storage.IngestResult{Applied: 2, LastSeq: 2}},
		{"replay of the same batch", dev.ID, []storage.IngestItem{
			ingestItem(1, "ver_a", 1, "verified", false), ingestItem(2, "ver_b", 1, "review", false),
		}, storage.IngestResult{Duplicates: 2, LastSeq: 2}},
		{"review then delete", dev.ID, []storage.IngestItem{
			ingestItem(3, "ver_b", 2, "verified", false), ingestItem(4, "ver_a", 2, "verified", true),
		}, storage.IngestResult{Applied: 2, LastSeq: 4}},
		{"older version never wins", dev.ID, []storage.IngestItem{
			ingestItem(5, "ver_b", 1, "review", false), ingestItem(6, "ver_a", 3, "verified", false),
		}, storage.IngestResult{Duplicates: 2, LastSeq: 6}},
		{"another device cannot overwrite", other.ID, []storage.IngestItem{
			ingestItem(1, "ver_b", 9, "rejected", false),
		}, storage.IngestResult{Rejected: 1, LastSeq: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.IngestBatch(ctx, tt.device, tt.items)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("result = %+v, want %+v", got, tt.want)
			}
		})
	}
	b, err := db.GetVerification("ver_b")
	if err != nil || b.Version != 2 || b.Status != "verified" || b.Device != dev.ID {
		t.Errorf("ver_b = %+v, %v", b, err)
	}
	a, err := db.GetVerification("ver_a")
	if err != nil || !a.Deleted || a.Version != 2 {
		t.Errorf("ver_a = %+v, %v", a, err)
	}
	if kinds, _ := db.BlobKinds("ver_a"); len(kinds) != 0 {
		t.Errorf("tombstone kept images %v", kinds)
	}
	got, err := db.GetDevice(dev.ID)
	if err != nil || got.Applied != 4 || got.Duplicates != 4 || got.LastSeq != 6 || got.LastSeen.IsZero() {
		t.Errorf("device = %+v, %v", got, err)
	}
	recs, _, err := db.ListVerifications(storage.ListQuery{Device: dev.ID, Limit: 100})
	if err != nil || len(recs) != 2 {
		t.Errorf("list by device = %d, %v", len(recs), err)
	}
	if _, err := db.IngestBatch(ctx, "dev_unknown", []storage.IngestItem{ingestItem(1, "ver_z", 1, "verified", false)}); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown device: %v", err)
	}
	if _, err := db.IngestBatch(ctx, dev.ID, []storage.IngestItem{ingestItem(7, "ver_z", 0, "verified", false)}); !errors.Is(err, storage.ErrInvalidArgument) {
		t.Errorf("version 0: %v", err)
	}
}
