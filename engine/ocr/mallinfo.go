package ocr

/*
#include <malloc.h>
*/
import "C"

// cHeapInUse is how many bytes glibc's malloc has handed out and not had back (mallinfo2):
// the leak test reads it, since a string Tesseract returns and nobody frees shows here to the
// byte, long before it shows in the resident set.
func cHeapInUse() int64 {
	mi := C.mallinfo2()
	return int64(mi.uordblks) + int64(mi.hblkhd)
}
