// Package storage is kycd's durable state: one bbolt file holding verification
// records, sealed images and face templates, the upstream sync outbox, API
// keys, idempotency entries and a hash-chained audit log.
//
// Every bucket and key layout is declared in schema.go; the schema version is
// kept in the meta bucket and upgraded by the ordered migrations in migrate.go
// when the database is opened. A binary refuses a database written by a newer
// schema instead of guessing.
//
// Values are stored in a versioned envelope (encoding.go) so that a later
// release can read and migrate old records. Verification bodies are opaque
// bytes: storage imports no other kycd package and never interprets them.
//
// Durability: bbolt fsyncs on every commit and storage never sets NoSync nor
// caches acknowledged writes in memory, so a write that returned nil survives
// kill -9 and power loss. Concurrent writers go through DB.Batch, which groups
// them into few transactions while keeping that guarantee. A record and its
// blobs, idempotency entry, outbox item and audit event are written in the same
// transaction: either all of them exist or none does.
//
// Blobs and templates are sealed by the Sealer given in Options
// (NewAESGCMSealer for AES-256-GCM with a key file outside the database). The
// additional data is bucket+key (for images still the schema-1 "blobs" + id/kind,
// see bucketImages), so a sealed blob cannot be moved to another record. Images
// are stored one bbolt sub-bucket per verification, so writing one verification
// never rewrites another's images. Deleted blobs become unreachable at once, but bbolt does not zero the
// pages it frees: their (sealed) bytes may linger in the file until the pages
// are reused or the file is compacted.
package storage
