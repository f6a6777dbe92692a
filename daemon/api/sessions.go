package api

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/kycd/kycd/daemon/session"
	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/liveness"
)

// createSessionRequest is the body of POST /v1/capture/sessions.
type createSessionRequest struct {
	DocumentType *string          `json:"document_type"`
	Country      *string          `json:"country"`
	Cameras      *session.Cameras `json:"cameras"`
}

// handleCreateSession is POST /v1/capture/sessions.
func (s *Server) handleCreateSession(c *fiber.Ctx) error {
	var raw createSessionRequest
	if err := decodeStrict(c.Body(), &raw); err != nil {
		return err
	}
	if raw.DocumentType == nil {
		return badParam("missing_param", "document_type", "document_type is required")
	}
	if !slices.Contains(engine.DocumentTypes, *raw.DocumentType) {
		return badParam("invalid_enum", "document_type", "document_type must be one of %s", strings.Join(engine.DocumentTypes, ", "))
	}
	if raw.Country == nil {
		return badParam("missing_param", "country", "country is required")
	}
	country := strings.ToUpper(*raw.Country)
	if !validCountry(country) {
		return badParam("invalid_country", "country", "country must be an ISO 3166-1 alpha-2 code such as MA or FR")
	}
	o := session.Options{DocumentType: *raw.DocumentType, Country: country}
	if raw.Cameras != nil {
		o.Cameras = *raw.Cameras
	}
	v, err := s.sessions.Create(o)
	if err != nil {
		return sessionError(err)
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

// handleGetSession is GET /v1/capture/sessions/{id}: step states and live feedback codes.
func (s *Server) handleGetSession(c *fiber.Ctx) error {
	v, err := s.sessions.Get(c.Params("id"))
	if err != nil {
		return sessionError(err)
	}
	return c.JSON(v)
}

// stepRequest is the optional body of POST …/steps/{step}: an image replaces auto-capture.
type stepRequest struct {
	Image *jsonImage `json:"image"`
}

// handleStep is POST /v1/capture/sessions/{id}/steps/{step}: with {"image": base64} the image
// is taken as the step's capture (validated like a verify image); without it, auto-capture
// starts on the session's camera for the step.
func (s *Server) handleStep(c *fiber.Ctx) error {
	id, step := c.Params("id"), c.Params("step")
	if !slices.Contains(session.Steps, step) {
		return invalid(fiber.StatusNotFound, "not_found", "step", "unknown step %q: steps are %s", step, strings.Join(session.Steps, ", "))
	}
	var raw stepRequest
	if len(c.Request().Body()) > 0 {
		if err := decodeStrict(c.Body(), &raw); err != nil {
			return err
		}
	}
	if raw.Image == nil {
		v, err := s.sessions.Start(id, step)
		if err != nil {
			return sessionError(err)
		}
		return c.Status(fiber.StatusAccepted).JSON(v)
	}
	data, err := s.decodeImageField("image", *raw.Image)
	if err != nil {
		return err
	}
	im, err := imageio.Decode(data, s.limits.Images)
	if err != nil {
		return imageError("image", err)
	}
	im.Close()
	v, err := s.sessions.Upload(id, step, data)
	if err != nil {
		return sessionError(err)
	}
	return c.JSON(v)
}

// submitRequest is the optional body of POST …/submit.
type submitRequest struct {
	Checks   []string        `json:"checks"`
	Metadata json.RawMessage `json:"metadata"`
}

// handleSubmit is POST /v1/capture/sessions/{id}/submit: the captured images go through the
// same create path as POST /v1/identity/verify (sync), and the answer is the verification.
func (s *Server) handleSubmit(c *fiber.Ctx) error {
	id := c.Params("id")
	var raw submitRequest
	if len(c.Request().Body()) > 0 {
		if err := decodeStrict(c.Body(), &raw); err != nil {
			return err
		}
	}
	req := &request{mode: "sync"}
	for _, ch := range raw.Checks {
		if !slices.Contains(engine.AllChecks, ch) {
			return badParam("invalid_enum", "checks", "unknown check %q: checks are %s", ch, strings.Join(engine.AllChecks, ", "))
		}
		req.checks = append(req.checks, ch)
	}
	md, err := s.parseMetadata(raw.Metadata)
	if err != nil {
		return err
	}
	req.metadata = md
	got, err := s.sessions.BeginSubmit(id)
	if err != nil {
		return sessionError(err)
	}
	verID := ""
	defer func() { s.sessions.EndSubmit(id, verID) }()
	if len(got.Liveness) > 0 && !slices.Contains(s.engine.Available(), engine.CheckLiveness) {
		// The recorded sequence waits for the active-liveness engine; never a made-up result.
		return invalid(fiber.StatusUnprocessableEntity, "check_not_available", "liveness",
			"this build has no liveness engine: the recorded liveness sequence cannot be checked; restart the session without the liveness step")
	}
	if len(got.Liveness) > 0 && !slices.Contains(req.checks, engine.CheckLiveness) && len(req.checks) > 0 {
		req.checks = append(req.checks, engine.CheckLiveness)
	}
	req.documentType, req.country = got.DocumentType, got.Country
	req.front, req.back, req.selfie = got.Front, got.Back, got.Selfie
	if len(got.Liveness) > 0 {
		req.liveness = &liveness.Recording{Schedule: got.LivenessSchedule, Frames: got.Liveness, Times: got.LivenessTimes}
	}
	status, stored, err := s.create(c.UserContext(), caller(c).ID, req, nil)
	if err != nil {
		return err
	}
	var v struct {
		ID string `json:"id"`
	}
	json.Unmarshal(stored, &v)
	verID = v.ID
	return c.Status(status).Type("json").Send(stored)
}

// sessionError maps session errors to API errors.
func sessionError(err error) error {
	switch {
	case errors.Is(err, session.ErrNotFound):
		return invalid(fiber.StatusNotFound, "not_found", "id", "no capture session with this id (it may have expired)")
	case errors.Is(err, session.ErrUnknownStep):
		return invalid(fiber.StatusNotFound, "not_found", "step", "%s", err.Error())
	case errors.Is(err, session.ErrConflict):
		return invalid(fiber.StatusConflict, "session_submitted", "id", "this capture session is being or has been submitted")
	case errors.Is(err, session.ErrNotReady):
		return invalid(fiber.StatusConflict, "session_not_ready", "id", "%s", err.Error())
	case errors.Is(err, session.ErrNoCamera):
		return badParam("camera_not_found", "cameras", "%s", err.Error())
	case errors.Is(err, session.ErrUploadNotAllowed):
		return badParam("upload_not_allowed", "image", "%s", err.Error())
	case errors.Is(err, session.ErrGateUnavailable):
		return &Error{Status: fiber.StatusServiceUnavailable, Type: typeAPI, Code: "capture_gate_unavailable", Message: err.Error()}
	}
	return err
}
