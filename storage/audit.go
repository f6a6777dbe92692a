package storage

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ActorSystem is the actor of events no API key caused.
const ActorSystem = "system"

// genesisHash is the PrevHash of the first event.
var genesisHash = strings.Repeat("0", 64)

// AuditEvent is one entry of the tamper-evident audit log. Seq, PrevHash and
// Hash are set by storage: Hash = hex(sha256(PrevHash ‖ canonical JSON of the
// event without Hash)), PrevHash being the hex hash of the previous event
// (64 zeros for the first), so editing, removing or reordering an event breaks
// every later hash.
type AuditEvent struct {
	Seq      uint64
	Time     time.Time         // defaults to now
	Actor    string            // API key id, or ActorSystem (the default)
	Action   string            // e.g. "verification.create"; required
	Target   string            // e.g. a verification id
	Details  map[string]string // never images, templates or document data
	PrevHash string
	Hash     string
}

// auditV1 is both the stored form and, without Hash, the canonical form that
// is hashed: fixed field order, UTC RFC 3339 time with nanoseconds, map keys
// sorted by encoding/json.
type auditV1 struct {
	Seq      uint64            `json:"seq"`
	Time     string            `json:"time"`
	Actor    string            `json:"actor"`
	Action   string            `json:"action"`
	Target   string            `json:"target,omitempty"`
	Details  map[string]string `json:"details,omitempty"`
	PrevHash string            `json:"prev_hash"`
	Hash     string            `json:"hash,omitempty"`
}

func toAuditV1(ev AuditEvent) auditV1 {
	return auditV1{
		Seq: ev.Seq, Time: ev.Time.UTC().Format(time.RFC3339Nano), Actor: ev.Actor,
		Action: ev.Action, Target: ev.Target, Details: ev.Details,
		PrevHash: ev.PrevHash, Hash: ev.Hash,
	}
}

// auditHash computes the chain hash of ev (its Hash field is ignored).
func auditHash(ev AuditEvent) (string, error) {
	canon := toAuditV1(ev)
	canon.Hash = ""
	b, err := json.Marshal(canon)
	if err != nil {
		return "", fmt.Errorf("hashing audit event: %w", err)
	}
	sum := sha256.Sum256(append([]byte(ev.PrevHash), b...))
	return hex.EncodeToString(sum[:]), nil
}

// AppendAudit appends ev to the chain in its own transaction and returns it
// as stored. To log a verification change atomically, use WriteOptions.Audit.
func (db *DB) AppendAudit(ev AuditEvent) (AuditEvent, error) {
	var out AuditEvent
	err := db.batch(func(tx *bolt.Tx) (err error) {
		out, err = db.unsafeAppendAudit(tx, ev)
		return err
	})
	if err != nil {
		return AuditEvent{}, fmt.Errorf("appending audit event: %w", err)
	}
	return out, nil
}

func (db *DB) unsafeAppendAudit(tx *bolt.Tx, ev AuditEvent) (AuditEvent, error) {
	if ev.Action == "" {
		return AuditEvent{}, fmt.Errorf("audit event without action: %w", ErrInvalidArgument)
	}
	if ev.Actor == "" {
		ev.Actor = ActorSystem
	}
	if ev.Time.IsZero() {
		ev.Time = db.nowUTC()
	}
	ev.Time = ev.Time.UTC()
	b := tx.Bucket(bucketAudit)
	ev.PrevHash = genesisHash
	if k, v := b.Cursor().Last(); k != nil {
		last, err := decodeAudit(k, v)
		if err != nil {
			return AuditEvent{}, err
		}
		ev.PrevHash = last.Hash
	}
	seq, err := b.NextSequence()
	if err != nil {
		return AuditEvent{}, err
	}
	ev.Seq = seq
	if ev.Hash, err = auditHash(ev); err != nil {
		return AuditEvent{}, err
	}
	v, err := encodeV1(toAuditV1(ev))
	if err != nil {
		return AuditEvent{}, err
	}
	return ev, b.Put(u64(seq), v)
}

