package storage

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Page size bounds for ListVerifications.
const (
	DefaultListLimit = 10
	MaxListLimit     = 100
)

// ListQuery selects a page of verifications, newest first.
type ListQuery struct {
	Limit          int    // clamped to 1..MaxListLimit; 0 means DefaultListLimit
	StartingAfter  string // id of the last record of the previous page
	Status         string // only this status, if set
	Device         string // only this device, if set
	ExcludeDeleted bool   // skip tombstones
}

func (q ListQuery) limit() int {
	switch {
	case q.Limit <= 0:
		return DefaultListLimit
	case q.Limit > MaxListLimit:
		return MaxListLimit
	}
	return q.Limit
}

func (q ListQuery) match(r Record) bool {
	return (q.Status == "" || r.Status == q.Status) &&
		(q.Device == "" || r.Device == q.Device) &&
		!(q.ExcludeDeleted && r.Deleted)
}

// ListVerifications returns up to q.Limit records newest first and whether
// more match after them. An unknown StartingAfter is ErrNotFound.
func (db *DB) ListVerifications(q ListQuery) (recs []Record, hasMore bool, err error) {
	limit := q.limit()
	err = db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketByCreated).Cursor()
		k, v, err := listStart(tx, c, q.StartingAfter)
		if err != nil {
			return err
		}
		for ; k != nil; k, v = c.Prev() {
			rec, found, err := unsafeGet(tx, string(v))
			if err != nil {
				return err
			}
			if !found || !q.match(rec) {
				continue
			}
			if len(recs) == limit {
				hasMore = true
				return nil
			}
			recs = append(recs, rec)
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("listing verifications: %w", err)
	}
	return recs, hasMore, nil
}

// listStart positions c on the newest entry, or on the one just older than
// the cursor record.
func listStart(tx *bolt.Tx, c *bolt.Cursor, after string) ([]byte, []byte, error) {
	if after == "" {
		k, v := c.Last()
		return k, v, nil
	}
	rec, found, err := unsafeGet(tx, after)
	if err != nil {
		return nil, nil, err
	}
	if !found {
		return nil, nil, fmt.Errorf("cursor %s: %w", after, ErrNotFound)
	}
	key := createdKey(rec.CreatedAt, rec.ID)
	k, _ := c.Seek(key)
	if k == nil { // every key is older (index lacks the cursor): start at the newest
		k, v := c.Last()
		return k, v, nil
	}
	// Seek lands on key itself (or the next one if the index lacks it); step back.
	k, v := c.Prev()
	return k, v, nil
}
