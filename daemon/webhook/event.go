package webhook

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kycd/kycd/storage"
)

// EventCompleted is the type of the event sent when an async verification ends.
const EventCompleted = "identity.verification.completed"

// event is the JSON body of a delivery.
type event struct {
	ID        string          `json:"id"`
	Object    string          `json:"object"`
	Type      string          `json:"type"`
	CreatedAt string          `json:"created_at"`
	Data      json.RawMessage `json:"data"`
}

// NewEvent builds the delivery of a finished verification (its stored JSON)
// to target, for storage.WriteOptions.Webhook.
func NewEvent(target string, verification []byte, now time.Time) (*storage.WebhookEvent, error) {
	id := "evt_" + strings.ToLower(rand.Text()[:20])
	payload, err := json.Marshal(event{ID: id, Object: "event", Type: EventCompleted,
		CreatedAt: now.UTC().Format(time.RFC3339), Data: verification})
	if err != nil {
		return nil, fmt.Errorf("encoding webhook event: %w", err)
	}
	return &storage.WebhookEvent{ID: id, URL: target, Payload: payload}, nil
}

// Allowed reports whether raw is an http(s) URL without credentials whose
// host (host or host:port) is in allow. The API checks it when the request
// arrives; the worker again before every attempt, since the list may have
// changed meanwhile.
func Allowed(allow []string, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return fmt.Errorf("webhook url %q: want an absolute http or https URL without credentials", raw)
	}
	if !slices.Contains(allow, u.Host) && !slices.Contains(allow, u.Hostname()) {
		return fmt.Errorf("webhook host %s is not in the allow-list (webhooks.allow)", u.Host)
	}
	return nil
}
