package ocr

import (
	"bytes"
	"fmt"
	"sync"
)

// initMu serializes Tesseract initialisation across the whole process: Init reads the
// language's config files into Tesseract's parameters, some of which are process-wide
// (GlobalParams), and the eng, fra and ara pools fill at the same time on the first
// verification. It guards a process-wide resource, so it is process-wide itself.
var initMu sync.Mutex

// warmUp creates a client for langs and initialises it now, under initMu, by recognising a
// blank 8×8 image: the expensive model load happens here instead of inside a request, and a
// missing language fails early.
func warmUp(prefix, langs string) (*client, error) {
	initMu.Lock()
	defer initMu.Unlock()
	c, err := newClient(prefix, langs)
	if err != nil {
		return nil, fmt.Errorf("initialising tesseract: %w", err)
	}
	if err := c.setGray(bytes.Repeat([]byte{255}, 64), 8, 8); err != nil {
		c.close()
		return nil, fmt.Errorf("initialising tesseract: %w", err)
	}
	if _, err := c.text(); err != nil {
		c.close()
		return nil, fmt.Errorf("initialising tesseract: %w", err)
	}
	return c, nil
}
