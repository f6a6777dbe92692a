package api

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

func (s *Server) handleHealth(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok", "version": s.version})
}

// handleReady answers 200 once models are loaded and smoke-tested and the database is open.
func (s *Server) handleReady(c *fiber.Ctx) error {
	if err := s.ready(); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "starting", "reason": err.Error()})
	}
	return c.JSON(fiber.Map{"status": "ready", "checks": s.engine.Available()})
}

//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) handleOpenAPI(c *fiber.Ctx) error {
	return c.Type("json").Send(openAPIDoc)
}
