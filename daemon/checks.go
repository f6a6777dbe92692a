package daemon

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/document"
	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/fraud/forensic"
	"github.com/kycd/kycd/engine/liveness"
	"github.com/kycd/kycd/engine/mrz"
	"github.com/kycd/kycd/engine/ocr"
)

// checkSet is the engine checks this build can run, with what they hold open (models,
// Tesseract clients) so the daemon can close it on shutdown.
type checkSet struct {
	list    []engine.Check
	closers []func() error
	// dups is the duplicate index the duplicate check searches; the app loads it from storage.
	dups *dupIndex
	// faces and live are the face and liveness models, shared with the kiosk sessions' live
	// liveness feedback (landmarks, eye openness).
	faces *face.Models
	live  *liveness.Models
}

func (c *checkSet) close() {
	for i := len(c.closers) - 1; i >= 0; i-- {
		c.closers[i]()
	}
}

// loadChecks loads the models and builds every check that exists in this build. A check
// missing here is refused by the API with check_not_available, never faked.
func loadChecks(cfg Config, log *slog.Logger) (*checkSet, error) {
	set := &checkSet{}
	start := time.Now()
	// One Tesseract client per core: OCR is CPU-bound, more clients would only queue.
	ocrCheck, closeOCR, err := newOCRCheck(runtime.NumCPU())
	if err != nil {
		return nil, err
	}
	set.closers = append(set.closers, closeOCR)
	set.list = append(set.list, ocrCheck)
	log.Debug("ocr check ready", "took", time.Since(start))

	start = time.Now()
	faces, err := face.Load(cfg.ModelsDir)
	if err != nil {
		set.close()
		return nil, fmt.Errorf("loading the face models from %s (run `make setup`): %w", cfg.ModelsDir, err)
	}
	set.closers = append(set.closers, faces.Close)
	set.faces = faces
	set.list = append(set.list, engine.FaceMatch{Models: faces})
	log.Debug("face_match check ready", "took", time.Since(start))
	start = time.Now()
	live, err := liveness.LoadModels(cfg.ModelsDir)
	if err != nil {
		set.close()
		return nil, fmt.Errorf("loading the liveness models from %s (run `make setup`): %w", cfg.ModelsDir, err)
	}
	set.closers = append(set.closers, live.Close)
	set.live = live
	set.list = append(set.list, engine.Liveness{Faces: faces,
		Passive: liveness.Passive{Models: live, Config: liveness.DefaultConfig()}, Active: liveness.DefaultActiveConfig()})
	log.Debug("liveness check ready", "took", time.Since(start))
	if err := addFraudChecks(set, log); err != nil {
		set.close()
		return nil, err
	}
	// Converting the TF.js weights leaves a few hundred MB of garbage on the Go heap; hand it
	// back to the OS now rather than whenever the scavenger gets to it (RSS target: 350 MB).
	// Here, not in the daemon alone, so `kycd bench` measures what the daemon holds.
	debug.FreeOSMemory()
	return set, nil
}

// addFraudChecks adds the fraud check (consistency rules and image forensics) and the
// duplicate check with its in-memory index.
func addFraudChecks(set *checkSet, log *slog.Logger) error {
	fa, err := forensic.New(forensic.DefaultConfig())
	if err != nil {
		return fmt.Errorf("loading image forensics: %w", err)
	}
	set.closers = append(set.closers, fa.Close)
	set.list = append(set.list, engine.Fraud{Forensics: fa})
	dups, err := newDupIndex(log)
	if err != nil {
		return fmt.Errorf("creating the duplicate index: %w", err)
	}
	set.dups = dups
	set.list = append(set.list, dups.check)
	return nil
}

// newOCRCheck builds the ocr check with its Tesseract pools: eng for the MRZ, fra for the
// Latin printed zone, ara for Arabic names. The returned function closes the pools.
func newOCRCheck(size int) (engine.OCR, func() error, error) {
	var pools []*ocr.Pool
	closeAll := func() error {
		var errs []error
		for _, p := range pools {
			errs = append(errs, p.Close())
		}
		return errors.Join(errs...)
	}
	for _, lang := range []string{"eng", "fra", "ara"} {
		n := size
		if lang == "ara" {
			// Arabic is read only for the few names a Latin field asks for (~20 ms a
			// verification); a second client would hold ~5 MB for a rare overlap.
			n = 1
		}
		p, err := ocr.NewPool(ocr.Config{Languages: []string{lang}, Size: n})
		if err != nil {
			_ = closeAll()
			return engine.OCR{}, nil, fmt.Errorf("creating the %s OCR pool: %w", lang, err)
		}
		pools = append(pools, p)
	}
	return engine.OCR{Reader: mrz.NewReader(pools[0], mrz.Options{}), Printed: document.NewReader(pools[1], pools[2])}, closeAll, nil
}
