package ui

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// keysByLanguage reads i18n.js: language → its keys.
func keysByLanguage(t *testing.T) map[string][]string {
	t.Helper()
	src, err := fs.ReadFile(Files(""), "i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile(`(?m)^  (\w+): \{$`).FindAllStringSubmatchIndex(string(src), -1)
	key := regexp.MustCompile(`(?m)^    "([\w.]+)":`)
	out := map[string][]string{}
	for i, b := range blocks {
		end := len(src)
		if i+1 < len(blocks) {
			end = blocks[i+1][0]
		}
		lang := string(src[b[2]:b[3]])
		for _, m := range key.FindAllStringSubmatch(string(src[b[1]:end]), -1) {
			out[lang] = append(out[lang], m[1])
		}
	}
	return out
}

// Every language has exactly the same texts.
func TestEveryLanguageHasEveryText(t *testing.T) {
	keys := keysByLanguage(t)
	if len(keys) != len(Languages) {
		t.Fatalf("i18n.js has %d languages, want %v", len(keys), Languages)
	}
	ref := keys["en"]
	if len(ref) < 100 {
		t.Fatalf("only %d English texts", len(ref))
	}
	for _, lang := range Languages {
		got := keys[lang]
		for _, k := range ref {
			if !slices.Contains(got, k) {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for _, k := range got {
			if !slices.Contains(ref, k) {
				t.Errorf("%s has %q, which English lacks", lang, k)
			}
		}
	}
}

// Every text key the pages and scripts name literally exists.
func TestEveryUsedKeyExists(t *testing.T) {
	keys := keysByLanguage(t)["en"]
	used := regexp.MustCompile(`data-i18n="([\w.]+)"|\bt\("([\w.]+)"`)
	for _, name := range []string{"kiosk.html", "console.html", "kiosk.js", "console.js"} {
		src, err := fs.ReadFile(Files(""), name)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			k := m[1] + m[2]
			if strings.HasSuffix(k, ".") {
				continue // a prefix completed at run time (feedback., status.…)
			}
			n++
			if !slices.Contains(keys, k) {
				t.Errorf("%s uses %q, which i18n.js lacks", name, k)
			}
		}
		if n == 0 {
			t.Errorf("%s uses no text key", name)
		}
	}
}

func TestRenderSetsLanguageAndDirection(t *testing.T) {
	for _, page := range Pages {
		for _, lang := range Languages {
			b, err := Render(Files(""), page, lang)
			if err != nil {
				t.Fatal(err)
			}
			want := `<html lang="` + lang + `" dir="` + Dir(lang) + `">`
			if !strings.Contains(string(b), want) {
				t.Errorf("%s in %s: no %s", page, lang, want)
			}
		}
	}
	if _, err := Render(Files(""), "../ui", "fr"); err == nil {
		t.Error("rendered a page that is not one")
	}
	if Dir("ar") != "rtl" || Dir("fr") != "ltr" || Lang("AR-ma") != "ar" || Lang("de") != "fr" || Lang("") != "fr" {
		t.Error("Lang/Dir")
	}
}

// The development switch serves the files from disk.
func TestFilesFromDisk(t *testing.T) {
	if _, err := fs.ReadFile(Files("static"), "kiosk.js"); err != nil {
		t.Fatal(err)
	}
	if ContentType("a.js") == "" || ContentType("a.css") == "" || ContentType("kiosk.html") != "" || ContentType("x.go") != "" {
		t.Error("ContentType")
	}
}
