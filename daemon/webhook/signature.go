package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// HeaderSignature carries "t=<unix>,v1=<hex hmac-sha256(secret, "<t>.<body>")>".
// Upstream sync batches are signed the same way with the device secret.
const HeaderSignature = "Kycd-Signature"

// ErrBadSignature: the signature header is missing, malformed or does not match.
var ErrBadSignature = errors.New("bad signature")

// Sign returns the signature header value of body at time t.
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks header against body and returns the signed time. Any v1
// entry may match, so a receiver can accept several secrets during a
// rotation. It does not judge the time: the caller decides what is too old.
func Verify(secret []byte, header string, body []byte) (time.Time, error) {
	var ts string
	var sigs [][]byte
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			if b, err := hex.DecodeString(v); err == nil {
				sigs = append(sigs, b)
			}
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return time.Time{}, fmt.Errorf("parsing %s: %w", HeaderSignature, ErrBadSignature)
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal(s, want) {
			return time.Unix(sec, 0), nil
		}
	}
	return time.Time{}, ErrBadSignature
}
