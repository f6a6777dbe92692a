package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/storage"
)

var listStatuses = []string{"pending", "verified", "rejected", "review", "expired", "error"}

// handleGet is GET /v1/identity/verifications/{id}.
func (s *Server) handleGet(c *fiber.Ctx) error {
	rec, err := s.lookup(c.Params("id"))
	if err != nil {
		return err
	}
	return c.Type("json").Send(rec.Body)
}

func (s *Server) lookup(id string) (storage.Record, error) {
	rec, err := s.db.GetVerification(id)
	if errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrInvalidArgument) {
		return rec, notFound("verification", id)
	}
	return rec, err
}

// handleList is GET /v1/identity/verifications?limit=&starting_after=&status=, newest first.
func (s *Server) handleList(c *fiber.Ctx) error {
	q := storage.ListQuery{Limit: 10, StartingAfter: c.Query("starting_after"), Status: c.Query("status"), Device: c.Query("device")}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return badParam("invalid_param", "limit", "limit must be an integer from 1 to 100")
		}
		q.Limit = n
	}
	if q.Status != "" && !slices.Contains(listStatuses, q.Status) {
		return badParam("invalid_enum", "status", "status must be one of pending, verified, rejected, review, expired, error")
	}
	recs, more, err := s.db.ListVerifications(q)
	if errors.Is(err, storage.ErrNotFound) {
		return badParam("invalid_param", "starting_after", "starting_after names no verification")
	}
	if err != nil {
		return err
	}
	data := make([]json.RawMessage, len(recs))
	for i, r := range recs {
		data[i] = r.Body
	}
	return c.JSON(fiber.Map{"object": "list", "data": data, "has_more": more})
}

// handleDelete is DELETE /v1/identity/verifications/{id}: images and templates are erased for
// good, a minimal tombstone stays.
func (s *Server) handleDelete(c *fiber.Ctx) error {
	rec, err := s.lookup(c.Params("id"))
	if err != nil {
		return err
	}
	if rec.Deleted {
		return c.Type("json").Send(rec.Body)
	}
	now := s.now().UTC()
	tomb := fiber.Map{
		"id": rec.ID, "object": "identity.verification", "status": rec.Status, "deleted": true,
		"created_at": rec.CreatedAt.UTC().Format(time.RFC3339), "updated_at": now.Format(time.RFC3339),
	}
	body, err := json.Marshal(tomb)
	if err != nil {
		return err
	}
	err = s.db.DeleteVerification(rec.ID, body, storage.WriteOptions{Outbox: true,
		Audit: &storage.AuditEvent{Actor: caller(c).ID, Action: "verification.delete"}})
	if err != nil {
		return fmt.Errorf("deleting %s: %w", rec.ID, err)
	}
	if s.dups != nil {
		s.dups.Forget(rec.ID)
	}
	return c.Type("json").Send(body)
}

type reviewRequest struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

// handleReview is POST /v1/identity/verifications/{id}/review: a person decides a verification
// the engine sent to review.
func (s *Server) handleReview(c *fiber.Ctx) error {
	var r reviewRequest
	if err := decodeStrict(c.Body(), &r); err != nil {
		return err
	}
	if r.Decision != engine.StatusVerified && r.Decision != engine.StatusRejected {
		return badParam("invalid_enum", "decision", "decision must be verified or rejected")
	}
	if len(r.Reason) > 1000 {
		return badParam("invalid_param", "reason", "reason is longer than 1000 bytes")
	}
	rec, err := s.lookup(c.Params("id"))
	if err != nil {
		return err
	}
	if rec.Deleted || rec.Status != engine.StatusReview {
		return invalid(fiber.StatusConflict, "not_in_review", "id", "verification %s is %s, not review", rec.ID, rec.Status)
	}
	var v engine.Verification
	if err := json.Unmarshal(rec.Body, &v); err != nil {
		return fmt.Errorf("decoding %s: %w", rec.ID, err)
	}
	now := s.now().UTC().Format(time.RFC3339)
	key := caller(c)
	v.Review = &engine.Review{Decision: r.Decision, Reason: r.Reason, ReviewedBy: key.ID, ReviewedAt: now, PreviousStatus: v.Status}
	v.Status, v.UpdatedAt = r.Decision, now
	body, err := marshal(&v)
	if err != nil {
		return err
	}
	err = s.db.PutVerification(c.UserContext(), storage.Record{ID: v.ID, Status: v.Status, Body: body}, storage.WriteOptions{
		IfVersion: rec.Version, Outbox: true,
		Audit: &storage.AuditEvent{Actor: key.ID, Action: "verification.review", Details: map[string]string{"decision": r.Decision}},
	})
	if errors.Is(err, storage.ErrVersionConflict) {
		return invalid(fiber.StatusConflict, "concurrent_update", "id", "verification %s changed meanwhile; read it again", v.ID)
	}
	if err != nil {
		return err
	}
	return c.Type("json").Send(body)
}

var imageKinds = []string{blobFront, blobBack, blobSelfie, "portrait"}

// handleImage is GET /v1/identity/verifications/{id}/images/{kind}.
func (s *Server) handleImage(c *fiber.Ctx) error {
	kind := c.Params("kind")
	if !slices.Contains(imageKinds, kind) {
		return badParam("invalid_enum", "kind", "kind must be document_front, document_back, selfie or portrait")
	}
	rec, err := s.lookup(c.Params("id"))
	if err != nil {
		return err
	}
	data, err := s.db.GetBlob(rec.ID, kind)
	if errors.Is(err, storage.ErrNotFound) {
		return invalid(fiber.StatusNotFound, "not_found", "kind", "verification %s has no %s image", rec.ID, kind)
	}
	if err != nil {
		return err
	}
	ct := "application/octet-stream"
	if f := imageio.Sniff(data); f != "" {
		ct = "image/" + f
	} else {
		ct = http.DetectContentType(data)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, ct)
	return c.Send(data)
}
