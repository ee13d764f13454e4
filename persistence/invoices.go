package persistence

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/paydesk/paydesk/domain"
)

// invoiceSelect reads invoices with their newest payment in one pass; the
// settlement columns are kept up to date by every payment write, so no
// payment row beyond the newest is visited.
const invoiceSelect = `
SELECT i.id, i.number, i.customer, i.email, i.currency, i.total_minor, i.paid_outside_minor,
       i.issue_date, i.due_date, i.kind, i.source_file, i.source_line, i.imported_at, i.updated_at,
       i.live_paid_minor, i.live_refunded_minor, i.live_charged_back_minor,
       i.test_paid_minor, i.test_refunded_minor, i.test_charged_back_minor,
       p.id, p.mollie_id, p.kind, p.mode, p.status, p.url
FROM invoices i
LEFT JOIN payments p ON p.id = i.last_payment_id`

const (
	invoiceByNumberSQL   = invoiceSelect + ` WHERE i.number = ?`
	invoicesByNumbersSQL = invoiceSelect + ` WHERE i.number IN (SELECT value FROM json_each(?)) ORDER BY i.number`
	allInvoicesSQL       = invoiceSelect + ` ORDER BY i.number`
	countInvoicesSQL     = `SELECT count(*) FROM invoices`
)

// Invoice finds an invoice by number.
func (s *Store) Invoice(ctx context.Context, number string) (domain.Invoice, error) {
	return invoiceByNumber(ctx, s.stmts.invoiceByNumber, number)
}

// invoiceByNumber runs the invoiceByNumber statement, on the pool or bound
// to a transaction.
func invoiceByNumber(ctx context.Context, stmt *sql.Stmt, number string) (domain.Invoice, error) {
	invs, err := queryInvoices(ctx, stmt, 1, number)
	if err != nil {
		return domain.Invoice{}, fmt.Errorf("invoice %s: %w", number, err)
	}
	if len(invs) == 0 {
		return domain.Invoice{}, fmt.Errorf("invoice %s: %w", number, domain.ErrNotFound)
	}
	return invs[0], nil
}

