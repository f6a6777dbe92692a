package load

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"time"
)

// Target is the daemon under test.
type Target struct {
	BaseURL string // http://127.0.0.1:8080
	Key     string // an API key with the verify, read and admin scopes (admin covers all)
	Client  *http.Client
}

func (t Target) client() *http.Client {
	if t.Client != nil {
		return t.Client
	}
	return http.DefaultClient
}

// do sends one request and returns the status (0 on a transport error) and the body.
func (t Target) do(ctx context.Context, method, path string, body []byte, header map[string]string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, t.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body == nil {
		req.Body = http.NoBody
	}
	if t.Key != "" {
		req.Header.Set("Authorization", "Bearer "+t.Key)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := t.client().Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	return res.StatusCode, data, err
}

// BlankPNG is a small white image: the ocr check finds no MRZ in it quickly, so a verification
// costs the daemon its whole request path (decode, engine, seal, bbolt) without OCR work.
func BlankPNG(w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.SetGray(w/2, h/2, color.Gray{Y: 0})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

// VerifyBody is a valid sync verify request with the ocr check on img.
func VerifyBody(img []byte, metadata map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{
		"document_type": "passport", "country": "FR", "checks": []string{"ocr"},
		"document_front": base64.StdEncoding.EncodeToString(img), "metadata": metadata,
	})
	return b
}

// CountVerifications pages through the list route and counts every verification (tombstones
// included).
func (t Target) CountVerifications(ctx context.Context) (int, error) {
	n, after := 0, ""
	for {
		path := "/v1/identity/verifications?limit=100"
		if after != "" {
			path += "&starting_after=" + after
		}
		status, body, err := t.do(ctx, "GET", path, nil, nil)
		if err != nil || status != 200 {
			return n, fmt.Errorf("listing: %d %v %s", status, err, body)
		}
		var page struct {
			Data []struct {
				ID string `json:"id"`
			} `json:"data"`
			HasMore bool `json:"has_more"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return n, fmt.Errorf("listing: %w", err)
		}
		n += len(page.Data)
		if !page.HasMore || len(page.Data) == 0 {
			return n, nil
		}
		after = page.Data[len(page.Data)-1].ID
	}
}

// Healthy is true when /healthz answers 200 within 5 s.
func (t Target) Healthy(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	status, _, err := t.do(ctx, "GET", "/healthz", nil, map[string]string{"Authorization": ""})
	return err == nil && status == 200
}
