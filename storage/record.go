package storage

import (
	"fmt"
	"time"
)

// Record is one verification as stored. Body is the verification JSON, opaque
// to storage.
type Record struct {
	ID        string
	Device    string // the device that produced it (hub side); empty locally
	CreatedAt time.Time
	UpdatedAt time.Time
	Status    string
	Version   uint64 // assigned by storage: 1 on insert, +1 on every write
	Deleted   bool
	Body      []byte
}

// recordV1 is the stored form of Record.
type recordV1 struct {
	ID        string    `json:"id"`
	Device    string    `json:"device,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Status    string    `json:"status"`
	Version   uint64    `json:"version"`
	Deleted   bool      `json:"deleted,omitempty"`
	Body      []byte    `json:"body"`
}

// minTime and maxTime bound CreatedAt to what UnixNano (the by_created key) represents.
var (
	minTime = time.Unix(0, 0)
	maxTime = time.Unix(0, 1<<63-1)
)

func encodeRecord(r Record) ([]byte, error) {
	return encodeV1(recordV1{
		ID: r.ID, Device: r.Device, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Status: r.Status, Version: r.Version, Deleted: r.Deleted, Body: r.Body,
	})
}

// decodeRecord parses a stored record; the result shares no memory with data.
func decodeRecord(data []byte) (Record, error) {
	var v recordV1
	if err := decodeV1("verification record", data, &v); err != nil {
		return Record{}, err
	}
	r := Record{
		ID: v.ID, Device: v.Device, CreatedAt: v.CreatedAt.UTC(), UpdatedAt: v.UpdatedAt.UTC(),
		Status: v.Status, Version: v.Version, Deleted: v.Deleted, Body: v.Body,
	}
	if err := validateRecord(r); err != nil {
		return Record{}, fmt.Errorf("decoding verification record: %w: %w", ErrCorrupt, err)
	}
	return r, nil
}

func validateRecord(r Record) error {
	if err := validateID("verification id", r.ID); err != nil {
		return err
	}
	if r.CreatedAt.Before(minTime) || r.CreatedAt.After(maxTime) {
		return fmt.Errorf("verification %s: created_at %s out of range: %w", r.ID, r.CreatedAt, ErrInvalidArgument)
	}
	return nil
}