func decodeAudit(k, v []byte) (AuditEvent, error) {
	if len(k) != 8 {
		return AuditEvent{}, fmt.Errorf("audit key %x: %w", k, ErrCorrupt)
	}
	var s auditV1
	if err := decodeV1("audit event", v, &s); err != nil {
		return AuditEvent{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, s.Time)
	if err != nil {
		return AuditEvent{}, fmt.Errorf("decoding audit event: %w: %w", ErrCorrupt, err)
	}
	return AuditEvent{
		Seq: s.Seq, Time: t.UTC(), Actor: s.Actor, Action: s.Action, Target: s.Target,
		Details: s.Details, PrevHash: s.PrevHash, Hash: s.Hash,
	}, nil
}

// auditChunk bounds each read transaction of VerifyAudit: a long read
// transaction would stall writers that need to grow the file.
const auditChunk = 1000

// VerifyAudit walks the whole chain and returns how many events verified. The
// error (ErrAuditBroken) names the first event that does not: a gap in seqs,
// a wrong PrevHash, or a Hash that does not match the content.
func (db *DB) VerifyAudit() (int, error) {
	n, prev := 0, genesisHash
	for {
		events, readErr := db.readAudit(uint64(n)+1, auditChunk)
		for _, ev := range events {
			if err := checkAuditEvent(ev, uint64(n)+1, prev); err != nil {
				return n, fmt.Errorf("verifying audit chain: %w", err)
			}
			n, prev = n+1, ev.Hash
		}
		if readErr != nil { // an undecodable event after the good ones
			return n, fmt.Errorf("verifying audit chain: %w", readErr)
		}
		if len(events) < auditChunk {
			return n, db.checkAuditTail(n)
		}
	}
}

// checkAuditTail catches a truncated chain: the bucket sequence remembers how
// many events were ever appended.
func (db *DB) checkAuditTail(n int) error {
	var seq uint64
	if err := db.view(func(tx *bolt.Tx) error {
		seq = tx.Bucket(bucketAudit).Sequence()
		return nil
	}); err != nil {
		return fmt.Errorf("verifying audit chain: %w", err)
	}
	if seq > uint64(n) {
		return fmt.Errorf("verifying audit chain: audit event %d: missing (%d appended): %w", n+1, seq, ErrAuditBroken)
	}
	return nil
}

// readAudit returns up to max events from seq from on, in key order. On an
// event it cannot read it returns the events before it and the error.
func (db *DB) readAudit(from uint64, max int) ([]AuditEvent, error) {
	var out []AuditEvent
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Seek(u64(from)); k != nil && len(out) < max; k, v = c.Next() {
			ev, err := decodeAudit(k, v)
			if err != nil {
				return fmt.Errorf("audit event %d: %w: %w", binary.BigEndian.Uint64(k), ErrAuditBroken, err)
			}
			if ev.Seq != binary.BigEndian.Uint64(k) {
				return fmt.Errorf("audit event %d: stored seq %d: %w", binary.BigEndian.Uint64(k), ev.Seq, ErrAuditBroken)
			}
			out = append(out, ev)
		}
		return nil
	})
	return out, err
}

func checkAuditEvent(ev AuditEvent, wantSeq uint64, prev string) error {
	if ev.Seq != wantSeq {
		return fmt.Errorf("audit event %d: missing (next is %d): %w", wantSeq, ev.Seq, ErrAuditBroken)
	}
	if ev.PrevHash != prev {
		return fmt.Errorf("audit event %d: prev_hash does not match event %d: %w", ev.Seq, ev.Seq-1, ErrAuditBroken)
	}
	h, err := auditHash(ev)
	if err != nil {
		return err
	}
	if h != ev.Hash {
		return fmt.Errorf("audit event %d: content does not match its hash: %w", ev.Seq, ErrAuditBroken)
	}
	return nil
}
