package domain

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// AgeBucket sorts what is owed by how long it is overdue.
type AgeBucket int

const (
	NotYetDue AgeBucket = iota // due today or later, or no due date
	Overdue1To30
	Overdue31To60
	Overdue61To90
	OverdueOver90
	AgeBuckets // the number of buckets
)

// Received windows: what came in through Mollie since the start of today,
// of this week (Monday) and of this month.
const (
	ReceivedToday = iota
	ReceivedThisWeek
	ReceivedThisMonth
	ReceivedWindows // the number of windows
)

// ReceivablesQuery fixes the boundaries a store aggregates by, so that the
// rules stay here and the store only sums.
type ReceivablesQuery struct {
	Mode Mode
	// DueFrom[b] is the earliest due date of bucket b for b < OverdueOver90:
	// an invoice due on or after DueFrom[NotYetDue] is not yet due, one due
	// before DueFrom[Overdue61To90] is over 90 days overdue.
	DueFrom [OverdueOver90]time.Time
	// PaidFrom[w] is the start of window w; money counts when it was paid
	// at or after it.
	PaidFrom [ReceivedWindows]time.Time
}

// NewReceivablesQuery builds the boundaries for the day of now, in now's
// location (the bookkeeper's calendar).
func NewReceivablesQuery(mode Mode, now time.Time) ReceivablesQuery {
	q := ReceivablesQuery{Mode: mode}
	today := startOfDay(now)
	for b := NotYetDue; b < OverdueOver90; b++ {
		q.DueFrom[b] = today.AddDate(0, 0, -30*int(b))
	}
	y, m, d := now.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	back := (int(day.Weekday()) + 6) % 7 // days since Monday
	q.PaidFrom[ReceivedToday] = day
	q.PaidFrom[ReceivedThisWeek] = day.AddDate(0, 0, -back)
	q.PaidFrom[ReceivedThisMonth] = time.Date(y, m, 1, 0, 0, 0, 0, now.Location())
	return q
}

// earliestPaid is the start of the longest window.
func (q ReceivablesQuery) earliestPaid() time.Time {
	earliest := q.PaidFrom[0]
	for _, t := range q.PaidFrom {
		if t.Before(earliest) {
			earliest = t
		}
	}
	return earliest
}

// EarliestPaid is the start of the longest window.
func (q ReceivablesQuery) EarliestPaid() time.Time { return q.earliestPaid() }

// Bucket is where an invoice due on due falls.
func (q ReceivablesQuery) Bucket(due time.Time) AgeBucket {
	if due.IsZero() {
		return NotYetDue
	}
	for b := NotYetDue; b < OverdueOver90; b++ {
		if !due.Before(q.DueFrom[b]) {
			return b
		}
	}
	return OverdueOver90
}

// CurrencyReceivables is one currency's part of the summary.
type CurrencyReceivables struct {
	Currency string
	Owed     [AgeBuckets]Money // outstanding on payable invoices, per bucket
	Invoices [AgeBuckets]int   // how many invoices each bucket holds
	Received [ReceivedWindows]Money
}

// TotalOwed is what the currency's payable invoices still owe in all.
func (c CurrencyReceivables) TotalOwed() Money {
	t := Zero(c.Currency)
	for _, m := range c.Owed {
		t = t.Add(m)
	}
	return t
}

// Receivables is the morning overview: what is owed and how late, what came
// in, how many links are open.
type Receivables struct {
	At         time.Time
	Mode       Mode
	Currencies []CurrencyReceivables // by currency code
	OpenLinks  int                   // payments of Mode a customer may still pay
}

// Currency returns the part for code, adding an empty one when missing.
func (r *Receivables) Currency(code string) *CurrencyReceivables {
	i, found := slices.BinarySearchFunc(r.Currencies, code, func(c CurrencyReceivables, code string) int {
		return strings.Compare(c.Currency, code)
	})
	if !found {
		c := CurrencyReceivables{Currency: code}
		for b := range c.Owed {
			c.Owed[b] = Zero(code)
		}
		for w := range c.Received {
			c.Received[w] = Zero(code)
		}
		r.Currencies = slices.Insert(r.Currencies, i, c)
	}
	return &r.Currencies[i]
}

// TallyReceivables computes the summary from every invoice and payment. It
// is the rule a store's aggregation must agree with; in-memory stores use it
// directly, the SQL store sums in the database instead of loading rows.
func TallyReceivables(q ReceivablesQuery, invoices []Invoice, payments []Payment) Receivables {
	var r Receivables
	currency := map[int64]string{}
	for _, inv := range invoices {
		currency[inv.ID] = inv.Currency
		if !inv.Payable(q.Mode) {
			continue
		}
		c := r.Currency(inv.Currency)
		b := q.Bucket(inv.DueDate)
		c.Owed[b] = c.Owed[b].Add(inv.Outstanding(q.Mode))
		c.Invoices[b]++
	}
	for _, p := range payments {
		if p.Mode != q.Mode {
			continue
		}
		if p.Active() {
			r.OpenLinks++
		}
		code, ok := currency[p.InvoiceID]
		if !ok {
			continue
		}
		for _, in := range p.received(code) {
			if in.at.Before(q.earliestPaid()) {
				continue
			}
			c := r.Currency(code)
			for w, from := range q.PaidFrom {
				if !in.at.Before(from) {
					c.Received[w] = c.Received[w].Add(in.amount)
				}
			}
		}
	}
	return r
}

type receipt struct {
	amount Money
	at     time.Time
}

// received is the money a payment brought in and when, counted as
// settlement counts it: its paid attempts, or the payment itself when it is
// paid and no paid attempt was seen.
func (p Payment) received(currency string) []receipt {
	if p.Amount.Currency != "" && p.Amount.Currency != currency {
		return nil
	}
	var out []receipt
	for _, a := range p.Attempts {
		if a.Status == StatusPaid && !a.PaidAt.IsZero() {
			out = append(out, receipt{a.Amount, a.PaidAt})
		}
	}
	if len(out) == 0 && p.Status == StatusPaid && !p.PaidAt.IsZero() {
		out = append(out, receipt{p.Amount, p.PaidAt})
	}
	return out
}

// Receivables sums up what is owed and what came in, in the connected mode.
func (s *Service) Receivables(ctx context.Context) (Receivables, error) {
	now := s.Now()
	mode := s.Mode(ctx)
	r, err := s.store.Receivables(ctx, NewReceivablesQuery(mode, now))
	if err != nil {
		return Receivables{}, fmt.Errorf("sum up receivables: %w", err)
	}
	r.At, r.Mode = now, mode
	return r, nil
}
