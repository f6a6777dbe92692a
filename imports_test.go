package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestImportDirection enforces DESIGN.md: daemon → {engine, storage, capture, ui}; engine,
// storage and capture import no other kycd package (engine's sub-packages may import each
// other); nothing imports daemon except main.
func TestImportDirection(t *testing.T) {
	const mod = "github.com/kycd/kycd"
	out, err := exec.Command("go", "list", "-e", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	top := func(p string) string {
		rest := strings.TrimPrefix(strings.TrimPrefix(p, mod), "/")
		first, _, _ := strings.Cut(rest, "/")
		return first
	}
	allowed := map[string][]string{
		"":        {"daemon"},
		"daemon":  {"daemon", "engine", "storage", "capture", "ui", "systemd"},
		"engine":  {"engine"},
		"storage": {"storage"},
		"capture": {"capture"},
		"ui":      {"ui"},
		"systemd": {"systemd"},
	}
	n := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		n++
		from := top(p.ImportPath)
		ok, known := allowed[from]
		if !known {
			continue // packaging/, systemd/ hold no Go
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, mod) {
				continue
			}
			to := top(imp)
			permitted := false
			for _, a := range ok {
				permitted = permitted || a == to
			}
			if !permitted {
				t.Errorf("%s imports %s: %s may not depend on %s", p.ImportPath, imp, orRoot(from), orRoot(to))
			}
		}
	}
	if n < 5 {
		t.Fatalf("only %d packages listed", n)
	}
}

func orRoot(s string) string {
	if s == "" {
		return "main"
	}
	return s
}
