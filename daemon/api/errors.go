package api

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/gofiber/fiber/v2"
)

// Error types, as API.md names them.
const (
	typeInvalidRequest = "invalid_request_error"
	typeAuthentication = "authentication_error"
	typePermission     = "permission_error"
	typeRateLimit      = "rate_limit_error"
	typeAPI            = "api_error"
)

// Error is an API error: it knows its HTTP status and renders as
// {"error":{"type","code","param","message"}}.
type Error struct {
	Status  int    `json:"-"`
	Type    string `json:"type"`
	Code    string `json:"code"`
	Param   string `json:"param,omitempty"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Message }

func invalid(status int, code, param, format string, args ...any) *Error {
	return &Error{Status: status, Type: typeInvalidRequest, Code: code, Param: param, Message: fmt.Sprintf(format, args...)}
}

// badParam is the common 400 about one request field.
func badParam(code, param, format string, args ...any) *Error {
	return invalid(fiber.StatusBadRequest, code, param, format, args...)
}

func notFound(what, id string) *Error {
	return invalid(fiber.StatusNotFound, "not_found", "id", "no %s with id %s", what, id)
}

func internal(msg string) *Error {
	return &Error{Status: fiber.StatusInternalServerError, Type: typeAPI, Code: "internal_error", Message: msg}
}

// errorHandler renders every error that reaches fiber as the API's JSON error. Errors that are
// not *Error are logged with their detail and answered with a generic 500, so internals never
// leak to a client.
func errorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		var apiErr *Error
		var fe *fiber.Error
		switch {
		case errors.As(err, &apiErr):
		case errors.As(err, &fe):
			apiErr = fromFiber(fe)
		default:
			log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
			apiErr = internal("an internal error occurred; it has been logged")
		}
		return c.Status(apiErr.Status).JSON(fiber.Map{"error": apiErr})
	}
}

// fromFiber maps fiber's own errors (no route, body over the limit, …) to API errors.
func fromFiber(fe *fiber.Error) *Error {
	switch fe.Code {
	case fiber.StatusNotFound:
		return invalid(fe.Code, "not_found", "", "no such route")
	case fiber.StatusMethodNotAllowed:
		return invalid(fe.Code, "method_not_allowed", "", "method not allowed on this route")
	case fiber.StatusRequestEntityTooLarge:
		return invalid(fe.Code, "body_too_large", "", "the request body is larger than the limit")
	case fiber.StatusUnsupportedMediaType:
		return invalid(fe.Code, "unsupported_media_type", "", "%s", fe.Message)
	case fiber.StatusServiceUnavailable:
		return &Error{Status: fe.Code, Type: typeAPI, Code: "unavailable", Message: fe.Message}
	case fiber.StatusTooManyRequests:
		return &Error{Status: fe.Code, Type: typeRateLimit, Code: "rate_limited", Message: fe.Message}
	}
	if fe.Code >= 500 {
		return &Error{Status: fe.Code, Type: typeAPI, Code: "internal_error", Message: fe.Message}
	}
	return invalid(fe.Code, "invalid_request", "", "%s", fe.Message)
}
