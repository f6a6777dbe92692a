package webhook

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// LoadOrCreateSecret reads the signing secret from path, creating it (0600,
// "whsec_" + 256 random bits) on first start. Receivers verify signatures
// with the whole string as the HMAC key.
func LoadOrCreateSecret(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		s := strings.TrimSpace(string(data))
		if len(s) < 16 {
			return "", fmt.Errorf("webhook secret %s: shorter than 16 characters", path)
		}
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("reading webhook secret: %w", err)
	}
	secret := "whsec_" + rand.Text() + rand.Text()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("creating webhook secret: %w", err)
	}
	if _, err := f.WriteString(secret + "\n"); err != nil {
		f.Close()
		return "", fmt.Errorf("writing webhook secret: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("writing webhook secret: %w", err)
	}
	return secret, nil
}
