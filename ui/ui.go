// Package ui holds the kiosk and operator-console pages: plain HTML, CSS and JavaScript
// embedded in the binary (no build step, no CDN, no WASM), in French, Arabic (right to left)
// and English. It serves nothing itself: daemon/api mounts the pages and the assets, and
// authorizes the same-origin endpoints the scripts call.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

//go:embed static
var embedded embed.FS

// Languages the pages speak; the first is the default.
var Languages = []string{"fr", "ar", "en"}

// Pages are the HTML pages, by name.
var Pages = []string{"kiosk", "console"}

// Files returns the assets: the copy embedded in the binary, or the directory dir on disk
// when it is set (development: edit a file, reload the page).
func Files(dir string) fs.FS {
	if dir != "" {
		return os.DirFS(dir)
	}
	sub, err := fs.Sub(embedded, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

// Lang returns the supported language named by q ("fr", "ar", "en", or a tag such as
// "ar-MA"), or the default.
func Lang(q string) string {
	q, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(q)), "-")
	if slices.Contains(Languages, q) {
		return q
	}
	return Languages[0]
}

// Dir is the text direction of lang: "rtl" for Arabic.
func Dir(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// Render returns page ("kiosk" or "console") in lang, from the template page+".html" in fsys.
// The <html> element carries lang and dir, so an Arabic page is right to left before any
// script runs.
func Render(fsys fs.FS, page, lang string) ([]byte, error) {
	if !slices.Contains(Pages, page) {
		return nil, fmt.Errorf("no page %q", page)
	}
	t, err := template.ParseFS(fsys, page+".html")
	if err != nil {
		return nil, fmt.Errorf("parsing %s.html: %w", page, err)
	}
	lang = Lang(lang)
	var b bytes.Buffer
	if err := t.Execute(&b, struct{ Lang, Dir string }{lang, Dir(lang)}); err != nil {
		return nil, fmt.Errorf("rendering %s.html: %w", page, err)
	}
	return b.Bytes(), nil
}

// ContentType is the media type of an asset, by its extension; "" for a kind the pages do
// not use (the server then refuses to serve it).
func ContentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".json":
		return "application/json"
	}
	return ""
}
