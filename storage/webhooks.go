package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Webhook delivery states.
const (
	WebhookPending   = "pending"
	WebhookDelivered = "delivered"
	WebhookFailed    = "failed" // gave up: retry window over, or the target is no longer allowed
)

// WebhookEvent is a delivery to queue with WriteOptions.Webhook. Payload is
// the event JSON as it will be sent; the signature is computed at each attempt
// because it covers the attempt's time.
type WebhookEvent struct {
	ID      string // "evt_…", made by the caller so a retried batch keeps it
	URL     string
	Payload []byte
}

// WebhookDelivery is a queued or finished delivery.
type WebhookDelivery struct {
	ID             string
	VerificationID string
	URL            string
	Payload        []byte
	State          string
	CreatedAt      time.Time
	NextAttempt    time.Time // meaningful while pending
	Attempts       int
	LastStatus     int    // HTTP status of the last attempt, 0 if none answered
	LastError      string // "" after a success
}

// WebhookAttempt is one line of the delivery log.
type WebhookAttempt struct {
	N        int // 1 for the first attempt
	Time     time.Time
	Status   int    // HTTP status, 0 when no answer arrived
	Error    string // "" on success
	Duration time.Duration
}

type webhookV1 struct {
	ID             string    `json:"id"`
	VerificationID string    `json:"verification_id"`
	URL            string    `json:"url"`
	Payload        []byte    `json:"payload"`
	State          string    `json:"state"`
	CreatedAt      time.Time `json:"created_at"`
	NextAttempt    time.Time `json:"next_attempt"`
	Attempts       int       `json:"attempts"`
	LastStatus     int       `json:"last_status,omitempty"`
	LastError      string    `json:"last_error,omitempty"`
}

type webhookAttemptV1 struct {
	Time     time.Time     `json:"time"`
	Status   int           `json:"status,omitempty"`
	Error    string        `json:"error,omitempty"`
	Duration time.Duration `json:"duration_ns"`
}

// unsafeEnqueueWebhook stores a pending delivery, due now.
func (db *DB) unsafeEnqueueWebhook(tx *bolt.Tx, verificationID string, ev WebhookEvent) error {
	if err := validateID("webhook event id", ev.ID); err != nil {
		return err
	}
	if ev.URL == "" || len(ev.Payload) == 0 {
		return fmt.Errorf("webhook %s without url or payload: %w", ev.ID, ErrInvalidArgument)
	}
	if tx.Bucket(bucketWebhooks).Get([]byte(ev.ID)) != nil {
		return fmt.Errorf("webhook event %s exists: %w", ev.ID, ErrInvalidArgument)
	}
	now := db.nowUTC()
	d := WebhookDelivery{ID: ev.ID, VerificationID: verificationID, URL: ev.URL, Payload: ev.Payload,
		State: WebhookPending, CreatedAt: now, NextAttempt: now}
	return unsafePutWebhook(tx, d, nil)
}

// unsafePutWebhook writes d and moves its due-index entry from old (if any).
func unsafePutWebhook(tx *bolt.Tx, d WebhookDelivery, old *WebhookDelivery) error {
	due := tx.Bucket(bucketWebhookDue)
	if old != nil && old.State == WebhookPending {
		if err := due.Delete(webhookDueKey(old.NextAttempt, old.ID)); err != nil {
			return fmt.Errorf("moving webhook due entry: %w", err)
		}
	}
	if d.State == WebhookPending {
		if err := due.Put(webhookDueKey(d.NextAttempt, d.ID), nil); err != nil {
			return fmt.Errorf("writing webhook due entry: %w", err)
		}
	}
	v, err := encodeV1(webhookV1(d))
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketWebhooks).Put([]byte(d.ID), v); err != nil {
		return fmt.Errorf("writing webhook %s: %w", d.ID, err)
	}
	return nil
}

// webhookDueKey orders pending deliveries by due time; times before 1970 sort first.
func webhookDueKey(t time.Time, id string) []byte {
	return append(u64(uint64(max(t.UnixNano(), 0))), id...)
}

func webhookAttemptKey(id string, n int) []byte {
	return binary.BigEndian.AppendUint32([]byte(id+"/"), uint32(n))
}

func unsafeGetWebhook(tx *bolt.Tx, id string) (WebhookDelivery, bool, error) {
	v := tx.Bucket(bucketWebhooks).Get([]byte(id))
	if v == nil {
		return WebhookDelivery{}, false, nil
	}
	var s webhookV1
	if err := decodeV1("webhook delivery", v, &s); err != nil {
		return WebhookDelivery{}, false, err
	}
	d := WebhookDelivery(s)
	d.CreatedAt, d.NextAttempt = d.CreatedAt.UTC(), d.NextAttempt.UTC()
	return d, true, nil
}

