// Package load drives a running kycd over HTTP: an open-loop load at a fixed rate with latency
// percentiles and the daemon's RSS sampled from /proc (Run), and a corpus of hostile requests
// whose answers and side effects are checked (Hostile). Used by `go run ./packaging/loadtest`
// and, in short form, by the packaging tests.
package load
