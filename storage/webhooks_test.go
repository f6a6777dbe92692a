package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kycd/kycd/storage"
)

func TestWebhookQueueWithRecord(t *testing.T) {
	db := openTicking(t)
	ev := &storage.WebhookEvent{ID: "evt_1", URL: "http://hooks.test/x", Payload: []byte(`{"id":"evt_1"}`)}
	mustPut(t, db, rec("ver_a", 0, "verified"), storage.WriteOptions{Webhook: ev})
	// A failing write queues nothing: the webhook is in the record's transaction.
	err := db.PutVerification(context.Background(), rec("ver_a", 0, "verified"),
		storage.WriteOptions{IfVersion: 7, Webhook: &storage.WebhookEvent{ID: "evt_2", URL: "http://hooks.test/x", Payload: []byte("{}")}})
	if !errors.Is(err, storage.ErrVersionConflict) {
		t.Fatalf("conflicting write: %v", err)
	}
	far := t0.Add(24 * time.Hour)
	due, err := db.WebhooksDue(far, 10)
	if err != nil || len(due) != 1 || due[0].ID != "evt_1" || due[0].VerificationID != "ver_a" || due[0].State != storage.WebhookPending {
		t.Fatalf("due = %+v, %v", due, err)
	}
	next, ok, err := db.NextWebhookDue()
	if err != nil || !ok || !next.Equal(due[0].NextAttempt) {
		t.Fatalf("NextWebhookDue = %v %v %v", next, ok, err)
	}

	retryAt := far.Add(time.Minute)
	steps := []struct {
		name    string
		attempt storage.WebhookAttempt
		out     storage.WebhookOutcome
		dueAt   time.Time
		wantDue int
	}{
		{"503, retry later", storage.WebhookAttempt{Time: far, Status: 503, Error: "status 503"},
			storage.WebhookOutcome{State: storage.WebhookPending, NextAttempt: retryAt}, far, 1},
		{"not due before the retry time, then delivered", storage.WebhookAttempt{Time: retryAt, Status: 200},
			storage.WebhookOutcome{State: storage.WebhookDelivered}, far, 0},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			due, err := db.WebhooksDue(s.dueAt, 10)
			if err != nil || len(due) != s.wantDue {
				t.Errorf("due at %s = %d, %v; want %d", s.dueAt, len(due), err, s.wantDue)
			}
			if _, err := db.RecordWebhookAttempt("evt_1", s.attempt, s.out); err != nil {
				t.Fatal(err)
			}
		})
	}
	if _, ok, _ := db.NextWebhookDue(); ok {
		t.Error("a delivered webhook is still due")
	}
	d, attempts, err := db.GetWebhook("evt_1")
	if err != nil || d.State != storage.WebhookDelivered || d.Attempts != 2 || len(attempts) != 2 ||
		attempts[0].N != 1 || attempts[0].Status != 503 || attempts[1].Error != "" {
		t.Fatalf("GetWebhook = %+v %+v %v", d, attempts, err)
	}
	if _, err := db.RecordWebhookAttempt("evt_1", storage.WebhookAttempt{}, storage.WebhookOutcome{State: storage.WebhookPending}); !errors.Is(err, storage.ErrInvalidArgument) {
		t.Errorf("attempt after delivery: %v", err)
	}
	list, err := db.ListWebhooks("ver_a", 10)
	if err != nil || len(list) != 1 {
		t.Errorf("ListWebhooks = %+v, %v", list, err)
	}
	if err := db.DeleteVerification("ver_a", nil, storage.WriteOptions{Webhook: ev}); !errors.Is(err, storage.ErrInvalidArgument) {
		t.Errorf("delete with webhook: %v", err)
	}
}
