package storage

import "errors"

// Sentinel errors. Callers test them with errors.Is; storage wraps them with
// context (the id, the bucket, the operation).
var (
	// ErrNotFound: no record, blob, key, idempotency entry or cursor with that id.
	ErrNotFound = errors.New("not found")
	// ErrClosed: the DB was used after Close.
	ErrClosed = errors.New("database closed")
	// ErrLocked: another process holds the database file lock.
	ErrLocked = errors.New("database locked by another process")
	// ErrSchemaTooNew: the file was written by a newer kycd; upgrade the binary.
	ErrSchemaTooNew = errors.New("database schema is newer than this binary")
	// ErrUnknownVersion: a stored value has an encoding version this binary cannot read.
	ErrUnknownVersion = errors.New("unknown encoding version")
	// ErrCorrupt: a stored value cannot be decoded.
	ErrCorrupt = errors.New("corrupt value")
	// ErrInvalidArgument: the caller passed an unusable id, kind or option.
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrInvalidScope: an API key scope outside verify, read, review, admin.
	ErrInvalidScope = errors.New("invalid scope")
	// ErrUnauthenticated: an unknown or revoked API key.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrIdempotencyKeyUsed: the idempotency key already points at another verification.
	ErrIdempotencyKeyUsed = errors.New("idempotency key already used")
	// ErrVersionConflict: the stored version is not the one the write expected.
	ErrVersionConflict = errors.New("version conflict")
	// ErrDeleted: the verification was deleted; its tombstone cannot be overwritten.
	ErrDeleted = errors.New("verification deleted")
	// ErrAuditBroken: the audit hash chain does not verify.
	ErrAuditBroken = errors.New("audit chain broken")
	// ErrInconsistent: indexes and records disagree, or bbolt's own check failed.
	ErrInconsistent = errors.New("database inconsistent")
	// ErrInsecureKeyFile: the sealing key file is readable by group or others.
	ErrInsecureKeyFile = errors.New("key file permissions too open")
	// ErrUnknownSealKey: a sealed value names a key id absent from the key file.
	ErrUnknownSealKey = errors.New("sealing key not in key file")
	// ErrSealMismatch: sealed bytes read without the key, or plain bytes read with one.
	ErrSealMismatch = errors.New("sealed value does not match the sealer")
)
