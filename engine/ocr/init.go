package ocr

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/otiai10/gosseract/v2"
)

// initMu serializes Tesseract initialisation across the whole process. gosseract's Init points
// the process's stderr at /dev/null while it runs and restores it afterwards; two concurrent
// inits (pools for eng, fra and ara filling at once) can leave stderr on /dev/null and silence
// the daemon's logs for good. It guards a process-wide resource, so it is process-wide itself.
var initMu sync.Mutex

// warmUp initialises c now, under initMu, by recognising a blank 8×8 image: the expensive
// model load happens here instead of inside a request, and a missing language fails early.
func warmUp(c *gosseract.Client) error {
	initMu.Lock()
	defer initMu.Unlock()
	if err := c.SetImageFromBytes(PGM(bytes.Repeat([]byte{255}, 64), 8, 8)); err != nil {
		return fmt.Errorf("initialising tesseract: %w", err)
	}
	if _, err := c.Text(); err != nil {
		return fmt.Errorf("initialising tesseract: %w", err)
	}
	return nil
}
