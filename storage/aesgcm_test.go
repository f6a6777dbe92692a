package storage_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

func TestAESGCMSealer(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "blob.key")
	s, err := storage.NewAESGCMSealer(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(keyFile)
	if err != nil || info.Mode().Perm() != 0o600 || info.Size() != 32 {
		t.Fatalf("key file = %v, %v; want 32 bytes mode 0600", info, err)
	}
	plain, ad := []byte("portrait jpeg"), []byte("blobs\x00ver_a/selfie")
	sealed, err := s.Seal(plain, ad)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, plain) {
		t.Error("sealed bytes contain the plaintext")
	}
	again, _ := s.Seal(plain, ad)
	if bytes.Equal(sealed, again) {
		t.Error("two seals are identical: nonce not random")
	}
	tampered := append([]byte(nil), sealed...)
	tampered[len(tampered)-1] ^= 1

	tests := []struct {
		name   string
		sealed []byte
		aad    []byte
		want   error
	}{
		{"round trip", sealed, ad, nil},
		{"wrong aad", sealed, []byte("blobs\x00ver_b/selfie"), storage.ErrCorrupt},
		{"tampered", tampered, ad, storage.ErrCorrupt},
		{"truncated", sealed[:3], ad, storage.ErrCorrupt},
		{"unsealed value", []byte("\x00plain"), ad, storage.ErrSealMismatch},
		{"empty", nil, ad, storage.ErrSealMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Open(tc.sealed, tc.aad)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Open = %v, want %v", err, tc.want)
			}
			if err == nil && !bytes.Equal(got, plain) {
				t.Errorf("Open = %q, want %q", got, plain)
			}
		})
	}

	// Reloading the same file reads the same key.
	s2, err := storage.NewAESGCMSealer(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s2.Open(sealed, ad); err != nil || !bytes.Equal(got, plain) {
		t.Errorf("reloaded sealer Open = %q, %v", got, err)
	}
	if _, err := (storage.NoopSealer{}).Open(sealed, ad); !errors.Is(err, storage.ErrSealMismatch) {
		t.Errorf("NoopSealer opened a sealed value: %v", err)
	}
}

func TestAESGCMRotation(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "blob.key")
	old, err := storage.NewAESGCMSealer(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	oldSealed, _ := old.Seal([]byte("old"), nil)
	if err := storage.RotateAESGCMKey(keyFile); err != nil {
		t.Fatal(err)
	}
	rotated, err := storage.NewAESGCMSealer(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Open(oldSealed, nil); err != nil || string(got) != "old" {
		t.Errorf("rotated sealer cannot open old value: %q, %v", got, err)
	}
	newSealed, _ := rotated.Seal([]byte("new"), nil)
	if _, err := old.Open(newSealed, nil); !errors.Is(err, storage.ErrUnknownSealKey) {
		t.Errorf("old sealer opened a value sealed with the new key: %v", err)
	}
	if info, _ := os.Stat(keyFile); info.Mode().Perm() != 0o600 || info.Size() != 64 {
		t.Errorf("rotated key file mode %v size %d", info.Mode().Perm(), info.Size())
	}
}

func TestAESGCMKeyFileRefused(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		mode os.FileMode
		data []byte
		want error
	}{
		{"group readable", 0o640, make([]byte, 32), storage.ErrInsecureKeyFile},
		{"world readable", 0o644, make([]byte, 32), storage.ErrInsecureKeyFile},
		{"wrong length", 0o600, make([]byte, 31), nil},
		{"empty", 0o600, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			if err := os.WriteFile(path, tc.data, tc.mode); err != nil {
				t.Fatal(err)
			}
			os.Chmod(path, tc.mode) // umask may have narrowed it
			_, err := storage.NewAESGCMSealer(path)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("NewAESGCMSealer = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSealedDBNeedsItsKey(t *testing.T) {
	dir := t.TempDir()
	sealer, err := storage.NewAESGCMSealer(filepath.Join(dir, "blob.key"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "kycd.db")
	db := storagetest.MustOpenWith(t, path, storage.Options{Sealer: sealer})
	mustPut(t, db, rec("ver_a", 0, "verified"), storage.WriteOptions{Blobs: map[string][]byte{"selfie": []byte("face")}})
	db.Close()

	db = storagetest.MustOpenWith(t, path, storage.Options{}) // no sealer
	if _, err := db.GetBlob("ver_a", "selfie"); !errors.Is(err, storage.ErrSealMismatch) {
		t.Errorf("GetBlob without the key = %v, want ErrSealMismatch", err)
	}
	db.Close()

	other, err := storage.NewAESGCMSealer(filepath.Join(dir, "other.key"))
	if err != nil {
		t.Fatal(err)
	}
	db = storagetest.MustOpenWith(t, path, storage.Options{Sealer: other})
	if _, err := db.GetBlob("ver_a", "selfie"); !errors.Is(err, storage.ErrUnknownSealKey) {
		t.Errorf("GetBlob with another key file = %v, want ErrUnknownSealKey", err)
	}
}
