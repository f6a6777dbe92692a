package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

func TestRetentionPurge(t *testing.T) {
	db := storagetest.MustOpen(t)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	put := func(id string, age time.Duration) {
		err := db.PutVerification(context.Background(), storage.Record{
			ID: id, CreatedAt: now.Add(-age), Status: "verified", Body: []byte(`{"id":"` + id + `","extracted_data":{"last_name":"X"}}`),
		}, storage.WriteOptions{Blobs: map[string][]byte{"selfie": []byte("img")}, Template: []byte("tmpl")})
		if err != nil {
			t.Fatal(err)
		}
	}
	put("ver_fresh0000001", time.Hour)           // keeps everything
	put("ver_month0000001", 40*24*time.Hour)     // loses images and template
	put("ver_ancient00001", 11*365*24*time.Hour) // becomes a tombstone
	var erased []string
	r := &retention{
		cfg: DefaultRetention(), db: db, log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		now: func() time.Time { return now }, onErase: func(id string, k storage.PurgeKind) { erased = append(erased, k.String()+":"+id) },
	}
	counts, err := r.purge(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[storage.PurgeKind]int{storage.PurgeResults: 1, storage.PurgeImages: 1, storage.PurgeTemplates: 1}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%s: %d purged, want %d (all: %v, events %v)", k, counts[k], n, counts, erased)
		}
	}

	tests := []struct {
		id                 string
		blob, tmpl, record bool
	}{
		{"ver_fresh0000001", true, true, true},
		{"ver_month0000001", false, false, true},
		{"ver_ancient00001", false, false, false},
	}
	templates := map[string]bool{}
	db.ForEachTemplate(func(id string, _ []byte) error { templates[id] = true; return nil })
	for _, tt := range tests {
		_, err := db.GetBlob(tt.id, "selfie")
		if (err == nil) != tt.blob || (err != nil && !errors.Is(err, storage.ErrNotFound)) {
			t.Errorf("%s: blob err %v, want present=%v", tt.id, err, tt.blob)
		}
		if templates[tt.id] != tt.tmpl {
			t.Errorf("%s: template present=%v, want %v", tt.id, templates[tt.id], tt.tmpl)
		}
		rec, err := db.GetVerification(tt.id)
		if err != nil || rec.Deleted == tt.record {
			t.Errorf("%s: record %+v %v, want live=%v", tt.id, rec, err, tt.record)
		}
		if !tt.record {
			var body map[string]any
			json.Unmarshal(rec.Body, &body)
			if body["deleted"] != true || body["extracted_data"] != nil {
				t.Errorf("%s: tombstone %s", tt.id, rec.Body)
			}
		}
	}
	// A second pass has nothing left to do; the audit chain holds one event per erasure.
	if counts, _ := r.purge(context.Background()); counts[storage.PurgeImages]+counts[storage.PurgeTemplates]+counts[storage.PurgeResults] != 0 {
		t.Errorf("second pass purged %v", counts)
	}
	if n, err := db.VerifyAudit(); err != nil || n != 3 {
		t.Errorf("audit: %d events, %v; want 3", n, err)
	}
}

func TestRetentionValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  RetentionConfig
		ok   bool
	}{
		{"defaults", DefaultRetention(), true},
		{"keep forever", RetentionConfig{Interval: time.Hour}, true},
		{"negative", RetentionConfig{Images: -time.Hour, Interval: time.Hour}, false},
		{"images outlive results", RetentionConfig{Images: 48 * time.Hour, Templates: time.Hour, Results: 24 * time.Hour, Interval: time.Hour}, false},
		{"tiny interval", RetentionConfig{Interval: time.Second}, false},
	}
	for _, tt := range tests {
		if err := tt.cfg.validate(); (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

// TestRetentionStartsAtItsMark: a pass reads only what became old since the previous one; a
// verification that arrives with an older creation time waits for the periodic full scan.
func TestRetentionStartsAtItsMark(t *testing.T) {
	db := storagetest.MustOpen(t)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	put := func(id string, created time.Time) {
		err := db.PutVerification(context.Background(), storage.Record{
			ID: id, CreatedAt: created, Status: "verified", Body: []byte(`{"id":"` + id + `"}`),
		}, storage.WriteOptions{Blobs: map[string][]byte{"selfie": []byte("img")}})
		if err != nil {
			t.Fatal(err)
		}
	}
	cfg := DefaultRetention()
	cfg.Templates, cfg.Results = 0, 0
	r := &retention{cfg: cfg, db: db, log: slog.New(slog.NewTextHandler(io.Discard, nil)), now: func() time.Time { return now }}
	images := func() int {
		t.Helper()
		counts, err := r.purge(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return counts[storage.PurgeImages]
	}

	put("ver_old000000001", now.Add(-40*24*time.Hour))
	put("ver_young0000001", now.Add(-29*24*time.Hour))
	if n := images(); n != 1 {
		t.Fatalf("first pass erased %d, want 1", n)
	}
	if want := now.Add(-cfg.Images); !r.marks[storage.PurgeImages].Equal(want) {
		t.Fatalf("mark %v, want the pass's cutoff %v", r.marks[storage.PurgeImages], want)
	}
	// Two days on, the young one is past its 30 days and lies after the mark.
	now = now.Add(48 * time.Hour)
	put("ver_late00000001", now.Add(-60*24*time.Hour)) // arrives already old: before the mark
	if n := images(); n != 1 {
		t.Fatalf("second pass erased %d, want 1 (the young one)", n)
	}
	if _, err := db.GetBlob("ver_late00000001", "selfie"); err != nil {
		t.Fatalf("the late arrival was erased before a full scan: %v", err)
	}
	for r.passes%retentionRescanEvery != 0 {
		if n := images(); n != 0 {
			t.Fatalf("pass %d erased %d, want 0", r.passes, n)
		}
	}
	if n := images(); n != 1 {
		t.Fatalf("the full scan erased %d, want 1 (the late arrival)", n)
	}
	if _, err := db.GetBlob("ver_late00000001", "selfie"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("the late arrival's image after the full scan: %v", err)
	}
}
