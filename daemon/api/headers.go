package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Content-Security-Policy values. The API answers JSON (and MJPEG): nothing in it may run or be
// framed. The pages (/kiosk, /console, /ui/ assets) load only their own scripts, styles and
// images; camera previews are same-origin MJPEG, captured frames may be blob: or data: URLs.
const (
	cspAPI   = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
	cspPages = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
		"media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; " +
		"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

// securityHeaders sets the browser hardening headers on every response, errors included (it
// runs before the handler, which may overwrite Content-Type but not these). With TLS on it adds
// HSTS.
func securityHeaders(tls bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		h := &c.Response().Header
		h.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		h.Set(fiber.HeaderXFrameOptions, "DENY")
		h.Set(fiber.HeaderReferrerPolicy, "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=(), usb=()")
		if isPage(c.Path()) {
			h.Set(fiber.HeaderContentSecurityPolicy, cspPages)
		} else {
			h.Set(fiber.HeaderContentSecurityPolicy, cspAPI)
		}
		if tls {
			h.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000")
		}
		return c.Next()
	}
}

// isPage is true for the UI's HTML pages and static assets.
func isPage(path string) bool {
	for _, p := range []string{"/kiosk", "/console", "/ui/"} {
		if path == strings.TrimSuffix(p, "/") || strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
