package api

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes checks openapi.json against the routes the server really has, both
// ways, so the document cannot drift from the code.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newTestEnv(t)
	r := e.do("GET", "/openapi.json", "", nil)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi.json: %v (%s)", err, doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	param := regexp.MustCompile(`:([a-z_]+)`)
	served := map[string]bool{}
	for _, rt := range e.srv.App().GetRoutes(true) {
		if rt.Method == "HEAD" {
			continue
		}
		served[rt.Method+" "+param.ReplaceAllString(rt.Path, "{$1}")] = true
	}
	for k := range served {
		if !documented[k] {
			t.Errorf("served but not in openapi.json: %s", k)
		}
	}
	for k := range documented {
		if !served[k] {
			t.Errorf("in openapi.json but not served: %s", k)
		}
	}
	// Every documented route answers something other than "no such route".
	for k := range documented {
		method, path, _ := strings.Cut(k, " ")
		path = strings.NewReplacer("{id}", "ver_nonexistent000", "{kind}", "selfie").Replace(path)
		var body any
		if method == "POST" {
			body = map[string]any{}
		}
		res := e.do(method, path, e.keys[ScopeAdmin], body)
		if res.status == 404 && res.errCode() == "not_found" && res.errParam() == "" {
			t.Errorf("%s: route missing", k)
		}
	}
	if !slices.Contains([]string{"3.0.3", "3.1.0"}, doc.OpenAPI) {
		t.Errorf("openapi version %s", doc.OpenAPI)
	}
}
