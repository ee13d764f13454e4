package persistence

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/paydesk/paydesk/domain"
)

// activeStatus is the SQL form of !Status.Final(); it must say exactly what
// the partial index payments_one_active says.
const activeStatus = `p.status NOT IN ('paid', 'canceled', 'expired', 'failed', 'archived')`

const paymentSelect = `
SELECT p.id, p.invoice_id, i.number, i.currency, p.kind, p.mode, p.mollie_id, p.idempotency_key,
       p.description, p.amount_minor, p.url, p.status, p.method, p.actor,
       p.created_at, p.expires_at, p.paid_at, p.canceled_at, p.expired_at, p.failed_at,
       p.refunded_minor, p.charged_back_minor, p.checked_at
FROM payments p
JOIN invoices i ON i.id = p.invoice_id`

const (
	paymentByIDSQL     = paymentSelect + ` WHERE p.id = ?`
	invoicePaymentsSQL = paymentSelect + ` WHERE p.invoice_id = ? ORDER BY p.created_at DESC, p.id DESC`
	// paymentByMollieIDSQL finds a pl_… or tr_… row, or the link a tr_…
	// attempt was made under.
	paymentByMollieIDSQL = paymentSelect + `
WHERE p.mollie_id = ?1
   OR p.id = (SELECT payment_id FROM payment_attempts WHERE mollie_id = ?1)`

	insertPaymentSQL = `
INSERT INTO payments (kind, mode, mollie_id, idempotency_key, description, amount_minor, url, status, method, actor,
                      created_at, expires_at, paid_at, canceled_at, expired_at, failed_at,
                      refunded_minor, charged_back_minor, checked_at, invoice_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	updatePaymentSQL = `
UPDATE payments SET kind = ?, mode = ?, mollie_id = ?, idempotency_key = ?, description = ?, amount_minor = ?, url = ?,
       status = ?, method = ?, actor = ?, created_at = ?, expires_at = ?, paid_at = ?, canceled_at = ?, expired_at = ?,
       failed_at = ?, refunded_minor = ?, charged_back_minor = ?, checked_at = ?
WHERE invoice_id = ? AND id = ?`
)

// ReservePayment lets decide choose, under the write lock, between the
// invoice's payments and a new one, and inserts the new one.
func (s *Store) ReservePayment(ctx context.Context, invoiceNumber string, decide func(domain.Invoice, []domain.Payment) (domain.Plan, error)) (domain.Plan, error) {
	var plan domain.Plan
	err := s.write(ctx, func(tx *sql.Tx) error {
		inv, err := invoiceByNumber(ctx, tx.StmtContext(ctx, s.stmts.invoiceByNumber), invoiceNumber)
		if err != nil {
			return err
		}
		pays, err := s.queryPayments(ctx, tx, tx.StmtContext(ctx, s.stmts.invoicePayments), inv.ID)
		if err != nil {
			return fmt.Errorf("payments of invoice %s: %w", invoiceNumber, err)
		}
		plan, err = decide(inv, pays)
		if err != nil || plan.New == nil {
			return err
		}
		return s.insertPayment(ctx, tx, inv, plan.New)
	})
	return plan, err
}

// insertPayment writes p for inv and sets its ID; a second active payment of
// the invoice in the same mode is an ErrConflict.
func (s *Store) insertPayment(ctx context.Context, tx *sql.Tx, inv domain.Invoice, p *domain.Payment) error {
	if p.InvoiceID != 0 && p.InvoiceID != inv.ID {
		return fmt.Errorf("new payment for invoice %s names another invoice (id %d)", inv.Number, p.InvoiceID)
	}
	p.InvoiceID, p.InvoiceNumber = inv.ID, inv.Number
	args, err := paymentArgs(*p, inv.Currency)
	if err != nil {
		return fmt.Errorf("new payment for invoice %s: %w", inv.Number, err)
	}
	res, err := tx.StmtContext(ctx, s.stmts.insertPayment).ExecContext(ctx, args...)
	if err != nil {
		return paymentWriteError(err, "new %s payment for invoice %s", p.Mode, inv.Number)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("new payment for invoice %s: %w", inv.Number, err)
	}
	if len(p.Attempts) > 0 {
		if err := s.writeAttempts(ctx, tx, p.ID, p.Attempts, inv.Currency); err != nil {
			return err
		}
	}
	stored := asStored(*p, inv.Number, inv.Currency)
	return s.resettle(ctx, tx, inv.ID, inv.Currency, nil, []domain.Payment{stored}, true)
}

// paymentArgs are p's columns in the order of the INSERT and UPDATE
// statements, invoice_id last.
func paymentArgs(p domain.Payment, currency string) ([]any, error) {
	if _, ok := domain.ParsePaymentKind(string(p.Kind)); !ok {
		return nil, fmt.Errorf("kind %q is neither link nor checkout", p.Kind)
	}
	if p.Mode != domain.ModeLive && p.Mode != domain.ModeTest {
		return nil, fmt.Errorf("mode %q is neither live nor test", p.Mode)
	}
	if p.Status == "" {
		return nil, errors.New("the status is empty")
	}
	amount, err := minorIn("the amount", p.Amount, currency)
	if err != nil {
		return nil, err
	}
	refunded, err := minorIn("the refunded amount", p.AmountRefunded, currency)
	if err != nil {
		return nil, err
	}
	chargedBack, err := minorIn("the charged back amount", p.AmountChargedBack, currency)
	if err != nil {
		return nil, err
	}
	if err := domain.StorableTimes(p.CreatedAt, p.ExpiresAt, p.PaidAt, p.CanceledAt, p.ExpiredAt, p.FailedAt, p.CheckedAt); err != nil {
		return nil, err
	}
	if p.CreatedAt.IsZero() {
		return nil, errors.New("the creation time is missing")
	}
	return []any{
		string(p.Kind), string(p.Mode), nullText(p.MollieID), p.IdempotencyKey, p.Description, amount, p.URL,
		string(p.Status), p.Method, p.Actor,
		nanos(p.CreatedAt), nanos(p.ExpiresAt), nanos(p.PaidAt), nanos(p.CanceledAt), nanos(p.ExpiredAt), nanos(p.FailedAt),
		refunded, chargedBack, nanos(p.CheckedAt), p.InvoiceID,
	}, nil
}

// paymentWriteError makes a UNIQUE failure an ErrConflict: another active
// payment of the invoice, or a Mollie id already on another row.
func paymentWriteError(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if isUnique(err) {
		return fmt.Errorf("%s: %w: %w", what, domain.ErrConflict, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// UpdatePayment loads the payment, lets change edit it, writes it back with
// its attempts and moves what its invoice received by the difference. It
// returns the row as written, in the form a read gives it.
func (s *Store) UpdatePayment(ctx context.Context, id int64, change func(*domain.Payment) error) (domain.Payment, error) {
	var out domain.Payment
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, err := s.paymentByID(ctx, tx, id)
		if err != nil {
			return err
		}
		p := old
		p.Attempts = append([]domain.Attempt(nil), old.Attempts...)
		if err := change(&p); err != nil {
			return err
		}
		if p.ID != old.ID || p.InvoiceID != old.InvoiceID {
			return fmt.Errorf("payment %d: a change may not move the row to another id or invoice", id)
		}
		currency := old.Amount.Currency
		if err := s.updatePayment(ctx, tx, p, currency, !slices.Equal(p.Attempts, old.Attempts)); err != nil {
			return err
		}
		out = asStored(p, old.InvoiceNumber, currency)
		return s.resettle(ctx, tx, p.InvoiceID, currency, []domain.Payment{old}, []domain.Payment{out}, !out.CreatedAt.Equal(old.CreatedAt))
	})
	return out, err
}

// updatePayment writes p's row, and its attempts when they changed.
func (s *Store) updatePayment(ctx context.Context, tx *sql.Tx, p domain.Payment, currency string, attemptsChanged bool) error {
	args, err := paymentArgs(p, currency)
	if err != nil {
		return fmt.Errorf("payment %d: %w", p.ID, err)
	}
	_, err = tx.StmtContext(ctx, s.stmts.updatePayment).ExecContext(ctx, append(args, p.ID)...)
	if err != nil {
		return paymentWriteError(err, "payment %d", p.ID)
	}
	if !attemptsChanged {
		return nil
	}
	return s.writeAttempts(ctx, tx, p.ID, p.Attempts, currency)
}

const (
	upsertAttemptSQL = `
INSERT INTO payment_attempts (payment_id, mollie_id, status, method, amount_minor, refunded_minor, charged_back_minor,
                              created_at, paid_at, canceled_at, expired_at, failed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (mollie_id) DO UPDATE SET
    status = excluded.status, method = excluded.method, amount_minor = excluded.amount_minor,
    refunded_minor = excluded.refunded_minor, charged_back_minor = excluded.charged_back_minor,
    created_at = excluded.created_at, paid_at = excluded.paid_at, canceled_at = excluded.canceled_at,
    expired_at = excluded.expired_at, failed_at = excluded.failed_at
WHERE payment_id = excluded.payment_id`
	// deleteAttemptsSQL takes the ids to keep as one JSON array, so that
	// one statement serves any number of them.
	deleteAttemptsSQL = `DELETE FROM payment_attempts WHERE payment_id = ? AND mollie_id NOT IN (SELECT value FROM json_each(?))`
)

// writeAttempts makes the stored attempts of a payment exactly as, keyed by
// their Mollie id. An id already under another payment is an ErrConflict.
func (s *Store) writeAttempts(ctx context.Context, tx *sql.Tx, paymentID int64, as []domain.Attempt, currency string) error {
	ids := make([]string, 0, len(as))
	if len(as) > 0 {
		upsert := tx.StmtContext(ctx, s.stmts.upsertAttempt)
		for _, a := range as {
			args, err := attemptArgs(paymentID, a, currency)
			if err != nil {
				return fmt.Errorf("attempt %s of payment %d: %w", a.MollieID, paymentID, err)
			}
			res, err := upsert.ExecContext(ctx, args...)
			if err != nil {
				return fmt.Errorf("attempt %s of payment %d: %w", a.MollieID, paymentID, err)
			}
			if n, err := res.RowsAffected(); err == nil && n == 0 {
				return fmt.Errorf("attempt %s of payment %d is already stored under another payment: %w", a.MollieID, paymentID, domain.ErrConflict)
			}
			ids = append(ids, a.MollieID)
		}
	}
	keep, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("attempts of payment %d: %w", paymentID, err)
	}
	if _, err := tx.StmtContext(ctx, s.stmts.deleteAttempts).ExecContext(ctx, paymentID, string(keep)); err != nil {
		return fmt.Errorf("attempts of payment %d: %w", paymentID, err)
	}
	return nil
}

func attemptArgs(paymentID int64, a domain.Attempt, currency string) ([]any, error) {
	if a.MollieID == "" {
		return nil, errors.New("the Mollie id is empty")
	}
	if a.Status == "" {
		return nil, errors.New("the status is empty")
	}
	amount, err := minorIn("the amount", a.Amount, currency)
	if err != nil {
		return nil, err
	}
	refunded, err := minorIn("the refunded amount", a.AmountRefunded, currency)
	if err != nil {
		return nil, err
	}
	chargedBack, err := minorIn("the charged back amount", a.AmountChargedBack, currency)
	if err != nil {
		return nil, err
	}
	if err := domain.StorableTimes(a.CreatedAt, a.PaidAt, a.CanceledAt, a.ExpiredAt, a.FailedAt); err != nil {
		return nil, err
	}
	return []any{
		paymentID, a.MollieID, string(a.Status), a.Method, amount, refunded, chargedBack,
		nanos(a.CreatedAt), nanos(a.PaidAt), nanos(a.CanceledAt), nanos(a.ExpiredAt), nanos(a.FailedAt),
	}, nil
}

// DeletePayment removes a payment still in "creating", which Mollie never
// confirmed.
func (s *Store) DeletePayment(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		p, err := s.paymentByID(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("delete %w", err)
		}
		if p.Status != domain.StatusCreating {
			return fmt.Errorf("delete payment %d: it is %s, and only a payment still being created may be deleted: %w", id, p.Status, domain.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM payments WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete payment %d: %w", id, err)
		}
		return s.resettle(ctx, tx, p.InvoiceID, p.Amount.Currency, []domain.Payment{p}, nil, true)
	})
}

// Payment finds a payment row by its id.
func (s *Store) Payment(ctx context.Context, id int64) (domain.Payment, error) {
	var p domain.Payment
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = s.paymentByID(ctx, tx, id)
		return err
	})
	return p, err
}

func (s *Store) paymentByID(ctx context.Context, tx *sql.Tx, id int64) (domain.Payment, error) {
	pays, err := s.queryPayments(ctx, tx, tx.StmtContext(ctx, s.stmts.paymentByID), id)
	if err != nil {
		return domain.Payment{}, fmt.Errorf("payment %d: %w", id, err)
	}
	if len(pays) == 0 {
		return domain.Payment{}, fmt.Errorf("payment %d: %w", id, domain.ErrNotFound)
	}
	return pays[0], nil
}

// PaymentByMollieID finds the row of a pl_… or tr_… id, or the link under
// which a tr_… attempt was made.
func (s *Store) PaymentByMollieID(ctx context.Context, mollieID string) (domain.Payment, error) {
	var p domain.Payment
	err := s.read(ctx, func(tx *sql.Tx) error {
		pays, err := s.queryPayments(ctx, tx, tx.StmtContext(ctx, s.stmts.paymentByMollieID), mollieID)
		if err != nil {
			return fmt.Errorf("payment %s: %w", mollieID, err)
		}
		if len(pays) == 0 {
			return fmt.Errorf("payment %s: %w", mollieID, domain.ErrNotFound)
		}
		p = pays[0]
		return nil
	})
	return p, err
}

// Payments lists payments newest first, narrowed by f. The query depends on
// f, so it is prepared for this call only.
func (s *Store) Payments(ctx context.Context, f domain.PaymentFilter) ([]domain.Payment, error) {
	var (
		where []string
		args  []any
	)
	if f.InvoiceNumber != "" {
		where, args = append(where, `i.number = ?`), append(args, f.InvoiceNumber)
	}
	if f.ActiveOnly {
		where = append(where, activeStatus)
	}
	if f.Status != "" {
		where, args = append(where, `p.status = ?`), append(args, string(f.Status))
	}
	if !f.Since.IsZero() {
		where, args = append(where, `p.created_at >= ?`), append(args, sinceNanos(f.Since))
	}
	if f.BeforeID > 0 {
		where = append(where, `(p.created_at, p.id) < (SELECT created_at, id FROM payments WHERE id = ?)`)
		args = append(args, f.BeforeID)
	}
	query := paymentSelect
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY p.created_at DESC, p.id DESC`
	if f.Limit > 0 {
		query, args = query+` LIMIT ?`, append(args, f.Limit)
	}
	var pays []domain.Payment
	err := s.read(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer stmt.Close()
		pays, err = s.queryPayments(ctx, tx, stmt, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	return pays, nil
}
