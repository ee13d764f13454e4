package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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

const paymentOrder = ` ORDER BY p.created_at DESC, p.id DESC`

// queryPayments runs a paymentSelect query and fills in the attempts of the
// payments it found with one more query.
func queryPayments(ctx context.Context, tx pgx.Tx, sql string, args ...any) ([]domain.Payment, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	var (
		pays []domain.Payment
		ids  []int64
	)
	for rows.Next() {
		var (
			p                                     domain.Payment
			currency, kind, mode, status          string
			mollieID                              *string
			amount, refunded, chargedBack         int64
			created                               int64
			expires, paid, canceled, expired, fld *int64
			checked                               *int64
		)
		if err := rows.Scan(&p.ID, &p.InvoiceID, &p.InvoiceNumber, &currency, &kind, &mode, &mollieID, &p.IdempotencyKey,
			&p.Description, &amount, &p.URL, &status, &p.Method, &p.Actor,
			&created, &expires, &paid, &canceled, &expired, &fld, &refunded, &chargedBack, &checked); err != nil {
			rows.Close()
			return nil, err
		}
		p.Kind, p.Mode, p.Status, p.MollieID = domain.PaymentKind(kind), domain.Mode(mode), domain.Status(status), text(mollieID)
		p.Amount = domain.NewMoney(amount, currency)
		p.AmountRefunded, p.AmountChargedBack = domain.NewMoney(refunded, currency), domain.NewMoney(chargedBack, currency)
		p.CreatedAt = time.Unix(0, created).UTC()
		p.ExpiresAt, p.PaidAt, p.CanceledAt = fromNanos(expires), fromNanos(paid), fromNanos(canceled)
		p.ExpiredAt, p.FailedAt, p.CheckedAt = fromNanos(expired), fromNanos(fld), fromNanos(checked)
		pays = append(pays, p)
		ids = append(ids, p.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(pays) == 0 {
		return nil, nil
	}
	return pays, attachAttempts(ctx, tx, pays, ids)
}

func attachAttempts(ctx context.Context, tx pgx.Tx, pays []domain.Payment, ids []int64) error {
	rows, err := tx.Query(ctx, `
SELECT payment_id, mollie_id, status, method, amount_minor, refunded_minor, charged_back_minor,
       created_at, paid_at, canceled_at, expired_at, failed_at
FROM payment_attempts
WHERE payment_id = ANY($1)
ORDER BY payment_id, created_at NULLS FIRST, id`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	at := make(map[int64]int, len(pays))
	for i, p := range pays {
		at[p.ID] = i
	}
	for rows.Next() {
		var (
			a                                      domain.Attempt
			paymentID, amount, refunded, chargedBk int64
			status                                 string
			created, paid, canceled, expired, fld  *int64
		)
		if err := rows.Scan(&paymentID, &a.MollieID, &status, &a.Method, &amount, &refunded, &chargedBk,
			&created, &paid, &canceled, &expired, &fld); err != nil {
			return err
		}
		p := &pays[at[paymentID]]
		c := p.Amount.Currency
		a.Status = domain.Status(status)
		a.Amount, a.AmountRefunded, a.AmountChargedBack = domain.NewMoney(amount, c), domain.NewMoney(refunded, c), domain.NewMoney(chargedBk, c)
		a.CreatedAt, a.PaidAt, a.CanceledAt, a.ExpiredAt, a.FailedAt = fromNanos(created), fromNanos(paid), fromNanos(canceled), fromNanos(expired), fromNanos(fld)
		p.Attempts = append(p.Attempts, a)
	}
	return rows.Err()
}

// ReservePayment locks the invoice's row, so that reserves of one invoice
// from any number of machines take turns, lets decide choose between its
// payments and a new one, and inserts the new one in the same transaction.
func (s *Store) ReservePayment(ctx context.Context, invoiceNumber string, decide func(domain.Invoice, []domain.Payment) (domain.Plan, error)) (domain.Plan, error) {
	var plan domain.Plan
	err := s.write(ctx, func(tx pgx.Tx) error {
		inv, err := invoiceByNumber(ctx, tx, invoiceNumber, true)
		if err != nil {
			return err
		}
		pays, err := queryPayments(ctx, tx, paymentSelect+` WHERE p.invoice_id = $1`+paymentOrder, inv.ID)
		if err != nil {
			return fmt.Errorf("payments of invoice %s: %w", invoiceNumber, err)
		}
		plan, err = decide(inv, pays)
		if err != nil || plan.New == nil {
			return err
		}
		return insertPayment(ctx, tx, inv, plan.New)
	})
	return plan, err
}

const paymentColumns = `kind, mode, mollie_id, idempotency_key, description, amount_minor, url, status, method, actor,
created_at, expires_at, paid_at, canceled_at, expired_at, failed_at, refunded_minor, charged_back_minor, checked_at, invoice_id`

func insertPayment(ctx context.Context, tx pgx.Tx, inv domain.Invoice, p *domain.Payment) error {
	if p.InvoiceID != 0 && p.InvoiceID != inv.ID {
		return fmt.Errorf("new payment for invoice %s names another invoice (id %d)", inv.Number, p.InvoiceID)
	}
	p.InvoiceID, p.InvoiceNumber = inv.ID, inv.Number
	args, err := paymentArgs(*p, inv.Currency)
	if err != nil {
		return fmt.Errorf("new payment for invoice %s: %w", inv.Number, err)
	}
	err = tx.QueryRow(ctx, `INSERT INTO payments (`+paymentColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id`, args...).Scan(&p.ID)
	if err != nil {
		return paymentWriteError(err, "new %s payment for invoice %s", p.Mode, inv.Number)
	}
	if err := writeAttempts(ctx, tx, p.ID, p.Attempts, inv.Currency); err != nil {
		return err
	}
	return resettle(ctx, tx, inv.ID, inv.Currency)
}

// paymentArgs are p's columns in the order of paymentColumns.
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
	if p.CreatedAt.IsZero() {
		return nil, errors.New("the creation time is missing")
	}
	if err := domain.StorableTimes(p.CreatedAt, p.ExpiresAt, p.PaidAt, p.CanceledAt, p.ExpiredAt, p.FailedAt, p.CheckedAt); err != nil {
		return nil, err
	}
	var minors [3]int64
	for i, m := range []struct {
		what  string
		money domain.Money
	}{{"the amount", p.Amount}, {"the refunded amount", p.AmountRefunded}, {"the charged back amount", p.AmountChargedBack}} {
		v, err := minorIn(m.what, m.money, currency)
		if err != nil {
			return nil, err
		}
		minors[i] = v
	}
	return []any{
		string(p.Kind), string(p.Mode), nullText(p.MollieID), p.IdempotencyKey, p.Description, minors[0], p.URL,
		string(p.Status), p.Method, p.Actor,
		nanos(p.CreatedAt), nanos(p.ExpiresAt), nanos(p.PaidAt), nanos(p.CanceledAt), nanos(p.ExpiredAt), nanos(p.FailedAt),
		minors[1], minors[2], nanos(p.CheckedAt), p.InvoiceID,
	}, nil
}

// paymentWriteError makes a unique violation an ErrConflict: another active
// payment of the invoice, or a Mollie id already on another row.
func paymentWriteError(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if isUnique(err) {
		return fmt.Errorf("%s: %w: %w", what, domain.ErrConflict, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// writeAttempts makes the stored attempts of a payment exactly as, keyed
// by their Mollie id; an id already under another payment is an ErrConflict.
func writeAttempts(ctx context.Context, tx pgx.Tx, paymentID int64, as []domain.Attempt, currency string) error {
	ids := make([]string, 0, len(as))
	for _, a := range as {
		if a.MollieID == "" || a.Status == "" {
			return fmt.Errorf("attempt of payment %d: the Mollie id or the status is empty", paymentID)
		}
		if err := domain.StorableTimes(a.CreatedAt, a.PaidAt, a.CanceledAt, a.ExpiredAt, a.FailedAt); err != nil {
			return fmt.Errorf("attempt %s of payment %d: %w", a.MollieID, paymentID, err)
		}
		var minors [3]int64
		for i, m := range []domain.Money{a.Amount, a.AmountRefunded, a.AmountChargedBack} {
			v, err := minorIn("an amount", m, currency)
			if err != nil {
				return fmt.Errorf("attempt %s of payment %d: %w", a.MollieID, paymentID, err)
			}
			minors[i] = v
		}
		tag, err := tx.Exec(ctx, `
INSERT INTO payment_attempts (payment_id, mollie_id, status, method, amount_minor, refunded_minor, charged_back_minor,
                              created_at, paid_at, canceled_at, expired_at, failed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (mollie_id) DO UPDATE SET
    status = excluded.status, method = excluded.method, amount_minor = excluded.amount_minor,
    refunded_minor = excluded.refunded_minor, charged_back_minor = excluded.charged_back_minor,
    created_at = excluded.created_at, paid_at = excluded.paid_at, canceled_at = excluded.canceled_at,
    expired_at = excluded.expired_at, failed_at = excluded.failed_at
WHERE payment_attempts.payment_id = excluded.payment_id`,
			paymentID, a.MollieID, string(a.Status), a.Method, minors[0], minors[1], minors[2],
			nanos(a.CreatedAt), nanos(a.PaidAt), nanos(a.CanceledAt), nanos(a.ExpiredAt), nanos(a.FailedAt))
		if err != nil {
			return fmt.Errorf("attempt %s of payment %d: %w", a.MollieID, paymentID, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("attempt %s of payment %d is already stored under another payment: %w", a.MollieID, paymentID, domain.ErrConflict)
		}
		ids = append(ids, a.MollieID)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM payment_attempts WHERE payment_id = $1 AND NOT (mollie_id = ANY($2))`, paymentID, ids); err != nil {
		return fmt.Errorf("attempts of payment %d: %w", paymentID, err)
	}
	return nil
}

// resettle recomputes the invoice's settlement columns from all its
// payments, and its newest payment. The invoice's row is locked by the
// caller's transaction, so no other writer moves them meanwhile.
func resettle(ctx context.Context, tx pgx.Tx, invoiceID int64, currency string) error {
	pays, err := queryPayments(ctx, tx, paymentSelect+` WHERE p.invoice_id = $1`+paymentOrder, invoiceID)
	if err != nil {
		return fmt.Errorf("settle invoice %d: %w", invoiceID, err)
	}
	live, test := domain.Settle(currency, pays)
	var last *int64
	if len(pays) > 0 {
		last = &pays[0].ID
	}
	_, err = tx.Exec(ctx, `
UPDATE invoices SET live_paid_minor = $1, live_refunded_minor = $2, live_charged_back_minor = $3,
       test_paid_minor = $4, test_refunded_minor = $5, test_charged_back_minor = $6, last_payment_id = $7
WHERE id = $8`,
		live.Paid.Minor, live.Refunded.Minor, live.ChargedBack.Minor, test.Paid.Minor, test.Refunded.Minor, test.ChargedBack.Minor, last, invoiceID)
	if err != nil {
		return fmt.Errorf("settle invoice %d: %w", invoiceID, err)
	}
	return nil
}

// lockPayment takes the row lock of the payment's invoice, then reads the
// payment: the lock order of ReservePayment, so the two never deadlock.
func lockPayment(ctx context.Context, tx pgx.Tx, id int64) (domain.Payment, error) {
	var invoiceID int64
	err := tx.QueryRow(ctx, `SELECT invoice_id FROM payments WHERE id = $1`, id).Scan(&invoiceID)
	if err != nil {
		return domain.Payment{}, notFound(err, "payment %d", id)
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM invoices WHERE id = $1 FOR UPDATE`, invoiceID); err != nil {
		return domain.Payment{}, fmt.Errorf("payment %d: %w", id, err)
	}
	return paymentByID(ctx, tx, id)
}

// UpdatePayment loads the payment, lets change edit it and writes it back
// with its attempts and its invoice's settlement.
func (s *Store) UpdatePayment(ctx context.Context, id int64, change func(*domain.Payment) error) (domain.Payment, error) {
	var out domain.Payment
	err := s.write(ctx, func(tx pgx.Tx) error {
		old, err := lockPayment(ctx, tx, id)
		if err != nil {
			return err
		}
		p := old
		p.Attempts = slices.Clone(old.Attempts)
		if err := change(&p); err != nil {
			return err
		}
		if p.ID != old.ID || p.InvoiceID != old.InvoiceID {
			return fmt.Errorf("payment %d: a change may not move the row to another id or invoice", id)
		}
		currency := old.Amount.Currency
		args, err := paymentArgs(p, currency)
		if err != nil {
			return fmt.Errorf("payment %d: %w", id, err)
		}
		_, err = tx.Exec(ctx, `
UPDATE payments SET kind = $1, mode = $2, mollie_id = $3, idempotency_key = $4, description = $5, amount_minor = $6, url = $7,
       status = $8, method = $9, actor = $10, created_at = $11, expires_at = $12, paid_at = $13, canceled_at = $14,
       expired_at = $15, failed_at = $16, refunded_minor = $17, charged_back_minor = $18, checked_at = $19
WHERE invoice_id = $20 AND id = $21`, append(args, id)...)
		if err != nil {
			return paymentWriteError(err, "payment %d", id)
		}
		if !slices.Equal(p.Attempts, old.Attempts) {
			if err := writeAttempts(ctx, tx, id, p.Attempts, currency); err != nil {
				return err
			}
		}
		if err := resettle(ctx, tx, p.InvoiceID, currency); err != nil {
			return err
		}
		out, err = paymentByID(ctx, tx, id)
		return err
	})
	return out, err
}

// DeletePayment removes a payment still in "creating", which Mollie never
// confirmed.
func (s *Store) DeletePayment(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx pgx.Tx) error {
		p, err := lockPayment(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("delete %w", err)
		}
		if p.Status != domain.StatusCreating {
			return fmt.Errorf("delete payment %d: it is %s, and only a payment still being created may be deleted: %w", id, p.Status, domain.ErrConflict)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM payments WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete payment %d: %w", id, err)
		}
		return resettle(ctx, tx, p.InvoiceID, p.Amount.Currency)
	})
}

func paymentByID(ctx context.Context, tx pgx.Tx, id int64) (domain.Payment, error) {
	pays, err := queryPayments(ctx, tx, paymentSelect+` WHERE p.id = $1`, id)
	if err != nil {
		return domain.Payment{}, fmt.Errorf("payment %d: %w", id, err)
	}
	if len(pays) == 0 {
		return domain.Payment{}, fmt.Errorf("payment %d: %w", id, domain.ErrNotFound)
	}
	return pays[0], nil
}

// Payment finds a payment row by its id.
func (s *Store) Payment(ctx context.Context, id int64) (domain.Payment, error) {
	var p domain.Payment
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		p, err = paymentByID(ctx, tx, id)
		return err
	})
	return p, err
}

// PaymentByMollieID finds the row of a pl_… or tr_… id, or the link under
// which a tr_… attempt was made.
func (s *Store) PaymentByMollieID(ctx context.Context, mollieID string) (domain.Payment, error) {
	var p domain.Payment
	err := s.read(ctx, func(tx pgx.Tx) error {
		pays, err := queryPayments(ctx, tx, paymentSelect+`
WHERE p.mollie_id = $1 OR p.id = (SELECT payment_id FROM payment_attempts WHERE mollie_id = $1)`, mollieID)
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

// Payments lists payments newest first, narrowed by f.
func (s *Store) Payments(ctx context.Context, f domain.PaymentFilter) ([]domain.Payment, error) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.InvoiceNumber != "" {
		where = append(where, `i.number = `+arg(f.InvoiceNumber))
	}
	if f.ActiveOnly {
		where = append(where, activeStatus)
	}
	if f.Status != "" {
		where = append(where, `p.status = `+arg(string(f.Status)))
	}
	if !f.Since.IsZero() {
		where = append(where, `p.created_at >= `+arg(sinceNanos(f.Since)))
	}
	if f.BeforeID > 0 {
		where = append(where, `(p.created_at, p.id) < (SELECT created_at, id FROM payments WHERE id = `+arg(f.BeforeID)+`)`)
	}
	query := paymentSelect
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += paymentOrder
	if f.Limit > 0 {
		query += ` LIMIT ` + arg(f.Limit)
	}
	var pays []domain.Payment
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		pays, err = queryPayments(ctx, tx, query, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	return pays, nil
}

// sinceNanos is t as a lower bound; a time outside what columns hold
// becomes the smallest or largest bound.
func sinceNanos(t time.Time) int64 {
	switch {
	case domain.StorableTimes(t) == nil:
		return t.UnixNano()
	case t.Year() < 1970:
		return -1 << 63
	}
	return 1<<63 - 1
}
