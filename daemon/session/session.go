package session

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/engine/liveness"
)

// Step names, as the API's path segment.
const (
	StepDocumentFront = "document_front"
	StepDocumentBack  = "document_back"
	StepSelfie        = "selfie"
	StepLiveness      = "liveness"
)

// Steps in kiosk order.
var Steps = []string{StepDocumentFront, StepDocumentBack, StepSelfie, StepLiveness}

// Step states.
const (
	StateWaiting   = "waiting"
	StateCapturing = "capturing"
	StateCaptured  = "captured"
	StateFailed    = "failed"
)

// Session statuses.
const (
	StatusOpen       = "open"
	StatusSubmitting = "submitting"
	StatusSubmitted  = "submitted"
)

// StepView is one step as GET shows it.
type StepView struct {
	State      string     `json:"state"`
	Feedback   []string   `json:"feedback"`
	Camera     string     `json:"camera,omitempty"`
	Source     string     `json:"source,omitempty"` // camera or upload
	CapturedAt *time.Time `json:"captured_at,omitempty"`
	Frames     int        `json:"frames,omitempty"` // liveness: frames recorded
	// Challenges (liveness) are the actions asked, in order; Challenge is the one due now
	// while recording ("look_at_camera" during the lead-in), for the kiosk to show.
	Challenges []liveness.Challenge `json:"challenges,omitempty"`
	Challenge  string               `json:"challenge,omitempty"`
	// Live (liveness, with a LandmarkFinder) follows the challenges frame by frame: the slot,
	// progress toward the current action, whether it is met, hints and the early verdict.
	// Submit still judges the whole recording.
	Live  *liveness.Feedback `json:"live,omitempty"`
	Error string             `json:"error,omitempty"`
}

// View is a session as the API shows it.
type View struct {
	ID             string              `json:"id"`
	Object         string              `json:"object"`
	Status         string              `json:"status"`
	DocumentType   string              `json:"document_type"`
	Country        string              `json:"country"`
	Cameras        Cameras             `json:"cameras"`
	CreatedAt      time.Time           `json:"created_at"`
	ExpiresAt      time.Time           `json:"expires_at"`
	Steps          map[string]StepView `json:"steps"`
	VerificationID string              `json:"verification_id,omitempty"`
}

// Cameras names the camera used for each kind of step.
type Cameras struct {
	Document string `json:"document,omitempty"`
	Selfie   string `json:"selfie,omitempty"`
}

// Options create a session; the API validates document type and country.
type Options struct {
	DocumentType, Country string
	Cameras               Cameras
}

// Captured is what submit hands to the verification pipeline.
type Captured struct {
	DocumentType, Country string
	Front, Back, Selfie   []byte // JPEG; nil when the step was not captured
	Liveness              [][]byte
	// LivenessTimes are the frames' times since the recording started; LivenessSchedule
	// the challenges the server chose for this session.
	LivenessTimes    []time.Duration
	LivenessSchedule liveness.Schedule
}

// step is one step's mutable state.
type step struct {
	view   StepView
	image  []byte
	frames [][]byte
	times  []time.Duration // liveness: frame times since recStart
	// recStart is when the liveness recording's first frame was kept.
	recStart time.Time
	cancel   context.CancelFunc
	gen      int // bumped on every start/upload, so a stale worker cannot overwrite a newer result
}

type session struct {
	view  View
	steps map[string]*step
	// schedule is the liveness challenge order, drawn with crypto/rand at creation.
	schedule liveness.Schedule
}

// Config tunes the manager.
type Config struct {
	TTL         time.Duration // a session unused this long is dropped; default 15 min
	StepTimeout time.Duration // an auto-capture that finds no good frame this long fails; default 2 min
	CascadeDir  string        // Haar cascades; default DefaultCascadeDir
	// Landmarks, when set, gives the liveness step live challenge feedback (StepView.Live).
	Landmarks LandmarkFinder
	// Eyes, with Landmarks, measures eye openness for the blink challenge's live feedback;
	// without it the blink is followed on the landmarks' eye aspect ratio, which barely moves.
	Eyes       EyeMeter
	Thresholds Thresholds
	Log        *slog.Logger
	Now        func() time.Time
}

