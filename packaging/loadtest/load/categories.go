package load

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// categories is the hostile corpus, weighted roughly by how cheap each attack is to send.
func categories(t Target) []category {
	small := BlankPNG(64, 40)
	valid := VerifyBody(small, nil)
	return []category{
		{"fuzzed JSON", 20, true, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			return post(ctx, t, fuzzJSON(r, valid), nil)
		}},
		{"bad base64", 10, true, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			f := validFields(small)
			f[pick(r, []string{"document_front", "selfie", "document_back"})] = pick(r, []string{
				// (A data: URL prefix and extra trailing "=" are accepted by design: not listed.)
				"!!!not base64!!!", b64(small)[:len(b64(small))-3], "\u00e9" + b64(small),
				strings.Repeat("A", 4097) + "=", "", " ", "QUJD\nREVG\x00", "-_-_" + b64(small),
			})
			return post(ctx, t, verifyJSON(f), nil)
		}},
		{"image bombs", 10, true, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			img := pick(r, [][]byte{
				pngHeaderBomb(20000, 20000), pngHeaderBomb(1, 100_000_000), pngHeaderBomb(0x7fffffff, 0x7fffffff),
				jpegHeaderBomb(65000, 65000), webpHeaderBomb(), small[:len(small)/2], []byte("GIF89a\xff\xff\xff\xff"),
				[]byte("%PDF-1.7 not an image"),
			})
			return post(ctx, t, verifyJSON(map[string]any{"document_type": "passport", "country": "FR", "checks": []string{"ocr"}, "document_front": b64(img)}), nil)
		}},
		{"huge metadata", 8, true, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			f := validFields(small)
			switch r.IntN(4) {
			case 0:
				f["metadata"] = map[string]any{"note": strings.Repeat("x", 9000)}
			case 1:
				m := map[string]any{}
				for i := range 3000 {
					m[fmt.Sprint("k", i)] = i
				}
				f["metadata"] = m
			case 2:
				f["metadata"] = "a string, not an object"
			default:
				body := strings.Replace(string(verifyJSON(f)), "{", `{"metadata":`+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+",", 1)
				return post(ctx, t, []byte(body), nil)
			}
			return post(ctx, t, verifyJSON(f), nil)
		}},
		{"unicode tricks", 10, true, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			f := validFields(small)
			switch r.IntN(5) {
			case 0:
				f["document_type"] = pick(r, []string{"p\u0430ssport", "PASSPORT", "passport\u200b", "\u202epassport", "passport\x00"})
			case 1:
				f["country"] = pick(r, []string{"\uff26\uff32", "F\u0280", "fr\u0301", "XX", "F", "FRA", "\u0000\u0000"})
			case 2:
				f["checks"] = []string{pick(r, []string{"ocr\u200d", "OCR", "ocr ", "\u202eocr", "face_match\x00"})}
			case 3: // invalid UTF-8 and a lone surrogate inside strings
				body := strings.Replace(string(valid), `"FR"`, pick(r, []string{"\"\xff\xfe\"", `"\ud800"`, "\"\xc0\xaf\"", "\"\xed\xa0\x80\""}), 1)
				return post(ctx, t, []byte(body), nil)
			default: // a byte-order mark, then the body
				return post(ctx, t, append([]byte("\xef\xbb\xbf"), valid...), nil)
			}
			return post(ctx, t, verifyJSON(f), nil)
		}},
		{"slow partial bodies", 2, true, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			body := string(valid)
			req := head(t, "POST", "/v1/identity/verify", "Content-Type: application/json", contentLength(len(body)+r.IntN(5000)+1)) + "\r\n" + body[:r.IntN(len(body))]
			return rawRequest(ctx, t, req, time.Duration(200+r.IntN(800))*time.Millisecond)
		}},
		{"wrong methods", 10, false, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			m := pick(r, []string{"PUT", "PATCH", "DELETE", "GET", "OPTIONS", "TRACE", "PROPFIND"})
			p := pick(r, []string{"/v1/identity/verify", "/v1/identity/verifications", "/healthz", "/readyz", "/metrics"})
			if m == "GET" && p != "/v1/identity/verify" {
				p = "/v1/identity/verify"
			}
			if m == "DELETE" && p == "/v1/identity/verifications" {
				p = "/healthz"
			}
			status, _, err := t.do(ctx, m, p, valid, nil)
			return status, err
		}},
		{"huge headers", 6, true, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			var extra []string
			switch r.IntN(3) {
			case 0:
				extra = []string{"X-Junk: " + strings.Repeat("a", 64<<10)}
			case 1:
				for i := range 2000 {
					extra = append(extra, fmt.Sprintf("X-H%d: v", i))
				}
			default:
				extra = []string{"Cookie: " + strings.Repeat("c=1; ", 8000)}
			}
			extra = append(extra, "Content-Type: application/json", contentLength(len(valid)))
			return rawRequest(ctx, t, head(t, "POST", "/v1/identity/verify", extra...)+"\r\n"+string(valid), 0)
		}},
		{"bad auth", 8, true, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			auth := pick(r, []string{"", "Bearer", "Bearer ", "Bearer kycd_" + strings.Repeat("z", 40), "Basic YWRtaW46YWRtaW4=",
				"Bearer " + strings.Repeat("k", 8000), "Bearer kycd_\u0430\u0431\u0432", "bearer " + t.Key + "x"})
			tt := t
			tt.Key = ""
			h := map[string]string{"Authorization": auth}
			if auth == "" {
				h = nil
			}
			return post(ctx, tt, valid, h)
		}},
		{"path tricks", 8, false, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			p := pick(r, []string{
				"/v1/identity/verifications/../../../etc/passwd", "/v1/identity/verifications/%2e%2e%2fkycd.key",
				"/v1/identity/verifications/ver_%00", "/v1/identity/verifications/" + strings.Repeat("a", 4000),
				"/v1/identity/verifications/ver_\u00e9\u00e9", "/v1/identity/verifications/ver_abc/images/../../kycd.key",
				"/v1/identity/verifications?limit=-1", "/v1/identity/verifications?limit=99999999999999999999",
				"/v1/identity/verifications?starting_after=ver_nope", "/v1/identity/verifications?status=%ff",
			})
			m := pick(r, []string{"GET", "DELETE"})
			if m == "DELETE" && strings.Contains(p, "?") {
				m = "GET"
			}
			return rawRequest(ctx, t, head(t, m, p)+"\r\n", 0)
		}},
		{"wrong content type", 5, true, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			ct := pick(r, []string{"text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/xml", "image/png"})
			return post(ctx, t, valid, map[string]string{"Content-Type": ct})
		}},
		{"oversized declared body", 3, true, func(ctx context.Context, t Target, r *rand.Rand) (int, error) {
			req := head(t, "POST", "/v1/identity/verify", "Content-Type: application/json", contentLength(200<<20)) + "\r\n" + string(valid)
			return rawRequest(ctx, t, req, 0)
		}},
	}
}

// fuzzJSON mutates a valid body: byte flips, deletions, insertions of JSON-significant bytes,
// truncation, duplication of keys.
func fuzzJSON(r *rand.Rand, valid []byte) []byte {
	b := append([]byte(nil), valid...)
	switch r.IntN(6) {
	case 0:
		return b[:r.IntN(len(b))]
	case 1:
		return []byte(strings.Replace(string(b), `"country":"FR"`, `"country":"FR","country":"DE","country":7`, 1))
	case 2:
		return []byte(strings.Replace(string(b), `"FR"`, pick(r, []string{"null", "1e999", "[]", "{}", "true", "-0"}), 1))
	}
	for range 1 + r.IntN(8) {
		i := r.IntN(len(b))
		switch r.IntN(3) {
		case 0:
			b[i] = pick(r, []byte(`{}[]":,\`+"\x00\xff"))
		case 1:
			b = append(b[:i], b[i+1:]...)
		default:
			b = append(b[:i], append([]byte{pick(r, []byte(`{["\`))}, b[i:]...)...)
		}
	}
	return b
}
