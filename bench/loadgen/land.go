package main

import (
	"context"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// landed is what the database showed after the webhooks.
type landed struct {
	paid  int
	lost  int
	after time.Duration // from the first webhook until every payment was paid; 0 if never
}

// pollEvery is how often the database is read while waiting; each read
// lists the payments still active, which shrinks as statuses land.
const pollEvery = 250 * time.Millisecond

// waitLanded reads the database until no payment is active any more or
// the deadline passes, then counts the paid ones.
func waitLanded(ctx context.Context, b *book, first, deadline time.Time) landed {
	var l landed
	for {
		active, err := b.store.Payments(ctx, domain.PaymentFilter{ActiveOnly: true})
		if err != nil {
			logf("reading the database: %v", err)
		} else if len(active) == 0 {
			l.after = time.Since(first)
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(pollEvery):
		}
	}
	paid, err := b.store.Payments(context.WithoutCancel(ctx), domain.PaymentFilter{Status: domain.StatusPaid})
	if err != nil {
		logf("counting paid payments: %v", err)
	}
	l.paid = len(paid)
	l.lost = len(b.payments) - l.paid
	return l
}
