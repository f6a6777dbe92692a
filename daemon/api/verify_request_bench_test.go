package api

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// benchBody is a verify request the size of the bench's: two 1600 px document JPEGs (~400 KB
// each) and a 1280×720 selfie (~150 KB), base64 in JSON.
func benchBody(b *testing.B) []byte {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	img := func(n int) string {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte(rng.Uint32())
		}
		return base64.StdEncoding.EncodeToString(p)
	}
	body, err := json.Marshal(map[string]any{
		"document_type": "cin", "country": "MA",
		"document_front": img(400 << 10), "document_back": img(400 << 10), "selfie": img(150 << 10),
		"metadata": map[string]any{"branch": "casa-01"},
	})
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkParseVerifyRequest is the API's own work on a request body before any pixel is
// decoded: the body hash (idempotency) and the strict JSON and base64 decoding.
func BenchmarkParseVerifyRequest(b *testing.B) {
	body := benchBody(b)
	s := &Server{limits: testLimits()}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		sha256.Sum256(body)
		if _, err := s.parseVerifyRequest(body); err != nil {
			b.Fatal(err)
		}
	}
}
