package storage

import (
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Space is how the database file's bytes are used, for /metrics and the soak: a file that
// keeps growing while its data does not is a page-reuse problem, not data.
type Space struct {
	// FileBytes is the file's size on disk; bbolt grows it in steps ahead of use.
	FileBytes int64 `json:"file_bytes"`
	// UsedBytes is the high-water mark: pages up to the last one any commit wrote.
	UsedBytes int64 `json:"used_bytes"`
	// FreeBytes are pages below the high-water mark that hold nothing: free, or freed and
	// waiting for older read transactions to end.
	FreeBytes int64 `json:"free_bytes"`
}

// Space reports the file's size, its high-water mark and its free pages.
func (db *DB) Space() (Space, error) {
	var s Space
	info, err := os.Stat(db.bolt.Path())
	if err != nil {
		return s, fmt.Errorf("database space: %w", err)
	}
	s.FileBytes = info.Size()
	st := db.bolt.Stats()
	err = db.view(func(tx *bolt.Tx) error {
		s.UsedBytes = tx.Size()
		s.FreeBytes = int64(st.FreePageN+st.PendingPageN) * int64(db.bolt.Info().PageSize)
		return nil
	})
	if err != nil {
		return s, fmt.Errorf("database space: %w", err)
	}
	return s, nil
}
