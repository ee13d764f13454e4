// Package integration proves paydesk's core end to end: domain.Service over a
// real SQLite database (persistence) and the real Mollie client (mollie)
// talking HTTP to the local Mollie simulator (mollie/molliesim). It holds
// tests only.
package integration
