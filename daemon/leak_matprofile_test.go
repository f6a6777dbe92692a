//go:build matprofile

package daemon

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine"
)

// TestVerificationLeavesNoMat runs complete verifications (all five checks, as the daemon
// builds them) and checks that no gocv Mat outlives them: the face and capture packages have
// their own leak tests, this one covers OCR, MRZ, liveness cues and forensics together.
// Run: go test -tags matprofile -run VerificationLeavesNoMat ./daemon/ (KYCD_LEAK_N sets the count).
func TestVerificationLeavesNoMat(t *testing.T) {
	n := 6
	if v, err := strconv.Atoi(os.Getenv("KYCD_LEAK_N")); err == nil {
		n = v
	}
	models, faces := faceTestPaths(t)
	inputs, err := benchInputs(2, filepath.Join(faces, "obama", "obama-2.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.ModelsDir = models
	set, err := loadChecks(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer set.close()
	eng, err := engine.New(cfg.Risk, set.list...)
	if err != nil {
		t.Fatal(err)
	}
	verify := func(i int) {
		in := inputs[i%len(inputs)]
		input := &engine.Input{DocumentType: "cin", Country: "MA", Now: time.Now().UTC()}
		if err := input.DecodeImages(cfg.Images, in.front, in.back, in.selfie); err != nil {
			t.Fatal(err)
		}
		defer input.Close()
		plan, err := eng.Plan(input, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := eng.Verify(context.Background(), input, plan, &engine.Verification{}); err != nil {
			t.Fatal(err)
		}
	}
	verify(0) // models and pools settle their first allocations
	before := gocv.MatProfile.Count()
	for i := range n {
		verify(i)
	}
	if after := gocv.MatProfile.Count(); after != before {
		t.Errorf("gocv Mats alive: %d before, %d after %d verifications", before, after, n)
	}
	t.Logf("%d verifications, Mats alive before %d, after %d", n, before, gocv.MatProfile.Count())
}
