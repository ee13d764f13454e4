package persistence

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/paydesk/paydesk/domain"
)

const attemptsSQL = `
SELECT payment_id, mollie_id, status, method, amount_minor, refunded_minor, charged_back_minor,
       created_at, paid_at, canceled_at, expired_at, failed_at
FROM payment_attempts
WHERE payment_id IN (SELECT value FROM json_each(?))
ORDER BY payment_id, created_at, id`

// queryPayments runs stmt, a paymentSelect query bound to tx, and fills in
// the attempts of the payments it found with one more query.
func (s *Store) queryPayments(ctx context.Context, tx *sql.Tx, stmt *sql.Stmt, args ...any) ([]domain.Payment, error) {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	var pays []domain.Payment
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		pays = append(pays, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(pays) == 0 {
		return pays, nil
	}
	return pays, s.fillAttempts(ctx, tx, pays)
}

func scanPayment(rows *sql.Rows) (domain.Payment, error) {
	var (
		p                             domain.Payment
		currency, kind, mode, status  string
		amount, refunded, chargedBack int64
	)
	err := rows.Scan(&p.ID, &p.InvoiceID, &p.InvoiceNumber, &currency, &kind, &mode, textCol{&p.MollieID}, &p.IdempotencyKey,
		&p.Description, &amount, &p.URL, &status, &p.Method, &p.Actor,
		timeCol{&p.CreatedAt}, timeCol{&p.ExpiresAt}, timeCol{&p.PaidAt}, timeCol{&p.CanceledAt}, timeCol{&p.ExpiredAt}, timeCol{&p.FailedAt},
		&refunded, &chargedBack, timeCol{&p.CheckedAt})
	if err != nil {
		return p, fmt.Errorf("read payment: %w", err)
	}
	p.Kind, p.Mode, p.Status = domain.PaymentKind(kind), domain.Mode(mode), domain.Status(status)
	p.Amount = domain.NewMoney(amount, currency)
	p.AmountRefunded = domain.NewMoney(refunded, currency)
	p.AmountChargedBack = domain.NewMoney(chargedBack, currency)
	return p, nil
}

// fillAttempts reads the attempts of all pays at once, oldest first.
func (s *Store) fillAttempts(ctx context.Context, tx *sql.Tx, pays []domain.Payment) error {
	index := make(map[int64]int, len(pays))
	ids := make([]int64, len(pays))
	for i, p := range pays {
		index[p.ID] = i
		ids[i] = p.ID
	}
	rows, err := tx.StmtContext(ctx, s.stmts.attempts).QueryContext(ctx, jsonInts(ids))
	if err != nil {
		return fmt.Errorf("read attempts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			a                             domain.Attempt
			paymentID                     int64
			status                        string
			amount, refunded, chargedBack int64
		)
		err := rows.Scan(&paymentID, &a.MollieID, &status, &a.Method, &amount, &refunded, &chargedBack,
			timeCol{&a.CreatedAt}, timeCol{&a.PaidAt}, timeCol{&a.CanceledAt}, timeCol{&a.ExpiredAt}, timeCol{&a.FailedAt})
		if err != nil {
			return fmt.Errorf("read attempt: %w", err)
		}
		p := &pays[index[paymentID]]
		currency := p.Amount.Currency
		a.Status = domain.Status(status)
		a.Amount = domain.NewMoney(amount, currency)
		a.AmountRefunded = domain.NewMoney(refunded, currency)
		a.AmountChargedBack = domain.NewMoney(chargedBack, currency)
		p.Attempts = append(p.Attempts, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read attempts: %w", err)
	}
	return nil
}