// CameraSet finds cameras by name (capture.Set).
type CameraSet interface {
	Camera(name string) (*capture.Camera, error)
}

// Manager holds the live sessions in memory.
type Manager struct {
	cfg  Config
	cams CameraSet
	ctx  context.Context // parent of every auto-capture worker; ends with Run
	stop context.CancelFunc
	wg   sync.WaitGroup

	mu       sync.Mutex
	sessions map[string]*session
}

// New builds a manager; call Run to expire sessions and to stop workers at shutdown.
func New(cams CameraSet, cfg Config) *Manager {
	if cfg.TTL <= 0 {
		cfg.TTL = 15 * time.Minute
	}
	if cfg.StepTimeout <= 0 {
		cfg.StepTimeout = 2 * time.Minute
	}
	if cfg.CascadeDir == "" {
		cfg.CascadeDir = DefaultCascadeDir
	}
	if cfg.Thresholds == (Thresholds{}) {
		cfg.Thresholds = DefaultThresholds()
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	ctx, stop := context.WithCancel(context.Background())
	return &Manager{cfg: cfg, cams: cams, ctx: ctx, stop: stop, sessions: map[string]*session{}}
}

// Run drops expired sessions until ctx ends, then stops every auto-capture worker.
func (m *Manager) Run(ctx context.Context) error {
	t := time.NewTicker(max(m.cfg.TTL/10, time.Second))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			m.stop()
			m.wg.Wait()
			return nil
		case <-t.C:
			m.expire()
		}
	}
}

func (m *Manager) expire() {
	now := m.cfg.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, s := range m.sessions {
		if now.After(s.view.ExpiresAt) && s.view.Status != StatusSubmitting {
			s.cancelAll()
			delete(m.sessions, id)
		}
	}
}

// Create opens a session.
func (m *Manager) Create(o Options) (View, error) {
	for _, name := range []string{o.Cameras.Document, o.Cameras.Selfie} {
		if name == "" {
			continue
		}
		if _, err := m.cams.Camera(name); err != nil {
			return View{}, fmt.Errorf("%w: %v", ErrNoCamera, err)
		}
	}
	challenges, err := liveness.NewChallenges(rand.Reader, liveness.DefaultChallengeCount)
	if err != nil {
		return View{}, err
	}
	now := m.cfg.Now().UTC()
	s := &session{schedule: liveness.NewSchedule(challenges), view: View{
		ID: newID(), Object: "capture.session", Status: StatusOpen, DocumentType: o.DocumentType,
		Country: o.Country, Cameras: o.Cameras, CreatedAt: now, ExpiresAt: now.Add(m.cfg.TTL),
	}, steps: map[string]*step{}}
	for _, name := range Steps {
		s.steps[name] = &step{view: StepView{State: StateWaiting, Feedback: []string{}}}
	}
	m.mu.Lock()
	m.sessions[s.view.ID] = s
	m.mu.Unlock()
	return m.Get(s.view.ID)
}

// Get returns the session's current view.
func (m *Manager) Get(id string) (View, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	if !ok {
		return View{}, ErrNotFound
	}
	v := s.snapshot()
	s.showChallenge(&v, m.cfg.Now())
	return v, nil
}

// showChallenge adds the liveness challenges and, while recording, the one due now.
func (s *session) showChallenge(v *View, now time.Time) {
	st, ok := s.steps[StepLiveness]
	if !ok {
		return
	}
	sv := v.Steps[StepLiveness]
	sv.Challenges = s.schedule.Challenges
	if sv.State == StateCapturing && !st.recStart.IsZero() {
		switch i := s.schedule.At(now.Sub(st.recStart)); {
		case i < 0:
			sv.Challenge = "look_at_camera"
		case i < len(s.schedule.Challenges):
			sv.Challenge = string(s.schedule.Challenges[i])
		}
	}
	v.Steps[StepLiveness] = sv
}

