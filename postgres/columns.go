package postgres

import (
	"fmt"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// Times are stored as Unix nanoseconds, as in the SQLite store, which
// covers the years 1678 to 2261; the zero time is NULL.

// nanos is the column value of t.
func nanos(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	n := t.UnixNano()
	return &n
}

// fromNanos is the time a nullable column holds.
func fromNanos(n *int64) time.Time {
	if n == nil {
		return time.Time{}
	}
	return time.Unix(0, *n).UTC()
}

// minorIn returns m in minor units after checking it is in currency; a
// zero amount without a currency counts as that currency.
func minorIn(what string, m domain.Money, currency string) (int64, error) {
	if m.Currency != currency && !(m.Currency == "" && m.Minor == 0) {
		return 0, fmt.Errorf("%s is in %q but the invoice is in %s", what, m.Currency, currency)
	}
	return m.Minor, nil
}

// nullText is the column value of s, NULL for "".
func nullText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func text(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
