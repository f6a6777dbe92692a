package capture

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"time"

	"gocv.io/x/gocv"
)

// FrameInfo identifies a frame: seq grows by one per frame read from the source.
type FrameInfo struct {
	Seq uint64
	At  time.Time
}

// Wait blocks until a frame newer than after exists and returns its seq. It never holds the
// reader up: a consumer that is slow simply gets a later frame.
func (c *Camera) Wait(ctx context.Context, after uint64) (uint64, error) {
	for {
		c.mu.Lock()
		seq, ch, closed := c.seq, c.notify, c.closed
		c.mu.Unlock()
		if closed {
			return 0, ErrClosed
		}
		if seq > after {
			return seq, nil
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-c.done:
			return 0, ErrClosed
		case <-ch:
		}
	}
}

// Latest copies the newest frame into dst (which the caller owns and closes).
func (c *Camera) Latest(dst *gocv.Mat) (FrameInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return FrameInfo{}, ErrClosed
	}
	if c.seq == 0 {
		return FrameInfo{}, fmt.Errorf("camera %s: no frame yet", c.src.Name)
	}
	c.latest.CopyTo(dst)
	return FrameInfo{Seq: c.seq, At: c.at}, nil
}

// Next waits for a frame newer than after and copies it into dst.
func (c *Camera) Next(ctx context.Context, after uint64, dst *gocv.Mat) (FrameInfo, error) {
	if _, err := c.Wait(ctx, after); err != nil {
		return FrameInfo{}, err
	}
	return c.Latest(dst)
}

// Viewer is one preview client. The camera encodes JPEGs only while a viewer exists; Close
// it when the client leaves.
type Viewer struct {
	c      *Camera
	last   uint64
	closed bool
}

// Watch registers a preview viewer.
func (c *Camera) Watch() *Viewer {
	c.mu.Lock()
	c.viewers++
	c.mu.Unlock()
	return &Viewer{c: c}
}

// Close unregisters the viewer; safe to call twice.
func (v *Viewer) Close() {
	if v.closed {
		return
	}
	v.closed = true
	v.c.mu.Lock()
	v.c.viewers--
	v.c.mu.Unlock()
}

// Next returns the next preview JPEG, shared with every other viewer (do not modify it).
// When no new frame arrives within keepalive it returns the "no signal" picture, so the
// client sees the outage and a departed client is noticed by the failing write.
func (v *Viewer) Next(ctx context.Context, keepalive time.Duration) ([]byte, error) {
	deadline := time.Now().Add(keepalive)
	for {
		wctx, cancel := context.WithDeadline(ctx, deadline)
		seq, err := v.c.Wait(wctx, v.last)
		cancel()
		switch {
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case err == context.DeadlineExceeded:
			return v.c.offline, nil
		case err != nil:
			return nil, err
		}
		v.c.mu.Lock()
		jpeg, jseq := v.c.jpeg, v.c.jpegSeq
		v.c.mu.Unlock()
		if jseq >= seq && jseq > v.last {
			v.last = jseq
			return jpeg, nil
		}
		// Frame seq was read before this viewer registered, so it has no JPEG: take the next.
		v.last = seq
	}
}

// offlineJPEG renders the small "no signal" picture once per camera.
func offlineJPEG(name string) ([]byte, error) {
	m := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(48, 48, 48, 0), 240, 320, gocv.MatTypeCV8UC3)
	defer m.Close()
	gocv.PutText(&m, "no signal", image.Pt(90, 110), gocv.FontHersheySimplex, 0.8, color.RGBA{220, 220, 220, 0}, 2)
	gocv.PutText(&m, name, image.Pt(20, 150), gocv.FontHersheySimplex, 0.5, color.RGBA{160, 160, 160, 0}, 1)
	return encodeJPEG(m, 70)
}
