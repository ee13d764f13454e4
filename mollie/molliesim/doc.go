// Package molliesim is an in-memory stand-in for Mollie's API v2 and its
// hosted checkout, faithful enough that paydesk's real HTTP client, its demo
// and its tests run against it unchanged.
//
// It serves the Payment Links and Payments endpoints with Mollie's JSON
// shapes, error bodies, cursor pagination, idempotency keys and test/live
// separation; hosted pages on which a "customer" picks an outcome; classic
// webhooks with retries; and injectable faults (latency, 5xx, 429, lost
// webhooks). Time comes from an injectable clock so tests can move it.
//
// It imports only the standard library so that it can never drift towards
// the code it is meant to check.
package molliesim
