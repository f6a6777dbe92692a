package daemon

import (
	"os"
	"syscall"
)

// ompEnv is read by libgomp once, when the process starts. Tesseract parallelizes its LSTM with
// OpenMP; on a 2-core kiosk with our own concurrency on top, OpenMP threads only contend (a
// single MRZ read went from ~100 ms to seconds). So the binary pins OpenMP to one thread.
const ompEnv = "OMP_THREAD_LIMIT"

// pinOpenMP re-executes the binary with OMP_THREAD_LIMIT=1 unless the environment already says
// something. It returns only when it did not re-execute (already set, or exec failed).
func pinOpenMP() {
	if _, set := os.LookupEnv(ompEnv); set {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	env := append(os.Environ(), ompEnv+"=1")
	syscall.Exec(exe, os.Args, env) // only returns on failure; then run unpinned
}
