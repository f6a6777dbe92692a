package storage

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Key file format: raw 32-byte AES-256 keys concatenated, newest first. The
// newest key seals; every key opens, so rotation (RotateAESGCMKey) keeps old
// blobs readable. The file lives outside the database with mode 0600.
const (
	aesKeyLen    = 32
	sealKeyIDLen = 4
)

// Sealed layout: scheme byte 0x01 ‖ 4-byte key id ‖ 12-byte nonce ‖ ciphertext+tag.
// The key id is a hash of the key, so the file needs no extra metadata.
type sealKey struct {
	id   [sealKeyIDLen]byte
	aead cipher.AEAD
}

// AESGCMSealer is an AES-256-GCM Sealer with random nonces.
type AESGCMSealer struct {
	keys []sealKey // newest first
}

// NewAESGCMSealer loads keyFile, creating it with one random key (mode 0600)
// if it does not exist. It refuses a file with group or other permission bits.
func NewAESGCMSealer(keyFile string) (*AESGCMSealer, error) {
	raw, err := readKeyFile(keyFile)
	if errors.Is(err, fs.ErrNotExist) {
		raw, err = createKeyFile(keyFile)
	}
	if err != nil {
		return nil, err
	}
	return sealerFromKeys(keyFile, raw)
}

// RotateAESGCMKey prepends a fresh key to keyFile (atomically, by rename).
// Sealers opened afterwards seal with it; older keys still open old values.
func RotateAESGCMKey(keyFile string) error {
	raw, err := readKeyFile(keyFile)
	if err != nil {
		return err
	}
	fresh := make([]byte, aesKeyLen, aesKeyLen+len(raw))
	if _, err := rand.Read(fresh); err != nil {
		return fmt.Errorf("rotating key file: %w", err)
	}
	tmp := keyFile + ".new"
	if err := writeNewFile(tmp, append(fresh, raw...)); err != nil {
		return fmt.Errorf("rotating key file: %w", err)
	}
	if err := os.Rename(tmp, keyFile); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("rotating key file: %w", err)
	}
	return syncDir(filepath.Dir(keyFile))
}

func readKeyFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("reading key file: %w", err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("reading key file %s: mode %s: %w (want 0600)", path, info.Mode().Perm(), ErrInsecureKeyFile)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading key file: %w", err)
	}
	return raw, nil
}

func createKeyFile(path string) ([]byte, error) {
	raw := make([]byte, aesKeyLen)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("creating key file: %w", err)
	}
	if err := writeNewFile(path, raw); err != nil {
		if errors.Is(err, fs.ErrExist) { // another process won the race: use its key
			return readKeyFile(path)
		}
		return nil, fmt.Errorf("creating key file: %w", err)
	}
	return raw, syncDir(filepath.Dir(path))
}

// writeNewFile creates path exclusively with mode 0600 and fsyncs it: losing
// the key after a crash would lose every sealed image.
func writeNewFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing key directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing key directory: %w", err)
	}
	return nil
}

func sealerFromKeys(path string, raw []byte) (*AESGCMSealer, error) {
	if len(raw) == 0 || len(raw)%aesKeyLen != 0 {
		return nil, fmt.Errorf("reading key file %s: %d bytes, want a multiple of %d", path, len(raw), aesKeyLen)
	}
	s := &AESGCMSealer{}
	for off := 0; off < len(raw); off += aesKeyLen {
		k, err := newSealKey(raw[off : off+aesKeyLen])
		if err != nil {
			return nil, fmt.Errorf("reading key file %s: %w", path, err)
		}
		s.keys = append(s.keys, k)
	}
	return s, nil
}

func newSealKey(key []byte) (sealKey, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return sealKey{}, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return sealKey{}, err
	}
	sum := sha256.Sum256(append([]byte("kycd seal key id\x00"), key...))
	k := sealKey{aead: aead}
	copy(k.id[:], sum[:])
	return k, nil
}

// Seal encrypts with the newest key.
func (s *AESGCMSealer) Seal(plain, aad []byte) ([]byte, error) {
	k := s.keys[0]
	out := make([]byte, 1+sealKeyIDLen+k.aead.NonceSize(), 1+sealKeyIDLen+k.aead.NonceSize()+len(plain)+k.aead.Overhead())
	out[0] = schemeAESGCM
	copy(out[1:], k.id[:])
	nonce := out[1+sealKeyIDLen:]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("sealing: %w", err)
	}
	return k.aead.Seal(out, nonce, plain, aad), nil
}

// Open decrypts with the key named in sealed; a wrong aad fails.
func (s *AESGCMSealer) Open(sealed, aad []byte) ([]byte, error) {
	if len(sealed) == 0 || sealed[0] != schemeAESGCM {
		return nil, fmt.Errorf("opening sealed value: %w (not AES-GCM sealed)", ErrSealMismatch)
	}
	if len(sealed) < 1+sealKeyIDLen {
		return nil, fmt.Errorf("opening sealed value: too short: %w", ErrCorrupt)
	}
	id := sealed[1 : 1+sealKeyIDLen]
	for _, k := range s.keys {
		if !bytes.Equal(k.id[:], id) {
			continue
		}
		rest := sealed[1+sealKeyIDLen:]
		if len(rest) < k.aead.NonceSize() {
			return nil, fmt.Errorf("opening sealed value: too short: %w", ErrCorrupt)
		}
		plain, err := k.aead.Open(nil, rest[:k.aead.NonceSize()], rest[k.aead.NonceSize():], aad)
		if err != nil {
			return nil, fmt.Errorf("opening sealed value: %w: %w", ErrCorrupt, err)
		}
		return plain, nil
	}
	return nil, fmt.Errorf("opening sealed value: key id %x: %w", id, ErrUnknownSealKey)
}
