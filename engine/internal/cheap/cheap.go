// Package cheap reads glibc's malloc counters, for the tests that check a cgo binding gives
// back what the C side allocates.
package cheap

/*
#include <malloc.h>
*/
import "C"

import "runtime"

// InUse is how many bytes glibc's malloc has handed out and not had back (mallinfo2): a
// string or array a binding forgets to free shows here to the byte, long before it shows in
// the resident set. glibc's per-thread cache of freed chunks still moves it by a few KB, so
// a test compares runs long enough for a leak to stand out (Grown).
func InUse() int64 {
	mi := C.mallinfo2()
	return int64(mi.uordblks) + int64(mi.hblkhd)
}

// Grown runs op warm times, then n times, all on one OS thread (glibc keeps a cache of freed
// chunks per thread, which would show as growth each time the scheduler moved the caller),
// and returns how many more bytes the C heap holds after the n runs than before them.
func Grown(warm, n int, op func()) int64 {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for range warm {
		op()
	}
	before := InUse()
	for range n {
		op()
	}
	return InUse() - before
}
