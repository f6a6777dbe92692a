// Package uplink drains the outbox to the upstream hub: store-and-forward,
// so nothing is lost while the link is down.
//
// The worker follows Tailscale's logtail uploading(): read a batch from the
// durable buffer (storage's outbox), send it with a per-request timeout,
// drop it only after the hub's 2xx, and on failure wait — honouring
// Retry-After (capped), probing for connectivity instead of rebuilding
// batches when the network is down, otherwise backing off exponentially with
// jitter. A repeated error is logged once; recovery is reported.
package uplink
