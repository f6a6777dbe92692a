package capture

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"gocv.io/x/gocv"
)

// Options tune every camera of a Set.
type Options struct {
	// Ladder is the reconnect schedule; nil means DefaultLadder.
	Ladder []time.Duration
	// JPEGQuality of preview frames (1-100); 0 means 80.
	JPEGQuality int
	// Log receives state changes; repeated errors are logged once per outage.
	Log *slog.Logger
}

// Camera is one source with its reader. All fields below mu are shared with consumers.
type Camera struct {
	src     Source
	opts    Options
	log     *slog.Logger
	offline []byte // placeholder JPEG shown to viewers while there is no signal
	done    chan struct{}

	mu      sync.Mutex
	latest  gocv.Mat // copy of the newest frame; owned by the camera, closed when Run ends
	closed  bool
	seq     uint64
	at      time.Time
	jpeg    []byte // preview of frame jpegSeq, encoded by the reader
	jpegSeq uint64
	notify  chan struct{} // closed and replaced on every new frame
	viewers int
	health  Health
	meter   fpsMeter
}

// NewCamera prepares a camera; Run starts reading.
func NewCamera(src Source, opts Options) (*Camera, error) {
	if err := src.Validate(); err != nil {
		return nil, err
	}
	if opts.Ladder == nil {
		opts.Ladder = DefaultLadder
	}
	if opts.JPEGQuality <= 0 || opts.JPEGQuality > 100 {
		opts.JPEGQuality = 80
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	c := &Camera{
		src: src, opts: opts, log: opts.Log.With("camera", src.Name),
		done: make(chan struct{}), latest: gocv.NewMat(), notify: make(chan struct{}),
		health: Health{Name: src.Name, Kind: src.Kind(), Source: src.Redacted(), State: StateConnecting},
	}
	off, err := offlineJPEG(src.Name)
	if err != nil {
		c.latest.Close()
		return nil, err
	}
	c.offline = off
	return c, nil
}

// Name is the camera's API name.
func (c *Camera) Name() string { return c.src.Name }

// Done is closed when the reader has stopped for good.
func (c *Camera) Done() <-chan struct{} { return c.done }

// Health is a snapshot of the camera's status.
func (c *Camera) Health() Health {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.health
	h.FPS = c.meter.current(time.Now())
	h.Viewers = c.viewers
	return h
}

// Run reads the source until ctx ends, reconnecting on the ladder. It is the camera's only
// reader goroutine. Cancellation is not an error.
func (c *Camera) Run(ctx context.Context) error {
	defer c.stop()
	attempt := 0
	for {
		frames, err := c.stream(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if frames > 0 {
			attempt = 0 // it worked for a while: the next outage starts at the bottom rung
		}
		delay := ladderDelay(c.opts.Ladder, attempt)
		c.failed(err, attempt, delay)
		attempt++
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// failed records an outage; only its first error is logged at warn, retries at debug.
func (c *Camera) failed(err error, attempt int, delay time.Duration) {
	next := time.Now().Add(delay)
	c.mu.Lock()
	c.health.State = StateReconnecting
	c.health.Errors++
	c.health.LastError = err.Error()
	c.health.NextRetryAt = &next
	c.health.Reconnects++ // the retry that follows
	c.mu.Unlock()
	if attempt == 0 {
		c.log.Warn("camera lost, reconnecting", "err", err, "retry_in", delay)
	} else {
		c.log.Debug("camera still unavailable", "err", err, "attempt", attempt, "retry_in", delay)
	}
}

// stop marks the camera stopped, frees the shared frame and wakes every waiter.
func (c *Camera) stop() {
	c.mu.Lock()
	c.closed = true
	c.health.State = StateStopped
	c.health.NextRetryAt = nil
	c.latest.Close()
	c.mu.Unlock()
	close(c.done)
}

// open opens the source with the backend OpenCV picks for it.
func (c *Camera) open() (*gocv.VideoCapture, error) {
	if err := c.src.exists(); err != nil {
		return nil, err
	}
	var target any = c.src.Spec
	if n, ok := c.src.device(); ok {
		target = n
	}
	vc, err := gocv.OpenVideoCapture(target)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", c.src.Redacted(), err)
	}
	if !vc.IsOpened() {
		vc.Close()
		return nil, fmt.Errorf("opening %s: not opened", c.src.Redacted())
	}
	return vc, nil
}

// stream opens the source and publishes frames until it fails or ctx ends; it returns how
// many frames it delivered. A file source loops: at its end it seeks back to the start.
func (c *Camera) stream(ctx context.Context) (int, error) {
	c.setState(StateConnecting)
	vc, err := c.open()
	if err != nil {
		return 0, err
	}
	defer vc.Close()
	frame := gocv.NewMat() // one reused Mat for the whole connection
	defer frame.Close()
	pace := c.pacer(vc)
	n, sinceLoop := 0, 0
	for ctx.Err() == nil {
		if !vc.Read(&frame) || frame.Empty() {
			if c.src.Kind() == KindFile && sinceLoop > 0 {
				vc.Set(gocv.VideoCapturePosFrames, 0)
				sinceLoop = 0
				c.mu.Lock()
				c.health.Loops++
				c.mu.Unlock()
				continue
			}
			return n, errEnded
		}
		if err := c.publish(frame); err != nil {
			return n, err
		}
		n++
		sinceLoop++
		if err := pace(ctx); err != nil {
			return n, err
		}
	}
	return n, ctx.Err()
}

// pacer slows file sources to their recorded frame rate; live sources pace themselves.
func (c *Camera) pacer(vc *gocv.VideoCapture) func(context.Context) error {
	if c.src.Kind() != KindFile {
		return func(context.Context) error { return nil }
	}
	fps := vc.Get(gocv.VideoCaptureFPS)
	if fps <= 0 || fps > 120 {
		fps = 25
	}
	period := time.Duration(float64(time.Second) / fps)
	next := time.Now()
	return func(ctx context.Context) error {
		next = next.Add(period)
		if d := time.Until(next); d > 0 {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
			}
		} else if d < -time.Second {
			next = time.Now() // fell far behind (machine busy): do not burst to catch up
		}
		return nil
	}
}

func (c *Camera) setState(s State) {
	c.mu.Lock()
	c.health.State = s
	c.mu.Unlock()
}

// publish makes frame the latest one. The JPEG is encoded here, once, only while a preview is
// watched, and outside the lock so consumers are never held up by the encoder.
func (c *Camera) publish(frame gocv.Mat) error {
	c.mu.Lock()
	watched := c.viewers > 0
	c.mu.Unlock()
	var jpeg []byte
	if watched {
		var err error
		if jpeg, err = encodeJPEG(frame, c.opts.JPEGQuality); err != nil {
			return err
		}
	}
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	frame.CopyTo(&c.latest)
	c.seq++
	c.at = now
	if jpeg != nil {
		c.jpeg, c.jpegSeq = jpeg, c.seq
	}
	c.meter.tick(now)
	h := &c.health
	h.State, h.Frames, h.LastFrameAt, h.NextRetryAt = StateStreaming, h.Frames+1, &now, nil
	h.Width, h.Height = frame.Cols(), frame.Rows()
	close(c.notify)
	c.notify = make(chan struct{})
	return nil
}

// encodeJPEG encodes m and copies the bytes out of OpenCV's buffer, which is freed at once.
func encodeJPEG(m gocv.Mat, quality int) ([]byte, error) {
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, m, []int{gocv.IMWriteJpegQuality, quality})
	if err != nil {
		return nil, fmt.Errorf("encoding preview JPEG: %w", err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...), nil
}
