package ocr

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// Config says which models the pool's clients load and how many may exist at once.
type Config struct {
	Languages      []string // Tesseract language codes, e.g. {"eng"}; default {"eng"}
	Size           int      // clients at most (one per concurrent OCR); default 2
	TessdataPrefix string   // directory of *.traineddata; empty means the system default
}

// PageSegMode is Tesseract's page segmentation mode (tesseract::PageSegMode).
type PageSegMode int

// The modes kycd uses.
const (
	PSMSingleBlock PageSegMode = 6  // one uniform block of text (the default)
	PSMSingleLine  PageSegMode = 7  // one text line
	PSMRawLine     PageSegMode = 13 // one line, without Tesseract's own layout heuristics
)

// Settings are applied to a client before each use, so a client never carries the previous
// user's whitelist or mode.
type Settings struct {
	Whitelist string      // allowed characters; empty allows all
	PSM       PageSegMode // page segmentation mode; 0 means PSMSingleBlock
	Variables map[string]string
}

// Pool lends Tesseract clients. Clients are created on demand up to Config.Size and all closed by
// Close. A Pool is safe for concurrent use.
type Pool struct {
	cfg    Config
	slots  chan struct{} // one token per client that may exist
	idle   chan *client  // created clients not in use
	mu     sync.Mutex    // guards closed
	closed bool
}

// NewPool checks the configuration and returns an empty pool; clients are created on first use.
func NewPool(cfg Config) (*Pool, error) {
	if len(cfg.Languages) == 0 {
		cfg.Languages = []string{"eng"}
	}
	if cfg.Size <= 0 {
		cfg.Size = 2
	}
	for _, l := range cfg.Languages {
		if l == "" || strings.ContainsAny(l, "+/ ") {
			return nil, fmt.Errorf("creating ocr pool: bad language %q", l)
		}
	}
	p := &Pool{
		cfg:   cfg,
		slots: make(chan struct{}, cfg.Size),
		idle:  make(chan *client, cfg.Size),
	}
	for range cfg.Size {
		p.slots <- struct{}{}
	}
	return p, nil
}

// get lends a client configured with s, waiting while all are in use. Return it with put.
func (p *Pool) get(ctx context.Context, s Settings) (*client, error) {
	var c *client
	select {
	case c = <-p.idle:
		if p.isClosed() {
			c.close()
			return nil, ErrClosed
		}
	case <-p.slots:
		var err error
		if c, err = p.create(); err != nil {
			p.slots <- struct{}{}
			return nil, err
		}
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for an ocr client: %w", ctx.Err())
	}
	if err := configure(c, s); err != nil {
		p.put(c)
		return nil, err
	}
	return c, nil
}

func (p *Pool) create() (*client, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	c, err := warmUp(p.cfg.TessdataPrefix, strings.Join(p.cfg.Languages, "+"))
	if err != nil {
		return nil, err
	}
	return c, nil
}

func configure(c *client, s Settings) error {
	psm := s.PSM
	if psm == 0 {
		psm = PSMSingleBlock
	}
	c.setPageSegMode(int(psm))
	// Always set, so an empty whitelist clears the previous user's.
	if err := c.setVariable("tessedit_char_whitelist", s.Whitelist); err != nil {
		return fmt.Errorf("setting whitelist: %w", err)
	}
	for k, v := range s.Variables {
		if err := c.setVariable(k, v); err != nil {
			return fmt.Errorf("setting %s: %w", k, err)
		}
	}
	return nil
}

// put returns a client to the pool; after Close it closes the client instead.
func (p *Pool) put(c *client) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		c.close()
		return
	}
	p.idle <- c // never blocks: idle holds Size clients and at most Size exist
}

func (p *Pool) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// with lends a client configured with s to fn and takes it back, even if fn panics.
func (p *Pool) with(ctx context.Context, s Settings, fn func(*client) error) error {
	c, err := p.get(ctx, s)
	if err != nil {
		return err
	}
	defer p.put(c)
	return fn(c)
}

// Close closes every idle client now and every lent client when it comes back. Further Gets fail
// with ErrClosed.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for {
		select {
		case c := <-p.idle:
			c.close()
		default:
			return nil
		}
	}
}
