package capture

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Set is every configured camera, run together.
type Set struct {
	cams   map[string]*Camera
	order  []string
	stopIn time.Duration
}

// NewSet builds the cameras; names must be unique. An empty set is valid (no cameras).
func NewSet(sources []Source, opts Options) (*Set, error) {
	s := &Set{cams: map[string]*Camera{}, stopIn: 3 * time.Second}
	for _, src := range sources {
		if _, dup := s.cams[src.Name]; dup {
			s.Close()
			return nil, fmt.Errorf("camera %s is configured twice", src.Name)
		}
		c, err := NewCamera(src, opts)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.cams[src.Name] = c
		s.order = append(s.order, src.Name)
	}
	sort.Strings(s.order)
	return s, nil
}

// Close frees cameras that never ran (Run frees the others).
func (s *Set) Close() {
	for _, c := range s.cams {
		select {
		case <-c.done:
		default:
			c.stop()
		}
	}
}

// Camera returns the named camera.
func (s *Set) Camera(name string) (*Camera, error) {
	if s != nil {
		if c, ok := s.cams[name]; ok {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%w: %s", ErrUnknownCamera, name)
}

// Health lists every camera's status, by name.
func (s *Set) Health() []Health {
	out := []Health{}
	if s == nil {
		return out
	}
	for _, n := range s.order {
		out = append(out, s.cams[n].Health())
	}
	return out
}

// Run runs every camera's reader until ctx ends. A reader blocked inside OpenCV (a stalled
// network read times out only after ~30 s) is given a few seconds, then left to exit on its
// own: shutdown must not hang on a camera.
func (s *Set) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, c := range s.cams {
		wg.Add(1)
		go func() { defer wg.Done(); c.Run(ctx) }()
	}
	<-ctx.Done()
	all := make(chan struct{})
	go func() { wg.Wait(); close(all) }()
	select {
	case <-all:
	case <-time.After(s.stopIn):
	}
	return nil
}
