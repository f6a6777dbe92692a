package storage_test

import (
	"errors"
	"regexp"
	"slices"
	"testing"

	"github.com/kycd/kycd/storage"
)

func TestKeys(t *testing.T) {
	db := openTicking(t)
	plain, info, err := db.CreateKey("frontdesk", []string{"read", "verify", "read"})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^kycd_[a-z2-7]{32}$`).MatchString(plain) {
		t.Errorf("plaintext %q has the wrong shape", plain)
	}
	if !regexp.MustCompile(`^key_[a-z0-9]{12}$`).MatchString(info.ID) {
		t.Errorf("id %q has the wrong shape", info.ID)
	}
	if info.Prefix != plain[:9] || !slices.Equal(info.Scopes, []string{"verify", "read"}) || info.RevokedAt != nil {
		t.Errorf("KeyInfo = %+v", info)
	}
	got, err := db.Authenticate(plain)
	if err != nil || got.ID != info.ID || !got.HasScope("verify") || got.HasScope("admin") {
		t.Errorf("Authenticate = %+v, %v", got, err)
	}
	plain2, _, err := db.CreateKey("admin", []string{"admin"})
	if err != nil {
		t.Fatal(err)
	}

	scopeTests := []struct {
		name   string
		scopes []string
	}{{"unknown", []string{"verify", "delete"}}, {"none", nil}, {"case", []string{"Verify"}}}
	for _, tc := range scopeTests {
		t.Run("scope "+tc.name, func(t *testing.T) {
			if _, _, err := db.CreateKey("x", tc.scopes); !errors.Is(err, storage.ErrInvalidScope) {
				t.Errorf("CreateKey(%v) = %v, want ErrInvalidScope", tc.scopes, err)
			}
		})
	}
	if _, _, err := db.CreateKey("  ", []string{"read"}); !errors.Is(err, storage.ErrInvalidArgument) {
		t.Errorf("CreateKey with blank name = %v", err)
	}

	if n, err := db.CountActiveKeys(); err != nil || n != 2 {
		t.Errorf("CountActiveKeys = %d, %v, want 2", n, err)
	}
	if err := db.RevokeKey(info.ID); err != nil {
		t.Fatal(err)
	}
	authTests := []struct {
		name, plain string
		want        error
	}{
		{"revoked", plain, storage.ErrUnauthenticated},
		{"unknown", "kycd_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", storage.ErrUnauthenticated},
		{"empty", "", storage.ErrUnauthenticated},
		{"still valid", plain2, nil},
	}
	for _, tc := range authTests {
		t.Run("auth "+tc.name, func(t *testing.T) {
			_, err := db.Authenticate(tc.plain)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("Authenticate = %v, want %v", err, tc.want)
			}
		})
	}
	if err := db.RevokeKey(info.ID); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	if err := db.RevokeKey("key_nope"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("RevokeKey(unknown) = %v, want ErrNotFound", err)
	}
	keys, err := db.ListKeys()
	if err != nil || len(keys) != 2 || keys[0].ID != info.ID || keys[0].RevokedAt == nil || keys[1].RevokedAt != nil {
		t.Errorf("ListKeys = %+v, %v", keys, err)
	}
	if n, _ := db.CountActiveKeys(); n != 1 {
		t.Errorf("CountActiveKeys after revoke = %d, want 1", n)
	}
}
