package storage

import (
	"fmt"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// ReleaseMappedPages drops this process's mapping of the database file's pages
// (madvise MADV_DONTNEED on bbolt's read-only shared mmap). bbolt reads through
// that mmap, and the kernel maps neighbouring cached pages on every fault, so
// the pages of images written and erased long ago pile up in the process's
// resident set although nothing will read them again. They stay in the page
// cache (the kernel's, shared, reclaimable) and the next access maps them back
// with a minor fault: no data is touched. The read transaction holds bbolt's
// mmap lock, so the mapping cannot move meanwhile. It returns the bytes covered.
func (db *DB) ReleaseMappedPages() (int64, error) {
	var size int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		info := db.bolt.Info()
		size = tx.Size() // the used part of the file, within the mapping
		if info == nil || info.Data == 0 || size <= 0 {
			return nil
		}
		// A raw syscall: the address is bbolt's, never turned into a Go pointer.
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(size), syscall.MADV_DONTNEED); errno != 0 {
			return errno
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("releasing the database mapping: %w", err)
	}
	return size, nil
}
