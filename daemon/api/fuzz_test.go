package api

import (
	"errors"
	"testing"
)

// FuzzParseVerifyRequest feeds arbitrary bodies to the request decoder: it must never panic,
// and every refusal must be an API error naming a code.
func FuzzParseVerifyRequest(f *testing.F) {
	f.Add([]byte(`{"document_front":"aGVsbG8=","document_type":"cin","country":"MA"}`))
	f.Add([]byte(`{"document_front":"data:image/png;base64,iVBORw0KGgo=","document_type":"passport","country":"fr","checks":["ocr","ocr"],"mode":"async","metadata":{"a":[1,{"b":null}]}}`))
	f.Add([]byte(`{"checks":"ocr"}`))
	f.Add([]byte(`{"metadata":"x","webhook_url":"http://hooks.example.test/x"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte("\xff\xfe{\"country\":\"\u202eAM\"}"))
	s := &Server{limits: testLimits()}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := s.parseVerifyRequest(body)
		if err != nil {
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.Code == "" || apiErr.Status < 400 {
				t.Fatalf("refusal without an API error: %v", err)
			}
			return
		}
		if r.front == nil || r.documentType == "" || !validCountry(r.country) {
			t.Fatalf("accepted an incomplete request: %+v", r)
		}
	})
}
