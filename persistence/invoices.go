package persistence

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/paydesk/paydesk/domain"
)

const (
	invoiceByNumberSQL   = invoiceSelect + ` WHERE i.number = ?`
	invoicesByNumbersSQL = invoiceSelect + ` WHERE i.number IN (SELECT value FROM json_each(?)) ORDER BY i.number`
	// In table order: walking the number index costs SQLite a quarter more
	// than sorting the rows in Go afterwards.
	allInvoicesSQL   = invoiceSelect
	countInvoicesSQL = `SELECT count(*) FROM invoices`
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
		// Byte order, as SQLite's BINARY collation orders the number index.
		slices.SortFunc(invs, func(a, b domain.Invoice) int { return strings.Compare(a.Number, b.Number) })
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

// RecordExternalPayment adds money received outside Mollie to the invoice.
func (s *Store) RecordExternalPayment(ctx context.Context, p domain.ExternalPayment) (domain.Invoice, error) {
	if p.At.IsZero() {
		return domain.Invoice{}, fmt.Errorf("record payment for invoice %s: the time it was received is missing", p.InvoiceNumber)
	}
	if err := domain.StorableTimes(p.At); err != nil {
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO external_payments (invoice_id, amount_minor, note, actor, at, reverses) VALUES (?, ?, ?, ?, ?, ?)`,
			id, amount, p.Note, p.Actor, nanos(p.At), reversesCol(p.Reverses)); err != nil {
			if isUnique(err) {
				return fmt.Errorf("record payment for invoice %s: entry %d is already reversed: %w", p.InvoiceNumber, p.Reverses, domain.ErrConflict)
			}
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

// reversesCol is the column value of a counter-entry's reference.
func reversesCol(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// ExternalPayments lists an invoice's manual entries, oldest first.
func (s *Store) ExternalPayments(ctx context.Context, number string) ([]domain.ExternalPayment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.amount_minor, i.currency, e.note, e.actor, e.at, COALESCE(e.reverses, 0)
FROM external_payments e JOIN invoices i ON i.id = e.invoice_id WHERE i.number = ? ORDER BY e.id`, number)
	if err != nil {
		return nil, fmt.Errorf("manual payments of %s: %w", number, err)
	}
	defer rows.Close()
	var out []domain.ExternalPayment
	for rows.Next() {
		p := domain.ExternalPayment{InvoiceNumber: number}
		var minor int64
		if err := rows.Scan(&p.ID, &minor, &p.Amount.Currency, &p.Note, &p.Actor, timeCol{&p.At}, &p.Reverses); err != nil {
			return nil, fmt.Errorf("manual payments of %s: %w", number, err)
		}
		p.Amount.Minor = minor
		out = append(out, p)
	}
	return out, rows.Err()
}
