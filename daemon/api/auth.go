package api

import (
	"errors"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/kycd/kycd/storage"
)

// Scopes.
const (
	ScopeVerify = "verify"
	ScopeRead   = "read"
	ScopeReview = "review"
	ScopeAdmin  = "admin"
)

const localsKey = "kycd.key"

// requireScope authenticates the bearer key and checks it has scope (admin has every scope).
func (s *Server) requireScope(scope string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		key, err := s.authenticate(c)
		if err != nil {
			return err
		}
		if !slices.Contains(key.Scopes, scope) && !slices.Contains(key.Scopes, ScopeAdmin) {
			return &Error{Status: fiber.StatusForbidden, Type: typePermission, Code: "missing_scope",
				Message: "this API key lacks the " + scope + " scope"}
		}
		c.Locals(localsKey, key)
		return c.Next()
	}
}

func (s *Server) authenticate(c *fiber.Ctx) (storage.KeyInfo, error) {
	h := c.Get(fiber.HeaderAuthorization)
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		return storage.KeyInfo{}, &Error{Status: fiber.StatusUnauthorized, Type: typeAuthentication, Code: "missing_api_key",
			Message: "send your API key in the header Authorization: Bearer YOUR_KEY"}
	}
	key, err := s.db.Authenticate(strings.TrimSpace(token))
	if errors.Is(err, storage.ErrUnauthenticated) || errors.Is(err, storage.ErrNotFound) {
		return storage.KeyInfo{}, &Error{Status: fiber.StatusUnauthorized, Type: typeAuthentication, Code: "invalid_api_key",
			Message: "the API key is unknown or revoked"}
	}
	if err != nil {
		return storage.KeyInfo{}, err
	}
	return key, nil
}

// caller is the authenticated key of the request.
func caller(c *fiber.Ctx) storage.KeyInfo {
	k, _ := c.Locals(localsKey).(storage.KeyInfo)
	return k
}
