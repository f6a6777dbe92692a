package daemon

import (
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/fraud/forensic"
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
	pool, err := ocr.NewPool(ocr.Config{Languages: []string{"eng"}, Size: runtime.NumCPU()})
	if err != nil {
		return nil, fmt.Errorf("creating the OCR pool: %w", err)
	}
	set.closers = append(set.closers, pool.Close)
	set.list = append(set.list, engine.OCR{Reader: mrz.NewReader(pool, mrz.Options{})})
	log.Debug("ocr check ready", "took", time.Since(start))

	start = time.Now()
	faces, err := face.Load(cfg.ModelsDir)
	if err != nil {
		set.close()
		return nil, fmt.Errorf("loading the face models from %s (run `make setup`): %w", cfg.ModelsDir, err)
	}
	set.closers = append(set.closers, faces.Close)
	set.list = append(set.list, engine.FaceMatch{Models: faces})
	log.Debug("face_match check ready", "took", time.Since(start))
	if err := addFraudChecks(set, log); err != nil {
		set.close()
		return nil, err
	}
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
