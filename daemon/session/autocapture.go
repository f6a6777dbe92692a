package session

import (
	"context"
	"errors"
	"fmt"
	"image"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/engine/liveness"
)

// Analysis is rate-limited: the gates cost 10-30 ms per frame and the kiosk PC has two cores.
const (
	minAnalysisGap = 66 * time.Millisecond
	noSignalAfter  = 2 * time.Second
	jpegQuality    = 92
)

// Start begins auto-capture of a step on the session's camera for it (document steps use
// the document camera, selfie and liveness the selfie camera). Starting again restarts it.
func (m *Manager) Start(id, stepName string) (View, error) {
	var gate *faceGate
	if stepName == StepSelfie || stepName == StepLiveness {
		g, err := newFaceGate(m.cfg.CascadeDir)
		if err != nil {
			return View{}, err
		}
		gate = g
	}
	v, err := m.start(id, stepName, gate)
	if err != nil && gate != nil {
		gate.Close()
	}
	return v, err
}

func (m *Manager) start(id, stepName string, gate *faceGate) (View, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, st, err := m.lookup(id, stepName)
	if err != nil {
		return View{}, err
	}
	camName := s.view.Cameras.Document
	if gate != nil {
		camName = s.view.Cameras.Selfie
	}
	if camName == "" {
		return View{}, fmt.Errorf("%w: the session names no camera for %s", ErrNoCamera, stepName)
	}
	cam, err := m.cams.Camera(camName)
	if err != nil {
		return View{}, fmt.Errorf("%w: %v", ErrNoCamera, err)
	}
	if st.cancel != nil {
		st.cancel()
	}
	ctx, cancel := context.WithTimeout(m.ctx, m.cfg.StepTimeout)
	st.gen++
	st.cancel, st.image, st.frames, st.times, st.recStart = cancel, nil, nil, nil, time.Time{}
	st.view = StepView{State: StateCapturing, Feedback: []string{}, Camera: camName, Source: "camera"}
	m.touch(s)
	w := &worker{m: m, id: id, step: stepName, gen: st.gen, cam: cam, gate: gate, th: m.cfg.Thresholds, schedule: s.schedule}
	if stepName == StepLiveness {
		w.live = newLiveTracker(m.cfg.Landmarks, m.cfg.Eyes, s.schedule)
	}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		defer cancel()
		w.run(ctx)
	}()
	return s.snapshot(), nil
}

// worker is one step's auto-capture loop. It owns its Mats and cascades.
type worker struct {
	m         *Manager
	id, step  string
	gen       int
	cam       *capture.Camera
	gate      *faceGate // nil for document steps
	th        Thresholds
	stable    int
	prev      []image.Point
	bestScore float64
	frames    [][]byte // liveness
	times     []time.Duration
	start     time.Time // liveness: when the first frame was kept
	schedule  liveness.Schedule
	live      *liveTracker // liveness with a LandmarkFinder: live challenge feedback
}

func (w *worker) run(ctx context.Context) {
	if w.gate != nil {
		defer w.gate.Close()
	}
	frame, gray, best := gocv.NewMat(), gocv.NewMat(), gocv.NewMat()
	defer frame.Close()
	defer gray.Close()
	defer best.Close()
	var last uint64
	var lastAt time.Time
	for {
		if d := minAnalysisGap - time.Since(lastAt); d > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
		}
		fi, err := w.next(ctx, last, &frame)
		switch {
		case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
			w.update(StateCapturing, []string{FbNoSignal}, nil, nil)
			continue
		case errors.Is(err, context.DeadlineExceeded):
			w.update(StateFailed, []string{FbTimeout}, nil, nil)
			return
		case errors.Is(err, context.Canceled):
			return
		case err != nil:
			w.fail(err)
			return
		}
		last, lastAt = fi.Seq, time.Now()
		gocv.CvtColor(frame, &gray, gocv.ColorBGRToGray)
		if done, err := w.analyze(ctx, frame, gray, &best); err != nil {
			w.fail(err)
			return
		} else if done {
			return
		}
	}
}

// next waits for a new frame, giving up after noSignalAfter so silence can be reported.
func (w *worker) next(ctx context.Context, after uint64, dst *gocv.Mat) (capture.FrameInfo, error) {
	wctx, cancel := context.WithTimeout(ctx, noSignalAfter)
	defer cancel()
	return w.cam.Next(wctx, after, dst)
}

