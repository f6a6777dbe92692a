package daemon

// #include <malloc.h>
import "C"

import (
	"context"
	"log/slog"
	"time"

	"github.com/kycd/kycd/storage"
)

// trimCHeap returns the C heap's free pages to the kernel (glibc malloc_trim). OpenCV and
// Tesseract free their per-request buffers, but glibc keeps them mapped in its arenas.
func trimCHeap() { C.malloc_trim(0) }

// nativeHeap reports glibc malloc's counters over all arenas (mallinfo2): bytes handed out and
// not freed (a leak grows this), and bytes held from the kernel (fragmentation grows this
// alone).
func nativeHeap() (inUse, held uint64) {
	mi := C.mallinfo2()
	return uint64(mi.uordblks) + uint64(mi.hblkhd), uint64(mi.arena) + uint64(mi.hblkhd)
}

// heapTrimmer trims the C heap every interval until ctx ends: a verification's OpenCV and
// Tesseract buffers (tens of MB) go back to the kernel instead of staying resident. A trim
// with nothing to return costs well under a millisecond.
func heapTrimmer(interval time.Duration) func(context.Context) error {
	return every(interval, trimCHeap)
}

// mappingReleaser drops the database file's pages from the process's resident set every
// interval (storage.DB.ReleaseMappedPages): bbolt reads through an mmap, and pages of images
// written or erased long ago would otherwise count in the daemon's RSS until the kernel
// needs the memory (a soak showed ~0.2 MB per verification piling up).
func mappingReleaser(db *storage.DB, interval time.Duration, log *slog.Logger) func(context.Context) error {
	return every(interval, func() {
		if _, err := db.ReleaseMappedPages(); err != nil {
			log.Warn("releasing the database mapping", "err", err)
		}
	})
}

// every runs fn every interval until ctx ends.
func every(interval time.Duration, fn func()) func(context.Context) error {
	return func(ctx context.Context) error {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-t.C:
				fn()
			}
		}
	}
}
