package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// refuseEncodedBodies answers 415 to a request body sent with a Content-Encoding. fiber's
// Body() would inflate gzip, deflate or brotli without any size limit, so a 20 MB request
// could expand to gigabytes past BodyLimit (a decompression bomb). Clients send JSON
// uncompressed; images inside it are already compressed.
func refuseEncodedBodies(c *fiber.Ctx) error {
	enc := strings.TrimSpace(string(c.Request().Header.Peek(fiber.HeaderContentEncoding)))
	if enc == "" || strings.EqualFold(enc, "identity") {
		return c.Next()
	}
	return invalid(fiber.StatusUnsupportedMediaType, "unsupported_media_type", "",
		"request bodies must not be compressed (Content-Encoding %q); send them as plain application/json", enc)
}
