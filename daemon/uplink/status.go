package uplink

import "time"

// Status is what GET /v1/sync/status and /metrics show.
type Status struct {
	Upstream    string    `json:"upstream"`
	Device      string    `json:"device_id"`
	Depth       int       `json:"outbox_depth"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	// Failures counts consecutive failed attempts (0 when healthy).
	Failures int `json:"consecutive_failures"`
	// Sent counts items the hub acknowledged since start.
	Sent uint64 `json:"items_sent"`
	// Waiting says why nothing is being sent: "", "backoff", "retry_after" or "connectivity".
	Waiting string `json:"waiting,omitempty"`
}

// Status is a snapshot; the outbox depth is read from the database.
func (w *Worker) Status() Status {
	w.mu.Lock()
	s := w.status
	w.mu.Unlock()
	s.Upstream, s.Device = w.cfg.URL, w.cfg.DeviceID
	if d, err := w.db.OutboxDepth(); err == nil {
		s.Depth = d
	}
	return s
}

func (w *Worker) setWaiting(why string) {
	w.mu.Lock()
	w.status.Waiting = why
	w.mu.Unlock()
}