// analyze runs the gates on one frame; it returns true when the step is captured.
func (w *worker) analyze(ctx context.Context, frame, gray gocv.Mat, best *gocv.Mat) (bool, error) {
	var fb []string
	var corners []image.Point
	var score float64
	if w.gate == nil {
		r := analyzeDocument(gray)
		fb, corners, score = documentFeedback(r, w.th), r.quad, r.sharpness
	} else {
		r := w.gate.analyze(gray)
		fb, score = faceFeedback(r, gray.Cols(), gray.Rows(), w.th), r.sharpness
		if len(r.faces) == 1 {
			corners = rectCorners(r.faces[0])
		}
	}
	if w.step == StepLiveness {
		return w.record(ctx, frame, fb)
	}
	if len(fb) > 0 {
		w.stable, w.bestScore = 0, -1
	} else {
		if quadMoved(w.prev, corners, gray.Cols(), gray.Rows()) <= w.th.StableMove {
			w.stable++
		} else {
			w.stable, w.bestScore = 1, -1
		}
		// Keep the sharpest frame of the current still run: the best frame, encoded once.
		if score > w.bestScore {
			frame.CopyTo(best)
			w.bestScore = score
		}
		if w.stable < w.th.StableFrames {
			fb = []string{FbHoldStill}
		}
	}
	w.prev = corners
	if w.stable >= w.th.StableFrames {
		jpeg, err := encodeJPEG(*best)
		if err != nil {
			return false, err
		}
		w.update(StateCaptured, []string{}, jpeg, nil)
		return true, nil
	}
	w.update(StateCapturing, fb, nil, nil)
	return false, nil
}

// record keeps liveness frames while exactly one face is in view (feedback other than
// framing advice interrupts nothing: head movement is what active liveness looks for).
func (w *worker) record(ctx context.Context, frame gocv.Mat, fb []string) (bool, error) {
	for _, f := range fb {
		if f == FbNoFace || f == FbSeveralFaces || f == FbTooDark {
			w.update(StateCapturing, fb, nil, nil)
			return false, nil
		}
	}
	jpeg, err := encodeJPEG(frame)
	if err != nil {
		return false, err
	}
	now := w.m.cfg.Now()
	if len(w.frames) == 0 {
		w.start = now
	}
	w.frames = append(w.frames, jpeg)
	w.times = append(w.times, now.Sub(w.start))
	if w.live != nil {
		if err := w.live.observe(ctx, frame, now.Sub(w.start)); err != nil && ctx.Err() == nil {
			w.m.cfg.Log.Debug("live challenge feedback", "session", w.id, "err", err)
		}
	}
	// The recording lasts the challenge schedule (lead-in + one slot per challenge); the
	// liveness check evaluates it at submit. LivenessFrames remains the minimum.
	if (len(w.frames) >= w.th.LivenessFrames && now.Sub(w.start) >= w.schedule.Total()) || len(w.frames) >= liveness.MaxFrames {
		w.update(StateCaptured, []string{}, nil, w.frames)
		return true, nil
	}
	w.update(StateCapturing, []string{}, nil, w.frames)
	return false, nil
}

func (w *worker) fail(err error) {
	w.m.cfg.Log.Warn("auto-capture failed", "session", w.id, "step", w.step, "err", err)
	w.update(StateFailed, []string{}, nil, nil)
	w.m.mu.Lock()
	defer w.m.mu.Unlock()
	if st := w.current(); st != nil {
		st.view.Error = err.Error()
	}
}

// current is the worker's step while the session exists and no newer start or upload replaced
// the worker; nil otherwise. The caller holds w.m.mu.
func (w *worker) current() *step {
	s, ok := w.m.sessions[w.id]
	if !ok || s == nil {
		return nil
	}
	st := s.steps[w.step]
	if st == nil || st.gen != w.gen {
		return nil
	}
	return st
}

// update publishes the worker's progress, unless a newer start or upload replaced it.
func (w *worker) update(state string, fb []string, image []byte, frames [][]byte) {
	w.m.mu.Lock()
	defer w.m.mu.Unlock()
	st := w.current()
	if st == nil {
		return
	}
	st.view.State, st.view.Feedback, st.view.Frames = state, fb, len(frames)
	if w.live != nil && w.live.last != nil {
		live := *w.live.last
		st.view.Live = &live
	}
	if len(frames) > 0 && st.recStart.IsZero() {
		st.recStart = w.start
	}
	if state == StateCaptured {
		now := w.m.cfg.Now().UTC()
		st.view.CapturedAt = &now
		st.image, st.frames, st.times = image, frames, w.times
		st.cancel = nil
	}
	if state == StateFailed {
		st.cancel = nil
	}
}

// encodeJPEG encodes the kept frame once and copies it out of OpenCV's buffer.
func encodeJPEG(m gocv.Mat) ([]byte, error) {
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, m, []int{gocv.IMWriteJpegQuality, jpegQuality})
	if err != nil {
		return nil, fmt.Errorf("encoding the captured frame: %w", err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...), nil
}
