package hub

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/kycd/kycd/daemon/webhook"
	"github.com/kycd/kycd/storage/storagetest"
)

func TestIngestRefuses(t *testing.T) {
	db := storagetest.MustOpen(t)
	dev, secret, err := db.CreateDevice("kiosk")
	if err != nil {
		t.Fatal(err)
	}
	r := NewReceiver(db, slog.New(slog.DiscardHandler))
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	item := Item{Seq: 1, Kind: KindUpsert, ID: "ver_a", Version: 1, Status: "verified", CreatedAt: at, UpdatedAt: at,
		Verification: json.RawMessage(`{"id":"ver_a"}`)}
	body := func(b Batch) []byte {
		data, _ := json.Marshal(b)
		return data
	}
	good := body(Batch{Device: dev.ID, Items: []Item{item}})
	withItem := func(mod func(*Item)) []byte {
		it := item
		mod(&it)
		return body(Batch{Device: dev.ID, Items: []Item{it}})
	}
	tests := []struct {
		name   string
		device string
		body   []byte
		sig    func([]byte) string
		want   error
	}{
		{"unknown device", "dev_nope", good, nil, ErrUnauthenticated},
		{"no device", "", good, nil, ErrUnauthenticated},
		{"wrong secret", dev.ID, good, func(b []byte) string { return webhook.Sign([]byte("dsec_other"), at, b) }, ErrUnauthenticated},
		{"body names another device", dev.ID, body(Batch{Device: "dev_other", Items: []Item{item}}), nil, ErrBadBatch},
		{"empty batch", dev.ID, body(Batch{Device: dev.ID}), nil, ErrBadBatch},
		{"unknown kind", dev.ID, withItem(func(it *Item) { it.Kind = "patch" }), nil, ErrBadBatch},
		{"verification not an object", dev.ID, withItem(func(it *Item) { it.Verification = json.RawMessage(`[1]`) }), nil, ErrBadBatch},
		{"no version", dev.ID, withItem(func(it *Item) { it.Version = 0 }), nil, ErrBadBatch},
		{"id with a slash", dev.ID, withItem(func(it *Item) { it.ID = "ver_a/b" }), nil, ErrBadBatch},
		{"unknown field", dev.ID, []byte(`{"device":"` + dev.ID + `","items":[],"x":1}`), nil, ErrBadBatch},
		{"accepted", dev.ID, good, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig := webhook.Sign([]byte(secret), at, tt.body)
			if tt.sig != nil {
				sig = tt.sig(tt.body)
			}
			ack, err := r.Ingest(context.Background(), tt.device, sig, tt.body)
			if !errors.Is(err, tt.want) || (tt.want == nil && ack.Applied != 1) {
				t.Errorf("Ingest = %+v, %v; want %v", ack, err, tt.want)
			}
		})
	}
}
