package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// Every bucket and key layout of the database, in one place. Values are
// envelope-encoded (see encoding.go) unless stated otherwise. Integers in keys
// are big-endian so that bbolt's byte order is numeric order.
var (
	// bucketMeta holds database-wide settings.
	//   "schema_version" → uint64 big-endian, the last migration applied.
	bucketMeta = []byte("meta")

	// bucketVerifications: verification id ("ver_…") → record (recordV1).
	bucketVerifications = []byte("verifications")

	// bucketByCreated is the newest-first listing index:
	//   uint64 big-endian CreatedAt.UnixNano() ‖ id → id.
	// Exactly one entry per record; Check verifies it.
	bucketByCreated = []byte("by_created")

	// bucketBlobs (schemas 1–3): id + "/" + kind → sealed image bytes. Migration 4
	// moved every entry into bucketImages and dropped the bucket. Its name lives on
	// as the AAD of every image (see bucketImages).
	bucketBlobs = []byte("blobs")

	// bucketImages (schema 4): verification id → sub-bucket { kind → sealed image
	// bytes } (kind is e.g. "selfie"). The sub-bucket is created by the first write
	// of a verification's images and removed whole with DeleteBucket; it is never
	// left empty. One sub-bucket per verification keeps the ~300 KB images of
	// different verifications out of each other's pages: the images leaf only holds
	// 16-byte bucket headers, so inserting a verification no longer rewrites the
	// images of its random-id neighbours (a flat bucket keeps ≥ 2 values per leaf).
	// AAD is still the schema-1 one, aad(bucketBlobs, blobKey(id, kind)) =
	// "blobs\x00" + id + "/" + kind (imageAAD), so migration 4 moved the sealed
	// bytes without re-sealing them.
	bucketImages = []byte("images")

	// bucketTemplates: id → sealed face template (duplicate search).
	// AAD is "templates\x00" + id.
	bucketTemplates = []byte("templates")

	// bucketDocnums (used from schema 3): the duplicate index's document numbers:
	//   normalized document key ("MAR:AE123456") ‖ NUL ‖ verification id → nil.
	// A prefix scan on key ‖ NUL lists the verifications of one document.
	bucketDocnums = []byte("docnums")

	// bucketPhashes (schema 3): verification id → duplicate entry (DupEntry): its
	// document keys (so a delete finds its docnums entries) and the 64-bit perceptual
	// hashes of its images by kind. Not sealed: a hash cannot be turned back into the
	// image. Erased with the record's biometrics when it is deleted.
	bucketPhashes = []byte("phashes")

	// bucketOutbox: uint64 big-endian seq (NextSequence) → outbox item (upstream sync).
	bucketOutbox = []byte("outbox")

	// bucketWebhooks: event id ("evt_…") → webhook delivery (webhookV1): target,
	// signed-at-delivery payload, state (pending|delivered|failed), attempt count.
	bucketWebhooks = []byte("webhooks")

	// bucketWebhookDue (schema 2) indexes pending deliveries by due time:
	//   uint64 big-endian NextAttempt.UnixNano() ‖ event id → nil.
	// Exactly one entry per pending delivery; none for delivered or failed ones.
	bucketWebhookDue = []byte("webhook_due")

	// bucketWebhookAttempts (schema 2) is the delivery log:
	//   event id ‖ "/" ‖ uint32 big-endian attempt number (from 1) → attempt (webhookAttemptV1).
	bucketWebhookAttempts = []byte("webhook_attempts")

	// bucketDevices (schema 2), on a hub: device id ("dev_…") → device (deviceV1):
	// name, sealed sync secret (AAD "devices\x00" + id), sync counters and the
	// highest outbox seq received.
	bucketDevices = []byte("devices")

	// bucketKeys: API key id ("key_…") → key record (keyV1). Never the plaintext.
	bucketKeys = []byte("keys")

	// bucketKeyHashes: sha256(plaintext key), 32 raw bytes → key id.
	bucketKeyHashes = []byte("key_hashes")

	// bucketIdempotency: key id + "\x00" + Idempotency-Key → idempotency entry.
	bucketIdempotency = []byte("idempotency")

	// bucketAudit: uint64 big-endian seq (NextSequence, from 1) → audit event,
	// each event hashing the previous one.
	bucketAudit = []byte("audit")
)

// schema2Buckets are created by the second migration (webhook queue index and
// log, hub device registry).
func schema2Buckets() [][]byte {
	return [][]byte{bucketWebhookDue, bucketWebhookAttempts, bucketDevices}
}

// schema3Buckets are created by the third migration (duplicate index).
func schema3Buckets() [][]byte { return [][]byte{bucketPhashes} }

// schema4Buckets are created by the fourth migration (images by verification),
// which also drops bucketBlobs.
func schema4Buckets() [][]byte { return [][]byte{bucketImages} }

// keySchemaVersion is the meta key holding the applied schema version.
var keySchemaVersion = []byte("schema_version")

// allBuckets is created by the first migration. Migrations are history: this
// list stays as released (bucketBlobs included, dropped again by migration 4).
func allBuckets() [][]byte {
	return [][]byte{
		bucketMeta, bucketVerifications, bucketByCreated, bucketBlobs,
		bucketTemplates, bucketDocnums, bucketOutbox, bucketWebhooks,
		bucketKeys, bucketKeyHashes, bucketIdempotency, bucketAudit,
	}
}

// maxIDLen bounds ids and kinds so keys stay small.
const maxIDLen = 128

// u64 encodes n big-endian, the key form of sequences and timestamps.
func u64(n uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, n)
}

// createdKey is the by_created key of a record. CreatedAt must be in the
// UnixNano range (1970..2262); validateRecord ensures it.
func createdKey(created time.Time, id string) []byte {
	return append(u64(uint64(created.UnixNano())), id...)
}

// blobKey is the schema-1 blobs key of one image of a verification: the key
// of its AAD (imageAAD), and of the image in Reseal's flat view of the images.
// validateID keeps '/' out of ids and kinds, so it splits back (splitBlobKey).
func blobKey(id, kind string) []byte {
	return []byte(id + "/" + kind)
}

// splitBlobKey is the inverse of blobKey.
func splitBlobKey(key []byte) (id, kind []byte, ok bool) {
	id, kind, ok = bytes.Cut(key, []byte("/"))
	return id, kind, ok && len(id) > 0 && len(kind) > 0
}

// imageAAD is the additional data an image is sealed with: "blobs\x00" + id +
// "/" + kind, unchanged since schema 1 although images now live in bucketImages.
func imageAAD(id, kind string) []byte {
	return aad(bucketBlobs, blobKey(id, kind))
}

// idempotencyKey scopes an Idempotency-Key to the API key that sent it.
func idempotencyKey(keyID, idemKey string) []byte {
	return []byte(keyID + "\x00" + idemKey)
}

// aad binds sealed bytes to where they are stored, so they cannot be moved.
func aad(bucket, key []byte) []byte {
	out := append(append([]byte(nil), bucket...), 0)
	return append(out, key...)
}

// validateID accepts the ids and kinds used in keys: printable, no separator.
func validateID(what, id string) error {
	if id == "" || len(id) > maxIDLen {
		return fmt.Errorf("%s %q: length must be 1..%d: %w", what, id, maxIDLen, ErrInvalidArgument)
	}
	if strings.ContainsAny(id, "/\x00") {
		return fmt.Errorf("%s %q: must not contain '/' or NUL: %w", what, id, ErrInvalidArgument)
	}
	return nil
}
