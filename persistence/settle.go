package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// An invoice's settlement columns hold domain.Settle over all its payments,
// and last_payment_id its newest payment. Settle adds the payments up one by
// one, so when some rows change, the columns move by what those rows
// contributed before and after; no other payment of the invoice is read.
// Every write of a payment row goes through resettle, in the transaction
// of the write.

// settleSQL adds the differences to the settlement columns, in the order
// of contribution, and finds the newest payment through the
// payments_invoice index.
const settleSQL = `
UPDATE invoices SET
       live_paid_minor = live_paid_minor + ?, live_refunded_minor = live_refunded_minor + ?,
       live_charged_back_minor = live_charged_back_minor + ?,
       test_paid_minor = test_paid_minor + ?, test_refunded_minor = test_refunded_minor + ?,
       test_charged_back_minor = test_charged_back_minor + ?,
       last_payment_id = (SELECT id FROM payments WHERE invoice_id = invoices.id ORDER BY created_at DESC, id DESC LIMIT 1)
WHERE id = ?`

// contribution is what payments add to their invoice's settlement columns, in
// minor units: live paid, refunded and charged back, then the same in test.
type contribution [6]int64

func contributionOf(currency string, pays []domain.Payment) contribution {
	live, test := domain.Settle(currency, pays)
	return contribution{
		live.Paid.Minor, live.Refunded.Minor, live.ChargedBack.Minor,
		test.Paid.Minor, test.Refunded.Minor, test.ChargedBack.Minor,
	}
}

// resettle updates the invoice's settlement now that the payment rows in
// before have become those in after (nil before: inserted; nil after:
// deleted). Rows must be in their stored form. reordered says the
// invoice's newest payment may have changed; without it and with nothing
// to add, the invoice is left alone.
func (s *Store) resettle(ctx context.Context, tx *sql.Tx, invoiceID int64, currency string, before, after []domain.Payment, reordered bool) error {
	was, is := contributionOf(currency, before), contributionOf(currency, after)
	if was == is && !reordered {
		return nil
	}
	args := make([]any, 0, len(is)+1)
	for i := range is {
		args = append(args, is[i]-was[i])
	}
	if _, err := tx.StmtContext(ctx, s.stmts.settle).ExecContext(ctx, append(args, invoiceID)...); err != nil {
		return fmt.Errorf("settle invoice %d: %w", invoiceID, err)
	}
	return nil
}

// asStored is p as reading its row back gives it, so that a write need not
// read again: the invoice's number, amounts in the invoice's currency, times
// in UTC as their columns hold them, and attempts oldest first (the order of
// their creation times, then of their writing).
func asStored(p domain.Payment, invoiceNumber, currency string) domain.Payment {
	p.InvoiceNumber = invoiceNumber
	p.Amount = domain.NewMoney(p.Amount.Minor, currency)
	p.AmountRefunded = domain.NewMoney(p.AmountRefunded.Minor, currency)
	p.AmountChargedBack = domain.NewMoney(p.AmountChargedBack.Minor, currency)
	for _, t := range []*time.Time{&p.CreatedAt, &p.ExpiresAt, &p.PaidAt, &p.CanceledAt, &p.ExpiredAt, &p.FailedAt, &p.CheckedAt} {
		*t = storedTime(*t)
	}
	if len(p.Attempts) == 0 {
		p.Attempts = nil
		return p
	}
	as := make([]domain.Attempt, len(p.Attempts))
	for i, a := range p.Attempts {
		a.Amount = domain.NewMoney(a.Amount.Minor, currency)
		a.AmountRefunded = domain.NewMoney(a.AmountRefunded.Minor, currency)
		a.AmountChargedBack = domain.NewMoney(a.AmountChargedBack.Minor, currency)
		for _, t := range []*time.Time{&a.CreatedAt, &a.PaidAt, &a.CanceledAt, &a.ExpiredAt, &a.FailedAt} {
			*t = storedTime(*t)
		}
		as[i] = a
	}
	slices.SortStableFunc(as, func(a, b domain.Attempt) int { return a.CreatedAt.Compare(b.CreatedAt) })
	p.Attempts = as
	return p
}
