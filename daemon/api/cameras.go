package api

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/daemon/session"
)

const (
	mjpegBoundary   = "kycdframe"
	previewTokenTTL = 5 * time.Minute
	// previewKeepalive re-sends a picture when the camera is silent, so a departed viewer is
	// noticed by the failing write and its resources freed.
	previewKeepalive = 2 * time.Second
	// previewWriteTimeout bounds one frame's write: a stuck viewer is dropped. It replaces
	// fasthttp's WriteTimeout, which is set once per response and would cut a long stream.
	previewWriteTimeout = 10 * time.Second
)

// handleCameras is GET /v1/cameras: every configured camera with its health.
func (s *Server) handleCameras(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"object": "list", "data": s.cameras.Health(), "has_more": false})
}

// camera resolves the :name parameter.
func (s *Server) camera(c *fiber.Ctx) (*capture.Camera, error) {
	cam, err := s.cameras.Camera(c.Params("name"))
	if errors.Is(err, capture.ErrUnknownCamera) {
		return nil, invalid(fiber.StatusNotFound, "not_found", "name", "no camera named %q", c.Params("name"))
	}
	return cam, err
}

// handlePreviewToken is POST /v1/cameras/{name}/preview-token: a browser <img> cannot send
// an Authorization header, so an authenticated client gets a short-lived token signed for one
// camera to put in the URL — the API key itself never appears in a URL (or a log).
func (s *Server) handlePreviewToken(c *fiber.Ctx) error {
	cam, err := s.camera(c)
	if err != nil {
		return err
	}
	exp := s.now().Add(previewTokenTTL).UTC()
	tok := s.signPreview(cam.Name(), exp)
	return c.JSON(fiber.Map{
		"object": "camera.preview_token", "camera": cam.Name(), "token": tok,
		"expires_at": exp.Format(time.RFC3339),
		"url":        "/v1/cameras/" + cam.Name() + "/preview.mjpeg?token=" + tok,
	})
}

// signPreview is base64url(expiry as 8 bytes ‖ HMAC-SHA256(secret, camera ‖ expiry)).
func (s *Server) signPreview(camera string, exp time.Time) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(exp.Unix()))
	mac := hmac.New(sha256.New, s.previewSecret)
	mac.Write([]byte(camera))
	mac.Write(b[:])
	return base64.RawURLEncoding.EncodeToString(append(b[:], mac.Sum(nil)...))
}

func (s *Server) checkPreviewToken(camera, tok string) bool {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) != 8+sha256.Size {
		return false
	}
	exp := time.Unix(int64(binary.BigEndian.Uint64(raw[:8])), 0)
	if s.now().After(exp) {
		return false
	}
	return hmac.Equal([]byte(s.signPreview(camera, exp)), []byte(tok))
}

// newPreviewSecret is per process: tokens die with a restart, which is fine for a preview.
func newPreviewSecret() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

// handlePreview is GET /v1/cameras/{name}/preview.mjpeg: a multipart/x-mixed-replace stream.
// It accepts a bearer key with the read scope, or ?token= from preview-token. The body is
// written by fasthttp's stream writer after this handler returns (fiber's net/http adaptor
// would buffer it all); every viewer shares the camera's one JPEG per frame.
func (s *Server) handlePreview(c *fiber.Ctx) error {
	name := c.Params("name")
	if tok := c.Query("token"); tok != "" {
		if !s.checkPreviewToken(name, tok) {
			return &Error{Status: fiber.StatusUnauthorized, Type: typeAuthentication, Code: "invalid_preview_token",
				Message: "the preview token is invalid or expired; request a new one with POST /v1/cameras/{name}/preview-token"}
		}
	} else if err := s.authorize(c, ScopeRead); err != nil {
		return err
	}
	return s.streamPreview(c)
}

// authorize is requireScope for a handler that also accepts another credential: it checks
// the bearer key without calling the next handler.
func (s *Server) authorize(c *fiber.Ctx, scope string) error {
	key, err := s.authenticate(c)
	if err != nil {
		return err
	}
	if !slices.Contains(key.Scopes, scope) && !slices.Contains(key.Scopes, ScopeAdmin) {
		return &Error{Status: fiber.StatusForbidden, Type: typePermission, Code: "missing_scope",
			Message: "this API key lacks the " + scope + " scope"}
	}
	c.Locals(localsKey, key)
	return nil
}

func (s *Server) streamPreview(c *fiber.Ctx) error {
	cam, err := s.camera(c)
	if err != nil {
		return err
	}
	conn := c.Context().Conn()
	c.Set(fiber.HeaderContentType, "multipart/x-mixed-replace; boundary="+mjpegBoundary)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Accel-Buffering", "no")
	viewer := cam.Watch()
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer viewer.Close()
		// The stream ends when the viewer leaves (a write fails) or the camera stops (shutdown:
		// the daemon stops cameras before the HTTP server, which waits for open streams).
		ctx := context.Background()
		for {
			jpeg, err := viewer.Next(ctx, previewKeepalive)
			if err != nil {
				return
			}
			conn.SetWriteDeadline(time.Now().Add(previewWriteTimeout))
			if err := writePart(w, jpeg); err != nil {
				return // the viewer left
			}
		}
	})
	return nil
}

func writePart(w *bufio.Writer, jpeg []byte) error {
	if _, err := fmt.Fprintf(w, "--%s\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n", mjpegBoundary, len(jpeg)); err != nil {
		return err
	}
	if _, err := w.Write(jpeg); err != nil {
		return err
	}
	if _, err := w.WriteString("\r\n"); err != nil {
		return err
	}
	return w.Flush()
}

// initCapture fills the camera and session dependencies with working empty defaults, so a
// daemon without cameras still answers the capture routes (404 for a camera, uploads work).
func (s *Server) initCapture(d Deps) {
	s.cameras, s.sessions, s.previewSecret = d.Cameras, d.Sessions, newPreviewSecret()
	if s.cameras == nil {
		s.cameras, _ = capture.NewSet(nil, capture.Options{Log: d.Log})
	}
	if s.sessions == nil {
		s.sessions = session.New(s.cameras, session.Config{Log: d.Log})
	}
}
