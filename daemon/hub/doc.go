// Package hub receives upstream sync batches from kiosks: the same kycd binary
// run as `kycd hub` stores the verifications of many devices, each authenticated
// by its own secret, and serves them through the read API.
//
// Protocol: a device POSTs a Batch as JSON to IngestPath with the headers
// Kycd-Device (its id) and Kycd-Signature (webhook.Sign with the device
// secret over the exact body). Items are the device's outbox in seq order,
// each carrying the verification's current state and version. The hub
// answers 200 with an Ack once the whole batch is on disk; the device then
// drops those items from its outbox. A lost answer makes the device send the
// batch again: the hub stores each (verification, version) once and never
// lets a version go back, so replays are harmless and counted as duplicates.
//
// There is no timestamp window on signatures: kiosk clocks drift while
// offline, and a replayed batch cannot change anything (see above).
package hub
