package storage

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// API key scopes. Storage only validates them; what each allows is the API's call.
const (
	ScopeVerify = "verify"
	ScopeRead   = "read"
	ScopeReview = "review"
	ScopeAdmin  = "admin"
)

// Scopes lists the valid scopes in canonical order.
func Scopes() []string { return []string{ScopeVerify, ScopeRead, ScopeReview, ScopeAdmin} }

// Key formats: the plaintext is "kycd_" + 32 base32 characters (160 random
// bits); only its sha256 is stored. Prefix, its first 9 characters, is kept
// for display ("kycd_ab12").
const (
	keyPlainPrefix = "kycd_"
	keyPrefixLen   = 9
	keyIDPrefix    = "key_"
	keyIDLen       = 12
)

var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// KeyInfo describes an API key; it never holds the plaintext.
type KeyInfo struct {
	ID        string
	Name      string
	Scopes    []string
	CreatedAt time.Time
	RevokedAt *time.Time
	Prefix    string
}

// HasScope reports whether the key was granted scope (exact match).
func (k KeyInfo) HasScope(scope string) bool { return slices.Contains(k.Scopes, scope) }

// Active reports whether the key is not revoked.
func (k KeyInfo) Active() bool { return k.RevokedAt == nil }

type keyV1 struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Scopes    []string   `json:"scopes"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	Prefix    string     `json:"prefix"`
}

// CreateKey makes a key with the given scopes and returns its plaintext, the
// only time it is ever available.
func (db *DB) CreateKey(name string, scopes []string) (string, KeyInfo, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 {
		return "", KeyInfo{}, fmt.Errorf("creating key: name length must be 1..200: %w", ErrInvalidArgument)
	}
	scopes, err := normalizeScopes(scopes)
	if err != nil {
		return "", KeyInfo{}, fmt.Errorf("creating key: %w", err)
	}
	plain, id, err := newKeyMaterial()
	if err != nil {
		return "", KeyInfo{}, fmt.Errorf("creating key: %w", err)
	}
	info := KeyInfo{ID: id, Name: name, Scopes: scopes, CreatedAt: db.nowUTC(), Prefix: plain[:keyPrefixLen]}
	err = db.update(func(tx *bolt.Tx) error {
		return unsafePutKey(tx, info, keyHash(plain))
	})
	if err != nil {
		return "", KeyInfo{}, fmt.Errorf("creating key: %w", err)
	}
	return plain, info, nil
}

// normalizeScopes validates, deduplicates and orders scopes canonically.
func normalizeScopes(scopes []string) ([]string, error) {
	if len(scopes) == 0 {
		return nil, fmt.Errorf("no scope: %w", ErrInvalidScope)
	}
	var out []string
	for _, s := range Scopes() {
		if slices.Contains(scopes, s) {
			out = append(out, s)
		}
	}
	for _, s := range scopes {
		if !slices.Contains(out, s) {
			return nil, fmt.Errorf("scope %q (want %s): %w", s, strings.Join(Scopes(), ", "), ErrInvalidScope)
		}
	}
	return out, nil
}

func newKeyMaterial() (plain, id string, err error) {
	secret := make([]byte, 20) // 160 bits → 32 base32 characters
	if _, err := rand.Read(secret); err != nil {
		return "", "", err
	}
	return keyPlainPrefix + keyEncoding.EncodeToString(secret), keyIDPrefix + strings.ToLower(rand.Text()[:keyIDLen]), nil
}

func keyHash(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}

func unsafePutKey(tx *bolt.Tx, info KeyInfo, hash []byte) error {
	keys := tx.Bucket(bucketKeys)
	if keys.Get([]byte(info.ID)) != nil {
		return fmt.Errorf("key id %s exists", info.ID) // 60 random bits: practically never
	}
	v, err := encodeV1(keyV1(info))
	if err != nil {
		return err
	}
	if err := keys.Put([]byte(info.ID), v); err != nil {
		return err
	}
	return tx.Bucket(bucketKeyHashes).Put(hash, []byte(info.ID))
}

func decodeKey(v []byte) (KeyInfo, error) {
	var s keyV1
	if err := decodeV1("api key", v, &s); err != nil {
		return KeyInfo{}, err
	}
	return KeyInfo(s), nil
}

// Authenticate returns the key for plaintext, or ErrUnauthenticated if it is
// unknown or revoked. The lookup is by hash, so timing reveals nothing about
// stored keys.
func (db *DB) Authenticate(plaintext string) (KeyInfo, error) {
	hash := keyHash(plaintext)
	var info KeyInfo
	err := db.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketKeyHashes).Get(hash)
		if id == nil {
			return ErrUnauthenticated
		}
		v := tx.Bucket(bucketKeys).Get(id)
		if v == nil {
			return fmt.Errorf("key hash names missing key %s: %w", id, ErrInconsistent)
		}
		var err error
		info, err = decodeKey(v)
		return err
	})
	if err != nil {
		return KeyInfo{}, fmt.Errorf("authenticating: %w", err)
	}
	if !info.Active() {
		return KeyInfo{}, fmt.Errorf("authenticating: key %s revoked: %w", info.ID, ErrUnauthenticated)
	}
	return info, nil
}

// ListKeys returns every key, revoked ones included, oldest first.
func (db *DB) ListKeys() ([]KeyInfo, error) {
	var out []KeyInfo
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketKeys).ForEach(func(_, v []byte) error {
			info, err := decodeKey(v)
			out = append(out, info)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("listing keys: %w", err)
	}
	slices.SortFunc(out, func(a, b KeyInfo) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// RevokeKey revokes key id for good (ErrNotFound if unknown). Revoking twice
// keeps the first revocation time.
func (db *DB) RevokeKey(id string) error {
	err := db.update(func(tx *bolt.Tx) error {
		keys := tx.Bucket(bucketKeys)
		v := keys.Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		info, err := decodeKey(v)
		if err != nil || !info.Active() {
			return err
		}
		now := db.nowUTC()
		info.RevokedAt = &now
		if v, err = encodeV1(keyV1(info)); err != nil {
			return err
		}
		return keys.Put([]byte(id), v)
	})
	if err != nil {
		return fmt.Errorf("revoking key %s: %w", id, err)
	}
	return nil
}

// CountActiveKeys is the number of keys not revoked (the daemon refuses to
// serve the API with none).
func (db *DB) CountActiveKeys() (int, error) {
	keys, err := db.ListKeys()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, k := range keys {
		if k.Active() {
			n++
		}
	}
	return n, nil
}
