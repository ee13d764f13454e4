package persistence

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/paydesk/paydesk/domain"
)

const settleSQL = `
UPDATE invoices SET live_paid_minor = ?, live_refunded_minor = ?, live_charged_back_minor = ?,
       test_paid_minor = ?, test_refunded_minor = ?, test_charged_back_minor = ?, last_payment_id = ?
WHERE id = ?`

// settleInvoice recomputes the invoice's settlement columns and newest
// payment from all its payments.
func (s *Store) settleInvoice(ctx context.Context, tx *sql.Tx, invoiceID int64, currency string) error {
	pays, err := s.queryPayments(ctx, tx, tx.StmtContext(ctx, s.stmts.invoicePayments), invoiceID)
	if err != nil {
		return fmt.Errorf("settle invoice %d: %w", invoiceID, err)
	}
	live, test := domain.Settle(currency, pays)
	var last any
	if len(pays) > 0 {
		last = pays[0].ID
	}
	_, err = tx.StmtContext(ctx, s.stmts.settle).ExecContext(ctx,
		live.Paid.Minor, live.Refunded.Minor, live.ChargedBack.Minor,
		test.Paid.Minor, test.Refunded.Minor, test.ChargedBack.Minor, last, invoiceID)
	if err != nil {
		return fmt.Errorf("settle invoice %d: %w", invoiceID, err)
	}
	return nil
}
