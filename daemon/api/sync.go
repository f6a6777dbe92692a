package api

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/kycd/kycd/daemon/hub"
	"github.com/kycd/kycd/daemon/uplink"
	"github.com/kycd/kycd/daemon/webhook"
	"github.com/kycd/kycd/storage"
)

// SyncStatus is the upstream sync worker as the API sees it.
type SyncStatus interface {
	Status() uplink.Status
}

// handleSyncStatus is GET /v1/sync/status: outbox depth, last success, last error.
func (s *Server) handleSyncStatus(c *fiber.Ctx) error {
	if s.sync == nil {
		depth, err := s.db.OutboxDepth()
		if err != nil {
			return err
		}
		return c.JSON(fiber.Map{"object": "sync_status", "enabled": false, "outbox_depth": depth})
	}
	return c.JSON(struct {
		Object  string `json:"object"`
		Enabled bool   `json:"enabled"`
		uplink.Status
	}{"sync_status", true, s.sync.Status()})
}

// writeSyncMetrics adds the upstream sync gauges to /metrics (the outbox depth is written there
// already).
func (s *Server) writeSyncMetrics(b *strings.Builder) {
	if s.sync == nil {
		return
	}
	st := s.sync.Status()
	b.WriteString("# HELP kycd_sync_items_sent_total Outbox items the upstream hub acknowledged.\n# TYPE kycd_sync_items_sent_total counter\n")
	fmt.Fprintf(b, "kycd_sync_items_sent_total %d\n", st.Sent)
	b.WriteString("# HELP kycd_sync_consecutive_failures Failed sync attempts since the last success.\n# TYPE kycd_sync_consecutive_failures gauge\n")
	fmt.Fprintf(b, "kycd_sync_consecutive_failures %d\n", st.Failures)
	if !st.LastSuccess.IsZero() {
		b.WriteString("# HELP kycd_sync_last_success_timestamp_seconds Time of the last acknowledged batch.\n# TYPE kycd_sync_last_success_timestamp_seconds gauge\n")
		fmt.Fprintf(b, "kycd_sync_last_success_timestamp_seconds %d\n", st.LastSuccess.Unix())
	}
}

// hubRoutes is the routing table of `kycd hub`: the sync ingest endpoint (authenticated by
// device signatures, not API keys) and the read API over every device's verifications.
func (s *Server) hubRoutes() []route {
	return []route{
		{fiber.MethodGet, "/healthz", "", s.handleHealth},
		{fiber.MethodGet, "/metrics", "", s.handleMetrics},
		{fiber.MethodPost, hub.IngestPath, "", s.handleIngest},
		{fiber.MethodGet, "/v1/identity/verifications", ScopeRead, s.handleList},
		{fiber.MethodGet, "/v1/identity/verifications/:id", ScopeRead, s.handleGet},
		{fiber.MethodGet, "/v1/devices", ScopeAdmin, s.handleDevices},
	}
}

// handleIngest is POST /v1/sync/batch on a hub.
func (s *Server) handleIngest(c *fiber.Ctx) error {
	ack, err := s.hub.Ingest(c.UserContext(), c.Get(hub.HeaderDevice), c.Get(webhook.HeaderSignature), c.Body())
	switch {
	case errors.Is(err, hub.ErrUnauthenticated):
		s.log.Warn("sync batch refused", "device", c.Get(hub.HeaderDevice), "remote", c.IP(), "err", err)
		return &Error{Status: fiber.StatusUnauthorized, Type: typeAuthentication, Code: "invalid_signature",
			Message: "unknown device or bad Kycd-Signature"}
	case errors.Is(err, hub.ErrBadBatch):
		return badParam("invalid_batch", "", "%s", err.Error())
	case err != nil:
		return err
	}
	return c.JSON(ack)
}

type deviceJSON struct {
	ID         string `json:"id"`
	Object     string `json:"object"`
	Name       string `json:"name"`
	CreatedAt  string `json:"created_at"`
	LastSeen   string `json:"last_seen,omitempty"`
	LastSeq    uint64 `json:"last_seq"`
	Applied    uint64 `json:"applied"`
	Duplicates uint64 `json:"duplicates"`
	Rejected   uint64 `json:"rejected"`
}

// handleDevices is GET /v1/devices on a hub: every kiosk and how its sync goes.
func (s *Server) handleDevices(c *fiber.Ctx) error {
	devs, err := s.db.ListDevices()
	if err != nil {
		return err
	}
	data := make([]deviceJSON, len(devs))
	for i, d := range devs {
		data[i] = deviceJSON{ID: d.ID, Object: "device", Name: d.Name, CreatedAt: d.CreatedAt.Format(time.RFC3339),
			LastSeq: d.LastSeq, Applied: d.Applied, Duplicates: d.Duplicates, Rejected: d.Rejected}
		if !d.LastSeen.IsZero() {
			data[i].LastSeen = d.LastSeen.Format(time.RFC3339)
		}
	}
	return c.JSON(fiber.Map{"object": "list", "data": data, "has_more": false})
}

type attemptJSON struct {
	N          int    `json:"attempt"`
	Time       string `json:"time"`
	Status     int    `json:"status,omitempty"`
	Error      string `json:"error,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

type deliveryJSON struct {
	ID             string        `json:"id"`
	Object         string        `json:"object"`
	VerificationID string        `json:"verification_id"`
	URL            string        `json:"url"`
	State          string        `json:"state"`
	CreatedAt      string        `json:"created_at"`
	NextAttempt    string        `json:"next_attempt,omitempty"`
	Attempts       []attemptJSON `json:"attempts"`
}

// handleDeliveries is GET /v1/webhooks/deliveries[?verification=ID&limit=N]: the webhook
// delivery log, newest first.
func (s *Server) handleDeliveries(c *fiber.Ctx) error {
	limit := 20
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return badParam("invalid_param", "limit", "limit must be an integer from 1 to 100")
		}
		limit = n
	}
	list, err := s.db.ListWebhooks(c.Query("verification"), limit+1)
	if err != nil {
		return err
	}
	more := len(list) > limit
	list = list[:min(len(list), limit)]
	data := make([]deliveryJSON, 0, len(list))
	for _, d := range list {
		_, attempts, err := s.db.GetWebhook(d.ID)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		dj := deliveryJSON{ID: d.ID, Object: "webhook_delivery", VerificationID: d.VerificationID, URL: d.URL,
			State: d.State, CreatedAt: d.CreatedAt.Format(time.RFC3339), Attempts: []attemptJSON{}}
		if d.State == storage.WebhookPending {
			dj.NextAttempt = d.NextAttempt.Format(time.RFC3339)
		}
		for _, a := range attempts {
			dj.Attempts = append(dj.Attempts, attemptJSON{N: a.N, Time: a.Time.Format(time.RFC3339), Status: a.Status,
				Error: a.Error, DurationMS: a.Duration.Milliseconds()})
		}
		data = append(data, dj)
	}
	return c.JSON(fiber.Map{"object": "list", "data": data, "has_more": more})
}
