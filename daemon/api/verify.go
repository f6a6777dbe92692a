package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/storage"
)

const maxIdempotencyKey = 255

// handleVerify is POST /v1/identity/verify.
func (s *Server) handleVerify(c *fiber.Ctx) error {
	if !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) {
		return invalid(fiber.StatusUnsupportedMediaType, "unsupported_media_type", "", "send the request as Content-Type: application/json")
	}
	body := c.Body()
	key := caller(c)
	idemKey := c.Get("Idempotency-Key")
	if len(idemKey) > maxIdempotencyKey {
		return badParam("invalid_idempotency_key", "Idempotency-Key", "Idempotency-Key is longer than %d characters", maxIdempotencyKey)
	}
	var bodyHash string // only a request with an Idempotency-Key is compared with another
	if idemKey != "" {
		sum := sha256.Sum256(body)
		bodyHash = hex.EncodeToString(sum[:])
		if done, err := s.replay(c, key.ID, idemKey, bodyHash); done || err != nil {
			return err
		}
	}

	req, err := s.parseVerifyRequest(body)
	if err != nil {
		return err
	}
	var idem *storage.IdempotencyEntry
	if idemKey != "" {
		idem = &storage.IdempotencyEntry{KeyID: key.ID, Key: idemKey, BodyHash: bodyHash}
	}
	status, stored, err := s.create(c.UserContext(), key.ID, req, idem)
	if err != nil {
		if errors.Is(err, storage.ErrIdempotencyKeyUsed) && idemKey != "" {
			// Two requests raced with one key: the loser answers like a replay.
			if done, rerr := s.replay(c, key.ID, idemKey, bodyHash); done {
				return rerr
			}
		}
		return err
	}
	return c.Status(status).Type("json").Send(stored)
}

// create runs (sync) or queues (async) one validated request and stores it; it returns the
// HTTP status and the stored verification JSON. Kiosk capture sessions submit through it too.
func (s *Server) create(ctx context.Context, actor string, req *request, idem *storage.IdempotencyEntry) (int, []byte, error) {
	vctx, cancel := context.WithTimeout(ctx, s.limits.VerifyTimeout)
	defer cancel()
	if req.mode != "async" {
		// The slot is taken before decoding: a waiting request holds only its body.
		if err := s.slots.acquire(vctx); err != nil {
			return 0, nil, &Error{Status: fiber.StatusServiceUnavailable, Type: typeAPI, Code: "verification_timeout",
				Message: fmt.Sprintf("other verifications kept the engine busy for %s; nothing was stored, try again", s.limits.VerifyTimeout)}
		}
		defer s.slots.release()
	}
	in, err := s.decodeImages(req)
	if err != nil {
		return 0, nil, err
	}
	defer in.Close()
	plan, err := s.engine.Plan(in, req.checks)
	if err != nil {
		return 0, nil, planError(err)
	}

	now := s.now().UTC()
	v := newVerification(req, now)
	w := storage.WriteOptions{
		Blobs:       imageBlobs(req),
		Outbox:      true,
		Idempotency: idem,
		Audit:       &storage.AuditEvent{Actor: actor, Action: "verification.create", Details: map[string]string{"mode": req.mode, "checks": strings.Join(plan, ",")}},
	}

	if req.mode == "async" {
		v.Status = engine.StatusPending
		spec, err := json.Marshal(jobSpec{Plan: plan, WebhookURL: req.webhookURL, Deadline: now.Add(asyncDeadline)})
		if err != nil {
			return 0, nil, err
		}
		w.Blobs[blobJob] = spec
		w.Outbox = false // only finished verifications go upstream
		stored, err := s.store(ctx, v, now, w)
		if err != nil {
			return 0, nil, fmt.Errorf("storing verification: %w", err)
		}
		s.jobs.enqueue(v.ID)
		s.metrics.verification(v.Status)
		return fiber.StatusAccepted, stored, nil
	}

	start := time.Now()
	if err := s.engine.Verify(vctx, in, plan, v); err != nil {
		s.log.Warn("verification did not finish", "id", v.ID, "err", err)
		return 0, nil, &Error{Status: fiber.StatusServiceUnavailable, Type: typeAPI, Code: "verification_timeout",
			Message: fmt.Sprintf("the verification did not finish within %s; nothing was stored", s.limits.VerifyTimeout)}
	}
	s.metrics.observeVerify(time.Since(start))
	if s.dups != nil {
		s.dups.BeforeStore(v.ID, &w)
	}
	stored, err := s.store(ctx, v, now, w)
	if err != nil {
		if s.dups != nil {
			s.dups.StoreFailed(v.ID)
		}
		return 0, nil, fmt.Errorf("storing verification: %w", err)
	}
	if s.dups != nil {
		s.dups.AfterStore(v.ID)
	}
	s.metrics.verification(v.Status)
	return fiber.StatusOK, stored, nil
}

