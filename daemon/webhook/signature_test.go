package webhook

import (
	"errors"
	"testing"
	"time"
)

func TestSignVerify(t *testing.T) {
	secret := []byte("whsec_test")
	body := []byte(`{"id":"evt_1"}`)
	at := time.Unix(1700000000, 0)
	good := Sign(secret, at, body)
	tests := []struct {
		name, header string
		body         []byte
		secret       []byte
		ok           bool
	}{
		{"valid", good, body, secret, true},
		{"second v1 matches (rotation)", "t=1700000000,v1=00ff," + good[len("t=1700000000,"):], body, secret, true},
		{"other body", good, []byte(`{"id":"evt_2"}`), secret, false},
		{"other secret", good, body, []byte("whsec_other"), false},
		{"other time", "t=1700000001," + good[len("t=1700000000,"):], body, secret, false},
		{"empty", "", body, secret, false},
		{"garbage", "v1=zz,t=x", body, secret, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := Verify(tt.secret, tt.header, tt.body)
			if tt.ok && (err != nil || !ts.Equal(at)) {
				t.Errorf("Verify = %v, %v", ts, err)
			}
			if !tt.ok && !errors.Is(err, ErrBadSignature) {
				t.Errorf("Verify accepted: %v", err)
			}
		})
	}
	if len(good) != len("t=1700000000,v1=")+64 {
		t.Errorf("signature shape %q", good)
	}
}
