package daemon

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSpecimenWarnsWithoutPortraits: documents rendered without the portraits directory (the
// default is relative to the repository) say so instead of silently carrying a grey block.
func TestSpecimenWarnsWithoutPortraits(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := cmdSpecimen(context.Background(), []string{"--type", "cin", "--country", "MA", "--n", "1", "--seed", "3",
		"--out", out, "--portraits", filepath.Join(out, "none")}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "no sample*.jpg portraits") {
		t.Errorf("no warning: %q", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "cin_MA_000003.json")); err != nil {
		t.Errorf("document not written: %v", err)
	}
	stderr.Reset()
	demo, _ := filepath.Abs("../models/face-api/demo")
	if found, _ := filepath.Glob(filepath.Join(demo, "sample*.jpg")); len(found) == 0 {
		t.Skip("face-api demo portraits absent (make setup fetches them)")
	}
	if code := cmdSpecimen(context.Background(), []string{"--n", "1", "--out", out, "--portraits", demo}, &stdout, &stderr); code != 0 || stderr.Len() > 0 {
		t.Errorf("with portraits: exit %d, stderr %q", code, stderr.String())
	}
}
