package hub

import (
	"encoding/json"
	"time"
)

// IngestPath is where devices send batches. HeaderDevice names the device.
const (
	IngestPath   = "/v1/sync/batch"
	HeaderDevice = "Kycd-Device"
)

// MaxItems bounds one batch.
const MaxItems = 1000

// Item kinds, as in the device's outbox.
const (
	KindUpsert = "upsert"
	KindDelete = "delete"
)

// Batch is the body of one sync request.
type Batch struct {
	Device string `json:"device"`
	Items  []Item `json:"items"`
}

// Item is one verification's state at a version.
type Item struct {
	Seq          uint64            `json:"seq"`
	Kind         string            `json:"kind"`
	ID           string            `json:"id"`
	Version      uint64            `json:"version"`
	Status       string            `json:"status"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
	Verification json.RawMessage   `json:"verification"`
	Images       map[string][]byte `json:"images,omitempty"` // base64 in JSON; only when the device sends images
}

// Ack is the hub's answer to a stored batch.
type Ack struct {
	Applied    int    `json:"applied"`
	Duplicates int    `json:"duplicates"`
	Rejected   int    `json:"rejected"`
	LastSeq    uint64 `json:"last_seq"`
}
