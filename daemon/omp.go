package daemon

import (
	"os"
	"syscall"
)

// pinnedEnv is read by native libraries once, when the process starts, so the binary sets it
// by re-executing itself:
//
//   - OMP_THREAD_LIMIT=1: Tesseract parallelizes its LSTM with OpenMP; on a 2-core kiosk with
//     our own concurrency on top, OpenMP threads only contend (a single MRZ read went from
//     ~100 ms to seconds).
//   - MALLOC_ARENA_MAX=2: glibc gives every thread that calls into OpenCV or Tesseract its own
//     malloc arena and keeps their freed buffers; with Go's many threads that cost ~120 MB of
//     resident memory at start-up and as much again while verifying (measured: 406 → 288 MB
//     loaded, 512 → 411 MB after 40 verifications).
//   - MALLOC_MMAP_THRESHOLD_=131072: a verification's large buffers (decoded images, network
//     blobs) come from mmap and go back to the kernel when freed. Left dynamic, glibc raises
//     the threshold after the first large free and later buffers stay in the heap, fragmented
//     (kycd bench in-process RSS: 337–363 MB → 311–316 MB, latency unchanged).
//   - GOGC=50: the Go heap holds ~11 MB live between verifications, and each request
//     allocates its body and decoded images; collecting at 1.5× instead of 2× the live heap
//     keeps the heap's resident pages smaller for a few more, short, collections.
var pinnedEnv = [][2]string{{"OMP_THREAD_LIMIT", "1"}, {"MALLOC_ARENA_MAX", "2"}, {"MALLOC_MMAP_THRESHOLD_", "131072"}, {"GOGC", "50"}}

// pinNativeEnv re-executes the binary with pinnedEnv added where the environment does not
// already say something. It returns only when it did not re-execute (nothing to add, or exec
// failed: then the process runs unpinned).
func pinNativeEnv() {
	env := os.Environ()
	added := false
	for _, kv := range pinnedEnv {
		if _, set := os.LookupEnv(kv[0]); !set {
			env = append(env, kv[0]+"="+kv[1])
			added = true
		}
	}
	if !added {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	syscall.Exec(exe, os.Args, env) // only returns on failure
}
