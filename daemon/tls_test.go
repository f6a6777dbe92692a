package daemon

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// selfSigned writes a certificate for 127.0.0.1 and its key (mode keyMode) into dir.
func selfSigned(t *testing.T, dir string, keyMode os.FileMode) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kycd test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), keyMode)
	return certFile, keyFile
}

func TestTLSConfigValidate(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir, 0o600)
	_, looseKey := selfSigned(t, t.TempDir(), 0o644)
	tests := []struct {
		name string
		cfg  TLSConfig
		ok   bool
	}{
		{"off", TLSConfig{}, true},
		{"both", TLSConfig{CertFile: cert, KeyFile: key}, true},
		{"cert only", TLSConfig{CertFile: cert}, false},
		{"missing file", TLSConfig{CertFile: cert, KeyFile: filepath.Join(dir, "nope.pem")}, false},
		{"key readable by others", TLSConfig{CertFile: cert, KeyFile: looseKey}, false},
	}
	for _, tt := range tests {
		if err := tt.cfg.validate(); (err == nil) != tt.ok {
			t.Errorf("%s: validate() = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

// TestTLSListener: the wrapped listener completes a TLS 1.2+ handshake with the configured
// certificate.
func TestTLSListener(t *testing.T) {
	cert, key := selfSigned(t, t.TempDir(), 0o600)
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := TLSConfig{CertFile: cert, KeyFile: key}.wrap(raw)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			c.(*tls.Conn).Handshake()
			c.Close()
		}
	}()
	conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS11})
	if err == nil {
		conn.Close()
		t.Error("TLS 1.1 handshake accepted")
	}
	go func() {
		c, err := ln.Accept()
		if err == nil {
			c.(*tls.Conn).Handshake()
			c.Close()
		}
	}()
	conn, err = tls.Dial("tcp", ln.Addr().String(), &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatalf("TLS handshake: %v", err)
	}
	if cs := conn.ConnectionState(); cs.Version < tls.VersionTLS12 || len(cs.PeerCertificates) != 1 {
		t.Errorf("connection state %+v", cs)
	}
	conn.Close()
}
