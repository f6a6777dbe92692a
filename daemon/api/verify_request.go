package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/liveness"
)

// verifyRequest is the body of POST /v1/identity/verify. Pointers tell "absent" from "empty".
type verifyRequest struct {
	DocumentFront *jsonImage      `json:"document_front"`
	DocumentType  *string         `json:"document_type"`
	Country       *string         `json:"country"`
	DocumentBack  *jsonImage      `json:"document_back"`
	Selfie        *jsonImage      `json:"selfie"`
	Checks        []string        `json:"checks"`
	Mode          *string         `json:"mode"`
	WebhookURL    *string         `json:"webhook_url"`
	Metadata      json.RawMessage `json:"metadata"`
}

// jsonImage is an image field's string as sent (base64, maybe a data: URL), unquoted. Images
// are most of a request's bytes: taking the string's bytes as they are skips the decoder's
// unquoting and the string conversions (a third of the API's own time on a request).
type jsonImage []byte

func (m *jsonImage) UnmarshalJSON(data []byte) error {
	if len(data) < 2 || data[0] != '"' {
		return &json.UnmarshalTypeError{Value: "non-string", Type: reflect.TypeFor[string]()}
	}
	if bytes.IndexByte(data, '\\') >= 0 {
		// Escapes ("\/" from some encoders): the decoder's own unquoting.
		var str string
		if err := json.Unmarshal(data, &str); err != nil {
			return err
		}
		*m = jsonImage(str)
		return nil
	}
	*m = bytes.Clone(data[1 : len(data)-1]) // data is the decoder's buffer: keep a copy
	return nil
}

// request is a validated verify request, images still encoded.
type request struct {
	documentType, country, mode, webhookURL string
	checks                                  []string
	front, back, selfie                     []byte
	metadata                                map[string]any
	// liveness is a kiosk session's active-liveness recording (sessions.go); nil otherwise.
	liveness *liveness.Recording
}

// parseVerifyRequest decodes and validates everything that does not need pixels.
func (s *Server) parseVerifyRequest(body []byte) (*request, error) {
	var raw verifyRequest
	if err := decodeStrict(body, &raw); err != nil {
		return nil, err
	}
	r := &request{mode: "sync"}

	if raw.DocumentType == nil {
		return nil, badParam("missing_param", "document_type", "document_type is required")
	}
	if !slices.Contains(engine.DocumentTypes, *raw.DocumentType) {
		return nil, badParam("invalid_enum", "document_type", "document_type must be one of %s", strings.Join(engine.DocumentTypes, ", "))
	}
	r.documentType = *raw.DocumentType

	if raw.Country == nil {
		return nil, badParam("missing_param", "country", "country is required")
	}
	r.country = strings.ToUpper(*raw.Country)
	if !validCountry(r.country) {
		return nil, badParam("invalid_country", "country", "country must be an ISO 3166-1 alpha-2 code such as MA or FR")
	}

	if raw.Checks != nil {
		if len(raw.Checks) == 0 {
			return nil, badParam("invalid_param", "checks", "checks must name at least one check, or be left out for every check the images allow")
		}
		for _, c := range raw.Checks {
			if !slices.Contains(engine.AllChecks, c) {
				return nil, badParam("invalid_enum", "checks", "unknown check %q: checks are %s", c, strings.Join(engine.AllChecks, ", "))
			}
			if !slices.Contains(r.checks, c) {
				r.checks = append(r.checks, c)
			}
		}
	}

	if raw.Mode != nil {
		if *raw.Mode != "sync" && *raw.Mode != "async" {
			return nil, badParam("invalid_enum", "mode", "mode must be sync or async")
		}
		r.mode = *raw.Mode
	}
	if raw.WebhookURL != nil {
		if err := s.checkWebhookURL(*raw.WebhookURL); err != nil {
			return nil, err
		}
		r.webhookURL = *raw.WebhookURL
	}

	md, err := s.parseMetadata(raw.Metadata)
	if err != nil {
		return nil, err
	}
	r.metadata = md

	if raw.DocumentFront == nil {
		return nil, badParam("missing_param", "document_front", "document_front is required")
	}
	if r.front, err = s.decodeImageField("document_front", *raw.DocumentFront); err != nil {
		return nil, err
	}
	if raw.DocumentBack != nil {
		if r.back, err = s.decodeImageField("document_back", *raw.DocumentBack); err != nil {
			return nil, err
		}
	}
	if raw.Selfie != nil {
		if r.selfie, err = s.decodeImageField("selfie", *raw.Selfie); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// decodeStrict decodes one JSON object, refusing unknown fields, wrong types and trailing data,
// and names the offending field.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			return badParam("invalid_json", "", "the body must hold a single JSON object")
		}
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return badParam("invalid_json", "", "the body must be a JSON object")
		}
		return badParam("invalid_type", typeErr.Field, "%s must be of JSON type %s", typeErr.Field, jsonKind(typeErr.Type.String()))
	case errors.As(err, &syntaxErr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return badParam("invalid_json", "", "the body is not valid JSON: %v", err)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return badParam("unknown_param", field, "unknown parameter %q", field)
	}
	return badParam("invalid_json", "", "the body could not be decoded: %v", err)
}

func jsonKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "array"
	case strings.HasPrefix(goType, "map"), strings.HasPrefix(goType, "json.Raw"):
		return "object"
	case goType == "string", goType == "*string":
		return "string"
	}
	return goType
}

// decodeImageField decodes a base64 image field (standard or URL-safe alphabet, padded or not,
// optionally as a data: URL), refusing it before decoding when it cannot fit the byte limit.
func (s *Server) decodeImageField(param string, v []byte) ([]byte, error) {
	if len(v) == 0 {
		return nil, badParam("invalid_base64", param, "%s is empty", param)
	}
	if bytes.HasPrefix(v, []byte("data:")) {
		_, after, ok := bytes.Cut(v, []byte(";base64,"))
		if !ok {
			return nil, badParam("invalid_base64", param, "%s is a data: URL without ;base64,", param)
		}
		v = after
	}
	if base64.StdEncoding.DecodedLen(len(v)) > s.limits.Images.MaxBytes+3 {
		return nil, invalid(fiber.StatusRequestEntityTooLarge, "image_too_large", param,
			"%s is larger than the %d byte limit", param, s.limits.Images.MaxBytes)
	}
	v = bytes.TrimRight(v, "=")
	enc := base64.RawStdEncoding
	if bytes.IndexByte(v, '-') >= 0 || bytes.IndexByte(v, '_') >= 0 {
		enc = base64.RawURLEncoding
	}
	data := make([]byte, enc.DecodedLen(len(v)))
	n, err := enc.Decode(data, v)
	if err != nil {
		return nil, badParam("invalid_base64", param, "%s is not valid base64", param)
	}
	return data[:n], nil
}

// parseMetadata accepts a JSON object up to the configured size, returned verbatim later.
func (s *Server) parseMetadata(raw json.RawMessage) (map[string]any, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return map[string]any{}, nil
	}
	if len(raw) > s.limits.MetadataMaxBytes {
		return nil, badParam("metadata_too_large", "metadata", "metadata is %d bytes, the limit is %d", len(raw), s.limits.MetadataMaxBytes)
	}
	var md map[string]any
	if err := json.Unmarshal(raw, &md); err != nil || md == nil {
		return nil, badParam("invalid_type", "metadata", "metadata must be a JSON object")
	}
	return md, nil
}

// checkWebhookURL refuses targets outside the allow-list: the daemon must not be usable to
// reach arbitrary hosts (SSRF).
func (s *Server) checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return badParam("invalid_url", "webhook_url", "webhook_url must be an absolute http or https URL without credentials")
	}
	if !slices.Contains(s.limits.WebhookAllow, u.Host) && !slices.Contains(s.limits.WebhookAllow, u.Hostname()) {
		return badParam("webhook_not_allowed", "webhook_url", "webhook_url host %s is not in the configured allow-list (webhooks.allow)", u.Host)
	}
	if !s.webhooksEnabled {
		return invalid(fiber.StatusUnprocessableEntity, "webhook_not_available", "webhook_url",
			"webhook delivery is not available in this build; poll GET /v1/identity/verifications/{id} instead")
	}
	return nil
}

func (r *request) String() string {
	return fmt.Sprintf("%s/%s mode=%s checks=%v", r.documentType, r.country, r.mode, r.checks)
}
