package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kycd/kycd/daemon/webhook"
	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/storage"
)

// asyncDeadline is how long an async verification may wait (daemon down, queue full) before it
// ends as expired instead of being run on stale input.
const asyncDeadline = 24 * time.Hour

// jobSpec is stored beside a pending verification so the job survives a restart.
type jobSpec struct {
	Plan       []string  `json:"plan"`
	WebhookURL string    `json:"webhook_url,omitempty"`
	Deadline   time.Time `json:"deadline"`
}

// jobQueue runs async verifications. Pending records are the durable queue; the channel only
// wakes workers. A rescan at start picks up what a restart left, and a periodic one what a
// full channel dropped — only then: a rescan reads every stored record.
type jobQueue struct {
	s       *Server
	workers int
	wake    chan string
	missed  atomic.Bool // a wake-up was dropped since the last rescan
	mu      sync.Mutex
	running map[string]bool
}

func newJobQueue(s *Server, workers int) *jobQueue {
	return &jobQueue{s: s, workers: workers, wake: make(chan string, 256), running: map[string]bool{}}
}

func (q *jobQueue) enqueue(id string) {
	select {
	case q.wake <- id:
	default: // the next rescan will find it
		q.missed.Store(true)
	}
}

func (q *jobQueue) run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range q.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case id := <-q.wake:
					q.process(ctx, id)
				}
			}
		}()
	}
	q.rescan(ctx)
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil
		case <-t.C:
			if q.missed.Swap(false) {
				q.rescan(ctx)
			}
		}
	}
}

// rescan queues every pending verification.
func (q *jobQueue) rescan(ctx context.Context) {
	after := ""
	for ctx.Err() == nil {
		recs, more, err := q.s.db.ListVerifications(storage.ListQuery{Limit: 100, StartingAfter: after, Status: engine.StatusPending})
		if err != nil {
			q.s.log.Error("scanning pending verifications", "err", err)
			return
		}
		for _, r := range recs {
			q.enqueue(r.ID)
			after = r.ID
		}
		if !more {
			return
		}
	}
}

// claim marks id as running; false when another worker has it.
func (q *jobQueue) claim(id string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.running[id] {
		return false
	}
	q.running[id] = true
	return true
}

func (q *jobQueue) release(id string) {
	q.mu.Lock()
	delete(q.running, id)
	q.mu.Unlock()
}

func (q *jobQueue) process(ctx context.Context, id string) {
	if !q.claim(id) {
		return
	}
	defer q.release(id)
	if err := q.s.runJob(ctx, id); err != nil && !errors.Is(err, context.Canceled) {
		q.s.log.Error("async verification failed", "id", id, "err", err)
		q.missed.Store(true) // still pending: the next periodic rescan retries it
	}
}

// runJob runs one pending verification to its end and stores the result.
func (s *Server) runJob(ctx context.Context, id string) error {
	rec, err := s.db.GetVerification(id)
	if err != nil {
		return fmt.Errorf("loading %s: %w", id, err)
	}
	if rec.Status != engine.StatusPending || rec.Deleted {
		return nil
	}
	var v engine.Verification
	if err := json.Unmarshal(rec.Body, &v); err != nil {
		return fmt.Errorf("decoding %s: %w", id, err)
	}
	rawSpec, err := s.db.GetBlob(id, blobJob)
	if err != nil {
		return fmt.Errorf("loading job of %s: %w", id, err)
	}
	var spec jobSpec
	if err := json.Unmarshal(rawSpec, &spec); err != nil {
		return fmt.Errorf("decoding job of %s: %w", id, err)
	}

	if s.now().After(spec.Deadline) {
		v.Status = engine.StatusExpired
		v.FraudSignals = append(v.FraudSignals, engine.Signal{Code: "async_deadline_passed", Severity: "low", Check: "",
			Message: "the verification was not run before its deadline", MessageFR: "la vérification n'a pas été exécutée avant son échéance"})
	} else if err := s.verifyStored(ctx, id, &v, spec); err != nil {
		if ctx.Err() != nil {
			return ctx.Err() // shutting down: stays pending, resumes on the next start
		}
		v.Status = engine.StatusError
		v.FraudSignals = append(v.FraudSignals, engine.Signal{Code: "processing_error", Severity: "medium",
			Message: err.Error(), MessageFR: "le traitement a échoué : " + err.Error()})
	}
	v.UpdatedAt = s.now().UTC().Format(time.RFC3339)
	body, err := marshal(&v)
	if err != nil {
		return err
	}
	w := storage.WriteOptions{IfVersion: rec.Version, Outbox: true,
		Audit: &storage.AuditEvent{Action: "verification.complete", Details: map[string]string{"status": v.Status}}}
	if spec.WebhookURL != "" {
		// Queued in the result's transaction: a crash cannot keep the result and lose the delivery.
		if w.Webhook, err = webhook.NewEvent(spec.WebhookURL, body, s.now()); err != nil {
			return err
		}
	}
	if s.dups != nil {
		s.dups.BeforeStore(id, &w)
	}
	err = s.db.PutVerification(ctx, storage.Record{ID: id, Status: v.Status, Body: body}, w)
	if err != nil {
		if s.dups != nil {
			s.dups.StoreFailed(id)
		}
		return fmt.Errorf("storing result of %s: %w", id, err)
	}
	if s.dups != nil {
		s.dups.AfterStore(id)
	}
	s.metrics.verification(v.Status)
	return nil
}

// verifyStored decodes the stored images and runs the planned checks.
func (s *Server) verifyStored(ctx context.Context, id string, v *engine.Verification, spec jobSpec) error {
	// A queued job waits for sync requests as long as it takes; its timeout starts with it.
	if err := s.slots.acquire(ctx); err != nil {
		return fmt.Errorf("waiting for a free engine slot: %w", err)
	}
	defer s.slots.release()
	ctx, cancel := context.WithTimeout(ctx, s.limits.VerifyTimeout)
	defer cancel()
	in := &engine.Input{DocumentType: v.DocumentType, Country: v.Country, Now: s.now().UTC()}
	images := make([][]byte, 3)
	for i, kind := range []string{blobFront, blobBack, blobSelfie} {
		data, err := s.db.GetBlob(id, kind)
		switch {
		case errors.Is(err, storage.ErrNotFound): // an optional image not given
		case err != nil:
			return fmt.Errorf("loading %s: %w", kind, err)
		default:
			images[i] = data
		}
	}
	if err := in.DecodeImages(s.limits.Images, images[0], images[1], images[2]); err != nil {
		return fmt.Errorf("decoding: %w", err)
	}
	defer in.Close()
	start := time.Now()
	if err := s.engine.Verify(ctx, in, spec.Plan, v); err != nil {
		return err
	}
	s.metrics.observeVerify(time.Since(start))
	return nil
}
