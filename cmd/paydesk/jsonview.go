package main

import (
	"time"

	"github.com/paydesk/paydesk/domain"
)

// The JSON shapes scripts rely on. Field names and formats are stable:
// amounts as Mollie writes them, dates as YYYY-MM-DD, moments as RFC 3339
// in UTC, and null for anything absent.

type moneyJSON struct {
	Currency string `json:"currency"`
	Value    string `json:"value"`
}

func money(m domain.Money) moneyJSON { return moneyJSON{Currency: m.Currency, Value: m.Value()} }

// moneyOr gives a zero amount in currency when m has none yet.
func moneyOr(m domain.Money, currency string) moneyJSON {
	if m.Currency == "" {
		m.Currency = currency
	}
	return money(m)
}

func dateJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func momentJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func stringJSON(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
