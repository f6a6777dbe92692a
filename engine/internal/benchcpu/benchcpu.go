// Package benchcpu reports a benchmark's process CPU time per operation beside its wall time.
// The build machine is shared: wall time under load says little, while CPU time hardly depends
// on how many other processes compete for the two cores (wall ≈ CPU on one core, less when a
// benchmark uses both).
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Now is the process's user + system CPU time so far (0 if it cannot be read).
func Now() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Start begins counting; the returned function reports the CPU time per op since Start as
// metric unit (usually "cpu-ms/op"). Call Start after the set-up and defer its result.
func Start(b *testing.B, unit string) func() {
	start := Now()
	return func() {
		b.ReportMetric(float64((Now()-start).Microseconds())/1000/float64(b.N), unit)
	}
}
