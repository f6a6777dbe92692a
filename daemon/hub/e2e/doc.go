// Package e2e holds the store-and-forward acceptance tests: real kycd processes (a kiosk
// daemon and a hub) on loopback, a test proxy as the network between them, and a webhook
// receiver. The package has no code of its own.
package e2e
