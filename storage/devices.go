package storage

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Device is a kiosk registered at a hub, with what the hub knows of its sync.
type Device struct {
	ID         string
	Name       string
	CreatedAt  time.Time
	LastSeen   time.Time // last accepted batch; zero before the first
	LastSeq    uint64    // highest outbox seq received from the device
	Applied    uint64    // sync items stored
	Duplicates uint64    // items already stored (replays after a lost answer), skipped
	Rejected   uint64    // items refused (naming another device's verification)
}

type deviceV1 struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeen   time.Time `json:"last_seen,omitzero"`
	LastSeq    uint64    `json:"last_seq"`
	Applied    uint64    `json:"applied"`
	Duplicates uint64    `json:"duplicates"`
	Rejected   uint64    `json:"rejected,omitempty"`
	Secret     []byte    `json:"secret"` // sealed
}

// Device ids are "dev_" + 12 base32 characters; secrets "dsec_" + 52 (256 bits).
const (
	deviceIDPrefix     = "dev_"
	deviceSecretPrefix = "dsec_"
)

// CreateDevice registers a device and returns its sync secret, the only time
// it is shown. The secret is stored sealed: the hub needs it to check HMACs.
func (db *DB) CreateDevice(name string) (Device, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 {
		return Device{}, "", fmt.Errorf("creating device: name length must be 1..200: %w", ErrInvalidArgument)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return Device{}, "", fmt.Errorf("creating device: %w", err)
	}
	secret := deviceSecretPrefix + keyEncoding.EncodeToString(raw)
	d := Device{ID: deviceIDPrefix + strings.ToLower(rand.Text()[:keyIDLen]), Name: name, CreatedAt: db.nowUTC()}
	sealed, err := db.sealer.Seal([]byte(secret), aad(bucketDevices, []byte(d.ID)))
	if err != nil {
		return Device{}, "", fmt.Errorf("creating device: sealing secret: %w", err)
	}
	err = db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDevices)
		if b.Get([]byte(d.ID)) != nil {
			return fmt.Errorf("device id %s exists", d.ID) // 60 random bits: practically never
		}
		return unsafePutDevice(tx, d, sealed)
	})
	if err != nil {
		return Device{}, "", fmt.Errorf("creating device: %w", err)
	}
	return d, secret, nil
}

func unsafePutDevice(tx *bolt.Tx, d Device, sealedSecret []byte) error {
	v, err := encodeV1(deviceV1{ID: d.ID, Name: d.Name, CreatedAt: d.CreatedAt.UTC(), LastSeen: d.LastSeen.UTC(),
		LastSeq: d.LastSeq, Applied: d.Applied, Duplicates: d.Duplicates, Rejected: d.Rejected, Secret: sealedSecret})
	if err != nil {
		return err
	}
	return tx.Bucket(bucketDevices).Put([]byte(d.ID), v)
}

func unsafeGetDevice(tx *bolt.Tx, id string) (Device, []byte, error) {
	v := tx.Bucket(bucketDevices).Get([]byte(id))
	if v == nil {
		return Device{}, nil, fmt.Errorf("device %s: %w", id, ErrNotFound)
	}
	var s deviceV1
	if err := decodeV1("device", v, &s); err != nil {
		return Device{}, nil, err
	}
	d := Device{ID: s.ID, Name: s.Name, CreatedAt: s.CreatedAt.UTC(), LastSeen: s.LastSeen.UTC(), LastSeq: s.LastSeq,
		Applied: s.Applied, Duplicates: s.Duplicates, Rejected: s.Rejected}
	return d, s.Secret, nil
}

