package daemon

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
)

// TLSConfig turns on HTTPS for the API and pages. Both files or neither: PEM certificate (chain)
// and private key. Off by default: the daemon listens on loopback, and a kiosk reaching it
// over the network should go through TLS.
type TLSConfig struct {
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
}

// Enabled is true when a certificate is configured.
func (t TLSConfig) Enabled() bool { return t.CertFile != "" || t.KeyFile != "" }

// validate checks both files are named and load, so a bad certificate fails at start-up with
// its name rather than on the first handshake.
func (t TLSConfig) validate() error {
	if !t.Enabled() {
		return nil
	}
	if t.CertFile == "" || t.KeyFile == "" {
		return errors.New("tls: set both cert_file and key_file, or neither")
	}
	if _, err := t.load(); err != nil {
		return err
	}
	return nil
}

func (t TLSConfig) load() (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("tls: loading %s and %s: %w", t.CertFile, t.KeyFile, err)
	}
	// Readable by its group is fine (root:kycd 0640, Debian's ssl-cert style); by anyone is not.
	if st, err := os.Stat(t.KeyFile); err == nil && st.Mode().Perm()&0o007 != 0 {
		return nil, fmt.Errorf("tls: key file %s has mode %s: it must not be readable by others (0600 or 0640)", t.KeyFile, st.Mode().Perm())
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
		NextProtos:   []string{"http/1.1"}, // fasthttp speaks HTTP/1.1 only
	}, nil
}

// wrap returns ln unchanged without TLS, else a TLS listener over it.
func (t TLSConfig) wrap(ln net.Listener) (net.Listener, error) {
	if !t.Enabled() {
		return ln, nil
	}
	cfg, err := t.load()
	if err != nil {
		return nil, err
	}
	return tls.NewListener(ln, cfg), nil
}
