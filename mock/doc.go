// Package mock holds the in-memory stand-ins for domain's ports that tests
// and benchmarks use: a Store, a Mollie gateway and a clock. Each is held to
// the same contract as the real thing by the suites in storetest, so a test
// that passes against a fake says something about paydesk.
package mock
