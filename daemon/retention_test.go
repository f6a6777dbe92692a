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