func (s *session) snapshot() View {
	v := s.view
	v.Steps = make(map[string]StepView, len(s.steps))
	for name, st := range s.steps {
		sv := st.view
		sv.Feedback = append([]string{}, sv.Feedback...)
		v.Steps[name] = sv
	}
	return v
}

func (s *session) cancelAll() {
	for _, st := range s.steps {
		if st.cancel != nil {
			st.cancel()
		}
	}
}

// lookup returns an open session and the step, with m.mu held by the caller.
func (m *Manager) lookup(id, stepName string) (*session, *step, error) {
	s, ok := m.sessions[id]
	if !ok {
		return nil, nil, ErrNotFound
	}
	st, ok := s.steps[stepName]
	if !ok {
		return nil, nil, fmt.Errorf("%w: %q", ErrUnknownStep, stepName)
	}
	if s.view.Status != StatusOpen {
		return nil, nil, ErrConflict
	}
	return s, st, nil
}

// Upload accepts an already validated image (the API decoded it) for a photo step.
func (m *Manager) Upload(id, stepName string, image []byte) (View, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, st, err := m.lookup(id, stepName)
	if err != nil {
		return View{}, err
	}
	if stepName == StepLiveness {
		return View{}, fmt.Errorf("%w: liveness records a frame sequence from the camera", ErrUploadNotAllowed)
	}
	if st.cancel != nil {
		st.cancel()
		st.cancel = nil
	}
	now := m.cfg.Now().UTC()
	st.gen++
	st.image = image
	st.view = StepView{State: StateCaptured, Feedback: []string{}, Source: "upload", CapturedAt: &now}
	m.touch(s)
	return s.snapshot(), nil
}

// touch extends an active session's life.
func (m *Manager) touch(s *session) { s.view.ExpiresAt = m.cfg.Now().UTC().Add(m.cfg.TTL) }

// BeginSubmit marks the session as being submitted (a second submit gets ErrConflict) and
// returns its images. Call EndSubmit with the outcome.
func (m *Manager) BeginSubmit(id string) (Captured, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	if !ok {
		return Captured{}, ErrNotFound
	}
	if s.view.Status != StatusOpen {
		return Captured{}, ErrConflict
	}
	front := s.steps[StepDocumentFront]
	if front.view.State != StateCaptured {
		return Captured{}, fmt.Errorf("%w: document_front is %s", ErrNotReady, front.view.State)
	}
	for _, name := range Steps {
		if st := s.steps[name]; st.view.State == StateCapturing {
			return Captured{}, fmt.Errorf("%w: %s is still capturing", ErrNotReady, name)
		}
	}
	s.view.Status = StatusSubmitting
	return Captured{
		DocumentType: s.view.DocumentType, Country: s.view.Country,
		Front: front.image, Back: s.steps[StepDocumentBack].image, Selfie: s.steps[StepSelfie].image,
		Liveness:      s.steps[StepLiveness].frames,
		LivenessTimes: s.steps[StepLiveness].times, LivenessSchedule: s.schedule,
	}, nil
}

// EndSubmit records the verification id and frees the images, or reopens the session when
// the submit failed (verificationID empty) so the kiosk can retry.
func (m *Manager) EndSubmit(id, verificationID string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	if !ok {
		return
	}
	if verificationID == "" {
		s.view.Status = StatusOpen
		return
	}
	s.view.Status = StatusSubmitted
	s.view.VerificationID = verificationID
	for _, st := range s.steps {
		st.image, st.frames, st.times = nil, nil, nil
	}
}

// newID returns "cap_" and 20 random lowercase alphanumerics.
func newID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 20)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "cap_" + string(b)
}
