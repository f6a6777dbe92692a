package daemon

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// faceTestPaths returns the repo's models dir and the shared face photos, or skips.
func faceTestPaths(t *testing.T) (models, faces string) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("go.mod not found")
		}
		dir = filepath.Dir(dir)
	}
	models, faces = filepath.Join(dir, "models"), filepath.Join(dir, "..", "shared", "testdata", "faces")
	if _, err := os.Stat(filepath.Join(models, "face-api")); err != nil {
		t.Skipf("models not fetched (bash packaging/fetch-models.sh models): %v", err)
	}
	if _, err := os.Stat(faces); err != nil {
		t.Skipf("shared face photos absent: %v", err)
	}
	return models, faces
}

func TestFaceCompareCLI(t *testing.T) {
	models, faces := faceTestPaths(t)
	a := filepath.Join(faces, "obama", "obama-1.jpg")
	args := []string{"compare", "--models", models, a,
		filepath.Join(faces, "obama", "obama-2.jpg"),
		filepath.Join(faces, "biden", "biden-1.jpg"),
		filepath.Join(faces, "_multi", "two_people.jpg")}
	var out, errb bytes.Buffer
	if code := cmdFace(context.Background(), args, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errb.String())
	}
	want := []struct {
		match  bool
		facesB int
	}{{true, 1}, {false, 1}, {false, 2}}
	sc := bufio.NewScanner(&out)
	i := 0
	for ; sc.Scan(); i++ {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %d not JSON: %v", i, err)
		}
		for _, k := range []string{"a", "b", "faces_a", "faces_b", "similarity_score", "threshold", "match", "ms"} {
			if _, ok := line[k]; !ok {
				t.Errorf("line %d lacks %q: %s", i, k, sc.Text())
			}
		}
		if len(line) != 8 {
			t.Errorf("line %d has %d fields, want 8", i, len(line))
		}
		if i < len(want) && (line["match"] != want[i].match || line["faces_b"] != float64(want[i].facesB) || line["a"] != a) {
			t.Errorf("line %d = %s, want match %v faces_b %d", i, sc.Text(), want[i].match, want[i].facesB)
		}
	}
	if i != len(want) {
		t.Errorf("%d lines, want %d", i, len(want))
	}
}

func TestFaceCLIUsage(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		code int
	}{
		{"no subcommand", nil, 2},
		{"unknown subcommand", []string{"frobnicate"}, 2},
		{"one image", []string{"compare", "a.jpg"}, 2},
		{"missing models", []string{"compare", "--models", "/nonexistent", "a.jpg", "b.jpg"}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := cmdFace(context.Background(), c.args, &out, &errb); got != c.code {
				t.Errorf("exit %d, want %d (stderr %q)", got, c.code, errb.String())
			}
			if strings.TrimSpace(out.String()) != "" {
				t.Errorf("stdout %q, want nothing", out.String())
			}
		})
	}
}
