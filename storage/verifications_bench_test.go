package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

// BenchmarkPutVerification stores what a sync verification stores, one writer at a time as the
// daemon does on a 2-core kiosk: a ~3 KB record, its three sealed images (400 + 400 + 150 KB), a
// face template, the outbox entry, the idempotency key and the audit event, fsynced on a real file.
func BenchmarkPutVerification(b *testing.B) {
	dir := b.TempDir()
	sealer, err := storage.NewAESGCMSealer(filepath.Join(dir, "blob.key"))
	if err != nil {
		b.Fatal(err)
	}
	db := storagetest.MustOpenWith(b, filepath.Join(dir, "kycd.db"), storage.Options{Sealer: sealer})
	rng := rand.New(rand.NewPCG(3, 4))
	image := func(n int) []byte {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte(rng.Uint32())
		}
		return p
	}
	blobs := map[string][]byte{"document_front": image(400 << 10), "document_back": image(400 << 10), "selfie": image(150 << 10)}
	body := image(3 << 10)
	b.SetBytes(int64(len(body) + 950<<10))
	i := 0
	for b.Loop() {
		id := fmt.Sprintf("ver_bench%07d", i)
		i++
		r := rec(id, i, "verified")
		r.Body = body
		err := db.PutVerification(context.Background(), r, storage.WriteOptions{
			Blobs:       blobs,
			Template:    image(512),
			Outbox:      true,
			Idempotency: &storage.IdempotencyEntry{KeyID: "key_1", Key: id, BodyHash: "h"},
			Audit:       &storage.AuditEvent{Actor: "key_1", Action: "verification.create"},
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