// replay answers a request whose Idempotency-Key was seen before: the same body gets the stored
// verification again, another body a 409. done is false when the key is new.
func (s *Server) replay(c *fiber.Ctx, keyID, idemKey, bodyHash string) (done bool, err error) {
	e, err := s.db.LookupIdempotency(keyID, idemKey)
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	if e.BodyHash != bodyHash {
		return true, invalid(fiber.StatusConflict, "idempotency_conflict", "Idempotency-Key",
			"this Idempotency-Key was used with a different request body")
	}
	rec, err := s.db.GetVerification(e.VerificationID)
	if err != nil {
		return true, fmt.Errorf("replaying %s: %w", e.VerificationID, err)
	}
	c.Set("Idempotent-Replayed", "true")
	status := fiber.StatusOK
	if rec.Status == engine.StatusPending {
		status = fiber.StatusAccepted
	}
	return true, c.Status(status).Type("json").Send(rec.Body)
}

// store writes the verification with its side effects and returns its JSON as stored.
func (s *Server) store(ctx context.Context, v *engine.Verification, created time.Time, w storage.WriteOptions) ([]byte, error) {
	body, err := marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding verification: %w", err)
	}
	rec := storage.Record{ID: v.ID, CreatedAt: created, UpdatedAt: s.now().UTC(), Status: v.Status, Body: body}
	if err := s.db.PutVerification(ctx, rec, w); err != nil {
		return nil, err
	}
	return body, nil
}

// decodeImages decodes each given image once; the checks share the pixels.
func (s *Server) decodeImages(r *request) (*engine.Input, error) {
	in := &engine.Input{DocumentType: r.documentType, Country: r.country, Now: s.now().UTC(), Liveness: r.liveness}
	if err := in.DecodeImages(s.limits.Images, r.front, r.back, r.selfie); err != nil {
		var ie *engine.ImageError
		if errors.As(err, &ie) {
			return nil, imageError(ie.Field, ie.Err)
		}
		return nil, err
	}
	return in, nil
}

func imageError(param string, err error) error {
	var ie *imageio.Error
	if !errors.As(err, &ie) {
		return fmt.Errorf("decoding %s: %w", param, err)
	}
	if ie.Code == imageio.CodeTooLarge {
		return invalid(fiber.StatusRequestEntityTooLarge, ie.Code, param, "%s: %s", param, ie.Msg)
	}
	return badParam(ie.Code, param, "%s: %s", param, ie.Msg)
}

func planError(err error) error {
	var ce *engine.CheckError
	param := "checks"
	if errors.As(err, &ce) {
		param = "checks"
	}
	switch {
	case errors.Is(err, engine.ErrCheckNotAvailable):
		return invalid(fiber.StatusUnprocessableEntity, "check_not_available", param, "%s", err.Error())
	case errors.Is(err, engine.ErrCheckNotApplicable):
		return invalid(fiber.StatusUnprocessableEntity, "check_not_applicable", param, "%s", err.Error())
	}
	return err
}

// Blob kinds.
const (
	blobFront  = "document_front"
	blobBack   = "document_back"
	blobSelfie = "selfie"
	blobJob    = "job"
)

func imageBlobs(r *request) map[string][]byte {
	m := map[string][]byte{blobFront: r.front}
	if r.back != nil {
		m[blobBack] = r.back
	}
	if r.selfie != nil {
		m[blobSelfie] = r.selfie
	}
	return m
}

func newVerification(r *request, now time.Time) *engine.Verification {
	ts := now.Format(time.RFC3339)
	return &engine.Verification{
		ID: newID(), Object: "identity.verification", CreatedAt: ts, UpdatedAt: ts,
		DocumentType: r.documentType, Country: r.country, Metadata: r.metadata,
		RiskLevel: "low", RiskBreakdown: []engine.Contribution{}, FraudSignals: []engine.Signal{},
	}
}

// newID returns "ver_" and 16 random lowercase alphanumerics (~82 bits).
func newID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "ver_" + string(b)
}
