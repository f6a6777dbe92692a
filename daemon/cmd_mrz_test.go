package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCmdMRZParse(t *testing.T) {
	tests := []struct {
		name, in string
		code     int
		want     string
	}{
		{"td3", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n", 0, `"valid":true`},
		{"garbage", "hello\n", 1, `"code":"wrong_line_length"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := cmdMRZ(context.Background(), []string{"parse"}, strings.NewReader(tt.in), &out, &errOut)
			if code != tt.code || !strings.Contains(out.String(), tt.want) || !json.Valid(out.Bytes()) {
				t.Fatalf("exit %d, out %s", code, out.String())
			}
		})
	}
}

// TestBenchMRZ prints the bench table for the shared specimens (run with -v).
func TestBenchMRZ(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "testdata", "mrz-specimens")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("MRZ specimens not available at %s", dir)
	}
	var out, errOut bytes.Buffer
	if code := cmdBenchMRZ(context.Background(), []string{dir}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	t.Log("\n" + out.String())
}

func TestSynthMRZ(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var out, errOut bytes.Buffer
	if code := cmdBenchMRZ(context.Background(), []string{"--synthetic", "12", "--seed", "100"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "12 of 12 fully valid") {
		t.Errorf("synthetic bench below 12 of 12 fully valid:\n%s", out.String())
	}
	t.Log("\n" + out.String())
}