// WebhooksDue returns up to n pending deliveries due at or before now, the
// earliest first.
func (db *DB) WebhooksDue(now time.Time, n int) ([]WebhookDelivery, error) {
	var out []WebhookDelivery
	limit := webhookDueKey(now, "\xff")
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketWebhookDue).Cursor()
		for k, _ := c.First(); k != nil && len(out) < n && bytes.Compare(k, limit) <= 0; k, _ = c.Next() {
			d, found, err := unsafeGetWebhook(tx, string(k[8:]))
			if err != nil {
				return err
			}
			if !found {
				return fmt.Errorf("due entry names missing webhook %s: %w", k[8:], ErrInconsistent)
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading due webhooks: %w", err)
	}
	return out, nil
}

// NextWebhookDue is the due time of the earliest pending delivery; ok is
// false when none is pending.
func (db *DB) NextWebhookDue() (due time.Time, ok bool, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketWebhookDue).Cursor().First()
		if k == nil {
			return nil
		}
		if len(k) < 8 {
			return fmt.Errorf("webhook due key %x: %w", k, ErrCorrupt)
		}
		due, ok = time.Unix(0, int64(binary.BigEndian.Uint64(k))).UTC(), true
		return nil
	})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("reading next webhook due: %w", err)
	}
	return due, ok, nil
}

// WebhookOutcome is what a delivery becomes after an attempt.
type WebhookOutcome struct {
	State       string    // WebhookPending (retry), WebhookDelivered or WebhookFailed
	NextAttempt time.Time // when State is WebhookPending
}

// RecordWebhookAttempt appends a to the delivery log of id and applies the
// outcome, in one transaction. a.N is assigned (attempts so far + 1).
func (db *DB) RecordWebhookAttempt(id string, a WebhookAttempt, out WebhookOutcome) (WebhookDelivery, error) {
	if !slices.Contains([]string{WebhookPending, WebhookDelivered, WebhookFailed}, out.State) {
		return WebhookDelivery{}, fmt.Errorf("recording webhook attempt: state %q: %w", out.State, ErrInvalidArgument)
	}
	var stored WebhookDelivery
	err := db.batch(func(tx *bolt.Tx) error {
		old, found, err := unsafeGetWebhook(tx, id)
		if err != nil {
			return err
		}
		if !found {
			return ErrNotFound
		}
		if old.State != WebhookPending {
			return fmt.Errorf("webhook %s is %s: %w", id, old.State, ErrInvalidArgument)
		}
		d := old
		d.Attempts++
		a.N = d.Attempts
		d.State, d.NextAttempt, d.LastStatus, d.LastError = out.State, out.NextAttempt.UTC(), a.Status, a.Error
		v, err := encodeV1(webhookAttemptV1{Time: a.Time.UTC(), Status: a.Status, Error: a.Error, Duration: a.Duration})
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketWebhookAttempts).Put(webhookAttemptKey(id, a.N), v); err != nil {
			return fmt.Errorf("logging attempt: %w", err)
		}
		stored = d
		return unsafePutWebhook(tx, d, &old)
	})
	if err != nil {
		return WebhookDelivery{}, fmt.Errorf("recording attempt of webhook %s: %w", id, err)
	}
	return stored, nil
}

// GetWebhook returns a delivery and its attempts, oldest first.
func (db *DB) GetWebhook(id string) (WebhookDelivery, []WebhookAttempt, error) {
	var d WebhookDelivery
	var attempts []WebhookAttempt
	err := db.view(func(tx *bolt.Tx) error {
		var found bool
		var err error
		if d, found, err = unsafeGetWebhook(tx, id); err != nil {
			return err
		}
		if !found {
			return ErrNotFound
		}
		attempts, err = unsafeWebhookAttempts(tx, id)
		return err
	})
	if err != nil {
		return WebhookDelivery{}, nil, fmt.Errorf("getting webhook %s: %w", id, err)
	}
	return d, attempts, nil
}

func unsafeWebhookAttempts(tx *bolt.Tx, id string) ([]WebhookAttempt, error) {
	var out []WebhookAttempt
	prefix := []byte(id + "/")
	c := tx.Bucket(bucketWebhookAttempts).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) != len(prefix)+4 {
			return nil, fmt.Errorf("webhook attempt key %x: %w", k, ErrCorrupt)
		}
		var s webhookAttemptV1
		if err := decodeV1("webhook attempt", v, &s); err != nil {
			return nil, err
		}
		out = append(out, WebhookAttempt{N: int(binary.BigEndian.Uint32(k[len(prefix):])), Time: s.Time.UTC(),
			Status: s.Status, Error: s.Error, Duration: s.Duration})
	}
	return out, nil
}

// ListWebhooks returns up to limit deliveries, newest first, optionally only
// those of one verification. It reads every delivery: the queue of a kiosk
// holds async results only, a few thousand at most.
func (db *DB) ListWebhooks(verificationID string, limit int) ([]WebhookDelivery, error) {
	var out []WebhookDelivery
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketWebhooks).ForEach(func(k, _ []byte) error {
			d, _, err := unsafeGetWebhook(tx, string(k))
			if err == nil && (verificationID == "" || d.VerificationID == verificationID) {
				out = append(out, d)
			}
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("listing webhooks: %w", err)
	}
	slices.SortFunc(out, func(a, b WebhookDelivery) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