// DeviceSecret returns the unsealed sync secret of device id, or ErrNotFound.
func (db *DB) DeviceSecret(id string) (string, error) {
	var sealed []byte
	err := db.view(func(tx *bolt.Tx) error {
		_, s, err := unsafeGetDevice(tx, id)
		sealed = append([]byte(nil), s...)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("reading device secret: %w", err)
	}
	plain, err := db.sealer.Open(sealed, aad(bucketDevices, []byte(id)))
	if err != nil {
		return "", fmt.Errorf("reading device secret of %s: %w", id, err)
	}
	return string(plain), nil
}

// GetDevice returns one device, or ErrNotFound.
func (db *DB) GetDevice(id string) (Device, error) {
	var d Device
	err := db.view(func(tx *bolt.Tx) (err error) {
		d, _, err = unsafeGetDevice(tx, id)
		return err
	})
	if err != nil {
		return Device{}, fmt.Errorf("getting device: %w", err)
	}
	return d, nil
}

// ListDevices returns every device, oldest first.
func (db *DB) ListDevices() ([]Device, error) {
	var out []Device
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDevices).ForEach(func(k, _ []byte) error {
			d, _, err := unsafeGetDevice(tx, string(k))
			out = append(out, d)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("listing devices: %w", err)
	}
	slices.SortFunc(out, func(a, b Device) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// IngestItem is one verification state received from a device. Record.Version
// is the device's version; Blobs are its images, if the device sends them.
type IngestItem struct {
	Seq    uint64
	Record Record
	Blobs  map[string][]byte
}

// IngestResult counts what a batch did.
type IngestResult struct {
	Applied, Duplicates, Rejected int
	LastSeq                       uint64
}

// IngestBatch stores a device's sync items in seq order, in one transaction
// with the device's counters: a batch lands whole or not at all. Records keep
// the device's version (WriteOptions.KeepVersion), so an item already stored
// — a replay after a lost answer — is counted as a duplicate and changes
// nothing, and a version never goes back. An item naming a verification of
// another device is rejected (counted, not stored). Tombstones erase the
// images. Each applied item gets a "sync.apply" audit event.
func (db *DB) IngestBatch(ctx context.Context, device string, items []IngestItem) (IngestResult, error) {
	if err := ctx.Err(); err != nil {
		return IngestResult{}, fmt.Errorf("ingesting from %s: %w", device, err)
	}
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b IngestItem) int { return compareU64(a.Seq, b.Seq) })
	sealedBlobs := make([][]sealedImage, len(items))
	for i, it := range items {
		if err := validateIngestItem(it); err != nil {
			return IngestResult{}, fmt.Errorf("ingesting from %s: %w", device, err)
		}
		if it.Record.Deleted {
			continue // a tombstone carries no images
		}
		blobs, _, err := db.sealWrites(it.Record.ID, WriteOptions{Blobs: it.Blobs})
		if err != nil {
			return IngestResult{}, fmt.Errorf("ingesting %s from %s: %w", it.Record.ID, device, err)
		}
		sealedBlobs[i] = blobs
	}
	var res IngestResult
	err := db.batch(func(tx *bolt.Tx) error {
		res = IngestResult{} // batch may run fn again
		return db.unsafeIngest(tx, device, items, sealedBlobs, &res)
	})
	if err != nil {
		return IngestResult{}, fmt.Errorf("ingesting from %s: %w", device, err)
	}
	return res, nil
}

func validateIngestItem(it IngestItem) error {
	if err := validateID("verification id", it.Record.ID); err != nil {
		return err
	}
	if it.Record.Version == 0 || it.Seq == 0 {
		return fmt.Errorf("item %s: seq and version must be positive: %w", it.Record.ID, ErrInvalidArgument)
	}
	if it.Record.CreatedAt.IsZero() || it.Record.UpdatedAt.IsZero() {
		return fmt.Errorf("item %s: created_at and updated_at are required: %w", it.Record.ID, ErrInvalidArgument)
	}
	return nil
}

func (db *DB) unsafeIngest(tx *bolt.Tx, device string, items []IngestItem, blobs [][]sealedImage, res *IngestResult) error {
	dev, secret, err := unsafeGetDevice(tx, device)
	if err != nil {
		return err
	}
	for i, it := range items {
		applied, err := db.unsafeIngestOne(tx, device, it, blobs[i])
		switch {
		case err != nil:
			return err
		case applied == ingestApplied:
			res.Applied++
		case applied == ingestDuplicate:
			res.Duplicates++
		default:
			res.Rejected++
		}
		dev.LastSeq = max(dev.LastSeq, it.Seq)
	}
	dev.Applied += uint64(res.Applied)
	dev.Duplicates += uint64(res.Duplicates)
	dev.Rejected += uint64(res.Rejected)
	dev.LastSeen = db.nowUTC()
	res.LastSeq = dev.LastSeq
	return unsafePutDevice(tx, dev, secret)
}

type ingestOutcome int

const (
	ingestApplied ingestOutcome = iota
	ingestDuplicate
	ingestRejected
)

func (db *DB) unsafeIngestOne(tx *bolt.Tx, device string, it IngestItem, blobs []sealedImage) (ingestOutcome, error) {
	old, found, err := unsafeGet(tx, it.Record.ID)
	if err != nil {
		return 0, err
	}
	if found && old.Device != device {
		db.log.Warn("sync item names another device's verification; rejected",
			"device", device, "id", it.Record.ID, "owner", old.Device)
		return ingestRejected, nil
	}
	if found && (old.Deleted || it.Record.Version <= old.Version) {
		return ingestDuplicate, nil
	}
	rec := it.Record
	rec.Device = device
	w := WriteOptions{KeepVersion: true, Audit: &AuditEvent{Actor: device, Action: "sync.apply",
		Details: map[string]string{"version": fmt.Sprint(rec.Version), "seq": fmt.Sprint(it.Seq)}}}
	if _, err := db.unsafePut(tx, rec, w, blobs, nil, false); err != nil {
		return 0, fmt.Errorf("storing %s: %w", rec.ID, err)
	}
	return ingestApplied, nil
}

func compareU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
