package storage

import (
	"bytes"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// maxCheckProblems caps the report of a badly broken file.
const maxCheckProblems = 20

// Check verifies the database: bbolt's page-level check, every record
// decodes, by_created and verifications match one to one, and every image
// sub-bucket (never empty) and template belongs to a live record. It returns nil or an error wrapping
// ErrInconsistent that lists the first problems.
func (db *DB) Check() error {
	var problems []error
	report := func(format string, args ...any) bool {
		problems = append(problems, fmt.Errorf(format, args...))
		return len(problems) < maxCheckProblems
	}
	err := db.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			report("bbolt: %w", err)
		}
		steps := []func(*bolt.Tx, func(string, ...any) bool) error{checkRecords, checkByCreated, checkBiometrics, checkKeys}
		for _, step := range steps {
			if len(problems) >= maxCheckProblems {
				break
			}
			if err := step(tx, report); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("checking db: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("checking db: %w: %w", ErrInconsistent, errors.Join(problems...))
	}
	return nil
}

// errStopCheck ends a ForEach early once enough problems are reported.
var errStopCheck = errors.New("enough problems")

func ignoreStop(err error) error {
	if errors.Is(err, errStopCheck) {
		return nil
	}
	return err
}

// checkRecords: each record decodes, sits under its own id, and has its index entry.
func checkRecords(tx *bolt.Tx, report func(string, ...any) bool) error {
	idx := tx.Bucket(bucketByCreated)
	err := tx.Bucket(bucketVerifications).ForEach(func(k, v []byte) error {
		ok := true
		rec, err := decodeRecord(v)
		switch {
		case err != nil:
			ok = report("record %s: %w", k, err)
		case rec.ID != string(k):
			ok = report("record under %s has id %s", k, rec.ID)
		case !bytes.Equal(idx.Get(createdKey(rec.CreatedAt, rec.ID)), k):
			ok = report("record %s: no by_created entry", k)
		}
		if !ok {
			return errStopCheck
		}
		return nil
	})
	return ignoreStop(err)
}

// checkByCreated: each index entry points to a record created at its timestamp.
func checkByCreated(tx *bolt.Tx, report func(string, ...any) bool) error {
	recs := tx.Bucket(bucketVerifications)
	err := tx.Bucket(bucketByCreated).ForEach(func(k, v []byte) error {
		ok := true
		data := recs.Get(v)
		if data == nil {
			ok = report("by_created %x: record %s missing", k, v)
		} else if rec, err := decodeRecord(data); err == nil && !bytes.Equal(createdKey(rec.CreatedAt, rec.ID), k) {
			ok = report("by_created %x: stale entry for %s", k, v)
		}
		if !ok {
			return errStopCheck
		}
		return nil
	})
	return ignoreStop(err)
}

// checkBiometrics: images and templates exist only for live records (a
// leftover after a delete would be personal data that should be gone); every
// images entry is a non-empty sub-bucket of images; the schema-3 blobs bucket
// is gone.
func checkBiometrics(tx *bolt.Tx, report func(string, ...any) bool) error {
	recs := tx.Bucket(bucketVerifications)
	live := func(id []byte) bool {
		rec, err := decodeRecord(recs.Get(id))
		return err == nil && !rec.Deleted
	}
	if tx.Bucket(bucketBlobs) != nil && !report("bucket %s: still present after migration 4", bucketBlobs) {
		return nil
	}
	images := tx.Bucket(bucketImages)
	if images == nil {
		report("bucket %s: missing", bucketImages)
		return nil
	}
	err := images.ForEach(func(id, _ []byte) error {
		ok := true
		sub := images.Bucket(id)
		switch {
		case sub == nil:
			ok = report("images %s: a value, not a sub-bucket", id)
		case !live(id):
			ok = report("images %s: no live record", id)
		default:
			k, _ := sub.Cursor().First()
			if k == nil {
				ok = report("images %s: empty sub-bucket", id)
			}
			err := sub.ForEach(func(kind, v []byte) error {
				if v == nil && !report("images %s/%s: a sub-bucket, not an image", id, kind) {
					return errStopCheck
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if !ok {
			return errStopCheck
		}
		return nil
	})
	if err = ignoreStop(err); err != nil {
		return err
	}
	err = tx.Bucket(bucketTemplates).ForEach(func(k, _ []byte) error {
		if !live(k) && !report("template %s: no live record", k) {
			return errStopCheck
		}
		return nil
	})
	return ignoreStop(err)
}

// checkKeys: every key decodes and every key hash names an existing key.
func checkKeys(tx *bolt.Tx, report func(string, ...any) bool) error {
	keys := tx.Bucket(bucketKeys)
	err := keys.ForEach(func(k, v []byte) error {
		if _, err := decodeKey(v); err != nil && !report("key %s: %w", k, err) {
			return errStopCheck
		}
		return nil
	})
	if err = ignoreStop(err); err != nil {
		return err
	}
	err = tx.Bucket(bucketKeyHashes).ForEach(func(k, v []byte) error {
		if keys.Get(v) == nil && !report("key hash %x: key %s missing", k[:4], v) {
			return errStopCheck
		}
		return nil
	})
	return ignoreStop(err)
}