// Invoices lists all invoices, or those f names, ordered by number.
func (s *Store) Invoices(ctx context.Context, f domain.InvoiceFilter) ([]domain.Invoice, error) {
	var invs []domain.Invoice
	err := s.read(ctx, func(tx *sql.Tx) error {
		if f.Numbers != nil {
			numbers, err := json.Marshal(f.Numbers)
			if err != nil {
				return err
			}
			invs, err = queryInvoices(ctx, tx.StmtContext(ctx, s.stmts.invoicesByNumbers), len(f.Numbers), string(numbers))
			return err
		}
		// Counting first saves growing a slice of 100,000 invoices step by
		// step; the read transaction keeps the count exact.
		var n int
		if err := tx.StmtContext(ctx, s.stmts.countInvoices).QueryRowContext(ctx).Scan(&n); err != nil {
			return err
		}
		var err error
		invs, err = queryInvoices(ctx, tx.StmtContext(ctx, s.stmts.allInvoices), n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list invoices: %w", err)
	}
	return invs, nil
}

func queryInvoices(ctx context.Context, stmt *sql.Stmt, capacity int, args ...any) ([]domain.Invoice, error) {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var sc invoiceScanner
	invs := make([]domain.Invoice, 0, capacity)
	for rows.Next() {
		inv, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		invs = append(invs, inv)
	}
	return invs, rows.Err()
}

// invoiceScanner turns rows of invoiceSelect into invoices. It reuses its
// destinations and shares the few distinct strings of the short columns
// (currency, kind, status) among all invoices, which matters when the whole
// list of 100,000 invoices is read at once.
type invoiceScanner struct {
	dest   []any
	row    invoiceRow
	intern map[string]string
}

type invoiceRow struct {
	inv                                      domain.Invoice
	currency, kind                           sql.RawBytes
	total, paidOutside                       int64
	livePaid, liveRefunded, liveChargedBack  int64
	testPaid, testRefunded, testChargedBack  int64
	payID                                    sql.NullInt64
	payMollieID, payKind, payMode, payStatus sql.RawBytes
	payURL                                   string
}

func (sc *invoiceScanner) scan(rows *sql.Rows) (domain.Invoice, error) {
	r := &sc.row
	if sc.dest == nil {
		sc.intern = make(map[string]string)
		sc.dest = []any{
			&r.inv.ID, &r.inv.Number, &r.inv.Customer, &r.inv.Email, &r.currency, &r.total, &r.paidOutside,
			timeCol{&r.inv.IssueDate}, timeCol{&r.inv.DueDate}, &r.kind, &r.inv.SourceFile, &r.inv.SourceLine,
			timeCol{&r.inv.ImportedAt}, timeCol{&r.inv.UpdatedAt},
			&r.livePaid, &r.liveRefunded, &r.liveChargedBack,
			&r.testPaid, &r.testRefunded, &r.testChargedBack,
			&r.payID, &r.payMollieID, &r.payKind, &r.payMode, &r.payStatus, textCol{&r.payURL},
		}
	}
	if err := rows.Scan(sc.dest...); err != nil {
		return domain.Invoice{}, fmt.Errorf("read invoice: %w", err)
	}
	inv := r.inv
	cur := sc.str(r.currency)
	inv.Currency = cur
	inv.Kind = domain.InvoiceKind(sc.str(r.kind))
	inv.Total = domain.NewMoney(r.total, cur)
	inv.PaidOutside = domain.NewMoney(r.paidOutside, cur)
	inv.Live = settlement(cur, r.livePaid, r.liveRefunded, r.liveChargedBack)
	inv.Test = settlement(cur, r.testPaid, r.testRefunded, r.testChargedBack)
	if r.payID.Valid {
		inv.LastPayment = &domain.PaymentRef{
			ID:       r.payID.Int64,
			MollieID: string(r.payMollieID),
			Kind:     domain.PaymentKind(sc.str(r.payKind)),
			Mode:     domain.Mode(sc.str(r.payMode)),
			Status:   domain.Status(sc.str(r.payStatus)),
			URL:      r.payURL,
		}
	}
	return inv, nil
}

// str returns b as a string shared with every equal value seen before;
// looking up m[string(b)] does not allocate.
func (sc *invoiceScanner) str(b []byte) string {
	if s, ok := sc.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	sc.intern[s] = s
	return s
}

func settlement(currency string, paid, refunded, chargedBack int64) domain.Settlement {
	return domain.Settlement{
		Paid:        domain.NewMoney(paid, currency),
		Refunded:    domain.NewMoney(refunded, currency),
		ChargedBack: domain.NewMoney(chargedBack, currency),
	}
}

// RecordExternalPayment adds money received outside Mollie to the invoice.
func (s *Store) RecordExternalPayment(ctx context.Context, p domain.ExternalPayment) (domain.Invoice, error) {
	if p.At.IsZero() {
		return domain.Invoice{}, fmt.Errorf("record payment for invoice %s: the time it was received is missing", p.InvoiceNumber)
	}
	if err := checkTimes(p.At); err != nil {
		return domain.Invoice{}, fmt.Errorf("record payment for invoice %s: %w", p.InvoiceNumber, err)
	}
	if p.Amount.IsZero() {
		return domain.Invoice{}, fmt.Errorf("record payment for invoice %s: the amount is zero, so there is nothing to record", p.InvoiceNumber)
	}
	var inv domain.Invoice
	err := s.write(ctx, func(tx *sql.Tx) error {
		var id int64
		var currency string
		err := tx.QueryRowContext(ctx, `SELECT id, currency FROM invoices WHERE number = ?`, p.InvoiceNumber).Scan(&id, &currency)
		if err != nil {
			return notFound(err, "record payment for invoice %s", p.InvoiceNumber)
		}
		amount, err := minorIn("the amount", p.Amount, currency)
		if err != nil {
			return fmt.Errorf("record payment for invoice %s: %w", p.InvoiceNumber, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO external_payments (invoice_id, amount_minor, note, actor, at) VALUES (?, ?, ?, ?, ?)`,
			id, amount, p.Note, p.Actor, nanos(p.At)); err != nil {
			return fmt.Errorf("record payment for invoice %s: %w", p.InvoiceNumber, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invoices SET paid_outside_minor = paid_outside_minor + ?, updated_at = ? WHERE id = ?`,
			amount, nanos(p.At), id); err != nil {
			return fmt.Errorf("record payment for invoice %s: %w", p.InvoiceNumber, err)
		}
		inv, err = invoiceByNumber(ctx, tx.StmtContext(ctx, s.stmts.invoiceByNumber), p.InvoiceNumber)
		return err
	})
	return inv, err
}
