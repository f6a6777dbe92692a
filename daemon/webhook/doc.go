// Package webhook delivers async verification results to the webhook_url of
// their request: a persisted queue (storage's webhooks bucket, filled in the
// same transaction as the result), HMAC-signed POSTs, retries with capped
// exponential backoff and jitter for at least a day, an allow-list checked
// again at every attempt, no redirects, and a log of every attempt.
package webhook
