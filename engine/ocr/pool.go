package ocr

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/otiai10/gosseract/v2"
)

// Config says which models the pool's clients load and how many may exist at once.
type Config struct {
	Languages      []string // Tesseract language codes, e.g. {"eng"}; default {"eng"}
	Size           int      // clients at most (one per concurrent OCR); default 2
	TessdataPrefix string   // directory of *.traineddata; empty means the system default
}

// Settings are applied to a client before each use, so a client never carries the previous
// user's whitelist or mode.
type Settings struct {
	Whitelist string                // allowed characters; empty allows all
	PSM       gosseract.PageSegMode // page segmentation mode; 0 means PSM_SINGLE_BLOCK
	Variables map[gosseract.SettableVariable]string
}

// Pool lends Tesseract clients. Clients are created on demand up to Config.Size and all closed by
// Close. A Pool is safe for concurrent use.
type Pool struct {
	cfg    Config
	slots  chan struct{}          // one token per client that may exist
	idle   chan *gosseract.Client // created clients not in use
	mu     sync.Mutex             // guards closed and live
	live   map[*gosseract.Client]bool
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
		idle:  make(chan *gosseract.Client, cfg.Size),
	}
	for range cfg.Size {
		p.slots <- struct{}{}
	}
	return p, nil
}

// Get lends a client configured with s, waiting while all are in use. Return it with Put.
func (p *Pool) Get(ctx context.Context, s Settings) (*gosseract.Client, error) {
	var c *gosseract.Client
	select {
	case c = <-p.idle:
		if p.isClosed() {
			_ = c.Close()
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
		p.Put(c)
		return nil, err
	}
	return c, nil
}

func (p *Pool) create() (*gosseract.Client, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	c := gosseract.NewClient()
	if p.cfg.TessdataPrefix != "" {
		if err := c.SetTessdataPrefix(p.cfg.TessdataPrefix); err != nil {
			_ = c.Close()
			return nil, fmt.Errorf("setting tessdata prefix: %w", err)
		}
	}
	if err := c.SetLanguage(p.cfg.Languages...); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("setting ocr languages: %w", err)
	}
	if err := warmUp(c); err != nil {
		_ = c.Close()
		return nil, err
	}
	return c, nil
}

func configure(c *gosseract.Client, s Settings) error {
	psm := s.PSM
	if psm == 0 {
		psm = gosseract.PSM_SINGLE_BLOCK
	}
	if err := c.SetPageSegMode(psm); err != nil {
		return fmt.Errorf("setting page segmentation mode: %w", err)
	}
	if err := c.SetWhitelist(s.Whitelist); err != nil {
		return fmt.Errorf("setting whitelist: %w", err)
	}
	for k, v := range s.Variables {
		if err := c.SetVariable(k, v); err != nil {
			return fmt.Errorf("setting %s: %w", k, err)
		}
	}
	return nil
}

// Put returns a client to the pool; after Close it closes the client instead.
func (p *Pool) Put(c *gosseract.Client) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		_ = c.Close()
		return
	}
	p.idle <- c // never blocks: idle holds Size clients and at most Size exist
}

func (p *Pool) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// With lends a client configured with s to fn and takes it back, even if fn panics.
func (p *Pool) With(ctx context.Context, s Settings, fn func(*gosseract.Client) error) error {
	c, err := p.Get(ctx, s)
	if err != nil {
		return err
	}
	defer p.Put(c)
	return fn(c)
}

// Close closes every idle client now and every lent client when it comes back. Further Gets fail
// with ErrClosed.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	var errs []error
	for {
		select {
		case c := <-p.idle:
			if err := c.Close(); err != nil {
				errs = append(errs, fmt.Errorf("closing ocr client: %w", err))
			}
		default:
			return errors.Join(errs...)
		}
	}
}
