// Package daemon is the only place where kycd's parts are wired together: the command line,
// configuration, the OS service, and the lifecycle of the HTTP API, workers and database.
package daemon
