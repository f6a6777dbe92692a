package capture

import "time"

// State is where a camera's reader is.
type State string

// Reader states.
const (
	StateConnecting   State = "connecting"
	StateStreaming    State = "streaming"
	StateReconnecting State = "reconnecting"
	StateStopped      State = "stopped"
)

// Health is a camera's status as the API shows it.
type Health struct {
	Name        string     `json:"name"`
	Kind        Kind       `json:"kind"`
	Source      string     `json:"source"` // URL passwords redacted
	State       State      `json:"state"`
	FPS         float64    `json:"fps"`
	Width       int        `json:"width"`
	Height      int        `json:"height"`
	Frames      uint64     `json:"frames"`
	LastFrameAt *time.Time `json:"last_frame_at"`
	Errors      int        `json:"errors"`
	LastError   string     `json:"last_error,omitempty"`
	Reconnects  int        `json:"reconnects"`
	NextRetryAt *time.Time `json:"next_retry_at,omitempty"`
	Loops       int        `json:"loops,omitempty"` // times a file source restarted from its start
	Viewers     int        `json:"viewers"`
}

// fpsMeter counts frames over one-second windows, so the figure is what a viewer saw last
// second rather than an average since start.
type fpsMeter struct {
	start time.Time
	n     int
	fps   float64
}

func (m *fpsMeter) tick(now time.Time) {
	if m.start.IsZero() || now.Sub(m.start) > 2*time.Second {
		m.start, m.n = now, 0 // first frame, or after an outage: a fresh window
	}
	m.n++
	if d := now.Sub(m.start); d >= time.Second {
		m.fps = float64(m.n) / d.Seconds()
		m.start, m.n = now, 0
	}
}

// current is the last window's rate, or 0 when frames stopped for over two seconds.
func (m *fpsMeter) current(now time.Time) float64 {
	if now.Sub(m.start) > 2*time.Second {
		return 0
	}
	return m.fps
}
