package daemon

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kycd/kycd/daemon/api"
	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/ui"
)

// UIConfig is the `ui:` section: the kiosk (/kiosk) and the operator console (/console).
// Every zero value means the documented default.
type UIConfig struct {
	// KioskKeyFile holds the kiosk pairing key that staff type once on a kiosk screen.
	// Default <data_dir>/kiosk.key, created 0600 on first start; delete it and restart to
	// unpair every kiosk.
	KioskKeyFile string `yaml:"kiosk_key_file"`
	// Country is sent with every kiosk capture session (ISO 3166-1 alpha-2); default MA.
	Country string `yaml:"country"`
	// DocumentTypes the kiosk offers, in order; default [cin, residence_card, passport].
	DocumentTypes []string `yaml:"document_types"`
	// DocumentCamera and SelfieCamera name cameras of the cameras list; default: a camera
	// named doc/document (selfie/face), else the first (last) one.
	DocumentCamera string `yaml:"document_camera"`
	SelfieCamera   string `yaml:"selfie_camera"`
	// Consent replaces the built-in law 09-08 consent text, by language: {fr: "…", ar: "…", en: "…"}.
	Consent map[string]string `yaml:"consent"`
	// AssetsDir serves the pages from a directory (a checkout's ui/static) instead of the
	// copy embedded in the binary: for development only.
	AssetsDir string `yaml:"assets_dir"`
}

// KioskKeyPath is the kiosk pairing key file.
func (c *Config) KioskKeyPath() string {
	if c.UI.KioskKeyFile != "" {
		return c.UI.KioskKeyFile
	}
	return filepath.Join(c.DataDir, "kiosk.key")
}

// validateUI checks the ui section.
func (c *Config) validateUI() error {
	u := c.UI
	if u.Country != "" && (len(u.Country) != 2 || strings.ToUpper(u.Country) != u.Country) {
		return fmt.Errorf("ui.country %q: want an ISO 3166-1 alpha-2 code such as MA", u.Country)
	}
	for _, t := range u.DocumentTypes {
		if !slices.Contains(engine.DocumentTypes, t) {
			return fmt.Errorf("ui.document_types: %q is not one of %s", t, strings.Join(engine.DocumentTypes, ", "))
		}
	}
	for lang := range u.Consent {
		if !slices.Contains(ui.Languages, lang) {
			return fmt.Errorf("ui.consent: language %q is not one of %s", lang, strings.Join(ui.Languages, ", "))
		}
	}
	if u.AssetsDir != "" {
		if st, err := os.Stat(u.AssetsDir); err != nil || !st.IsDir() {
			return fmt.Errorf("ui.assets_dir %q is not a directory", u.AssetsDir)
		}
	}
	return nil
}

// uiDeps builds the pages' configuration, creating the kiosk key on first start.
func (c *Config) uiDeps(log *slog.Logger) (api.UIConfig, error) {
	if err := c.validateUI(); err != nil {
		return api.UIConfig{}, err
	}
	key, err := loadKioskKey(c.KioskKeyPath(), log)
	if err != nil {
		return api.UIConfig{}, err
	}
	return api.UIConfig{
		KioskKey: key, Country: c.UI.Country, DocumentTypes: c.UI.DocumentTypes,
		DocumentCamera: c.UI.DocumentCamera, SelfieCamera: c.UI.SelfieCamera,
		Consent: c.UI.Consent, AssetsDir: c.UI.AssetsDir,
	}, nil
}

// kioskKeyAlphabet leaves out 0/O and 1/I/L so the key can be read aloud and typed.
const kioskKeyAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// newKioskKey is 20 random characters (about 99 bits) in groups of four: XXXX-XXXX-….
func newKioskKey() string {
	b := make([]byte, 20)
	rand.Read(b)
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		// 256 is not a multiple of 31: the bias is under 1 %, fine for ~99 bits.
		sb.WriteByte(kioskKeyAlphabet[int(x)%len(kioskKeyAlphabet)])
	}
	return sb.String()
}

// loadKioskKey reads the kiosk key file, creating it (0600) with a new key when missing.
func loadKioskKey(path string, log *slog.Logger) (string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key := newKioskKey()
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return "", fmt.Errorf("creating the kiosk key: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return "", fmt.Errorf("creating the kiosk key: %w", err)
		}
		_, err = fmt.Fprintln(f, key)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", fmt.Errorf("writing the kiosk key: %w", err)
		}
		log.Info("created the kiosk pairing key: staff type it once on the kiosk screen", "file", path)
		return key, nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the kiosk key: %w", err)
	}
	key := strings.TrimSpace(string(data))
	if len(key) < 16 {
		return "", fmt.Errorf("the kiosk key in %s is shorter than 16 characters", path)
	}
	return key, nil
}
