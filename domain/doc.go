// Package domain holds what paydesk is about, free of any terminal, database
// or HTTP: money in integer minor units, invoices and what is owed on them,
// Mollie payments and their statuses, the rules that decide when a payment
// may be requested, reused or replaced, and the use cases (Service) that
// apply those rules through the ports they need (Store, Gateway, Clock).
//
// It imports only the standard library. It never words anything for a
// person: a refusal is an *Error (a reason and its facts) and a log entry
// says a Text (a catalogue key and its facts); the command line and the
// interface put both into the reader's language through package i18n.
package domain
