// Package cheap reads glibc's malloc counters, for the tests that check a cgo binding gives
// back what the C side allocates.
package cheap

/*
#include <malloc.h>
*/
import "C"

// InUse is how many bytes glibc's malloc has handed out and not had back (mallinfo2): a
// string or array a binding forgets to free shows here to the byte, long before it shows in
// the resident set. glibc's per-thread cache of freed chunks moves it by a few KB, so a test
// locks its OS thread and compares runs long enough for a leak to stand out.
func InUse() int64 {
	mi := C.mallinfo2()
	return int64(mi.uordblks) + int64(mi.hblkhd)
}
