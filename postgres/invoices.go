package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/importcheck"
)

const invoiceSelect = `
SELECT i.id, i.number, i.customer, i.email, i.currency, i.total_minor, i.paid_outside_minor,
       i.issue_date, i.due_date, i.kind, i.discounts, i.source_file, i.source_line, i.imported_at, i.updated_at,
       i.live_paid_minor, i.live_refunded_minor, i.live_charged_back_minor,
       i.test_paid_minor, i.test_refunded_minor, i.test_charged_back_minor,
       p.id, p.mollie_id, p.kind, p.mode, p.status, p.url
FROM invoices i
LEFT JOIN payments p ON p.id = i.last_payment_id`

// scanInvoice reads one invoiceSelect row. Nullable columns scan into
// pgtype values rather than pointers, which would allocate for every
// column of 100,000 rows.
func scanInvoice(rows pgx.Rows) (domain.Invoice, error) {
	var (
		inv                                    domain.Invoice
		total, paidOutside, line               int64
		issue, due, imported, updated          pgtype.Int8
		kind, discounts                        string
		lp, lr, lc, tp, tr, tc                 int64
		payID                                  pgtype.Int8
		payMollie, payKind, payMode, payStatus pgtype.Text
		u                                      pgtype.Text
	)
	err := rows.Scan(&inv.ID, &inv.Number, &inv.Customer, &inv.Email, &inv.Currency, &total, &paidOutside,
		&issue, &due, &kind, &discounts, &inv.SourceFile, &line, &imported, &updated,
		&lp, &lr, &lc, &tp, &tr, &tc, &payID, &payMollie, &payKind, &payMode, &payStatus, &u)
	if err != nil {
		return inv, err
	}
	if discounts != "" {
		if inv.Discounts, err = domain.ParseDiscounts(discounts); err != nil {
			return inv, fmt.Errorf("invoice %s: %w", inv.Number, err)
		}
	}
	c := inv.Currency
	inv.Total, inv.PaidOutside = domain.NewMoney(total, c), domain.NewMoney(paidOutside, c)
	inv.IssueDate, inv.DueDate = timeOf(issue), timeOf(due)
	inv.Kind, inv.SourceLine = domain.InvoiceKind(kind), int(line)
	inv.ImportedAt, inv.UpdatedAt = timeOf(imported), timeOf(updated)
	inv.Live = domain.Settlement{Paid: domain.NewMoney(lp, c), Refunded: domain.NewMoney(lr, c), ChargedBack: domain.NewMoney(lc, c)}
	inv.Test = domain.Settlement{Paid: domain.NewMoney(tp, c), Refunded: domain.NewMoney(tr, c), ChargedBack: domain.NewMoney(tc, c)}
	if payID.Valid {
		inv.LastPayment = &domain.PaymentRef{ID: payID.Int64, MollieID: payMollie.String, Kind: domain.PaymentKind(payKind.String),
			Mode: domain.Mode(payMode.String), Status: domain.Status(payStatus.String), URL: u.String}
	}
	return inv, nil
}

// timeOf is the time a nullable nanosecond column holds.
func timeOf(n pgtype.Int8) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

func queryInvoices(ctx context.Context, q pgx.Tx, sql string, args ...any) ([]domain.Invoice, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var invs []domain.Invoice
	for rows.Next() {
		inv, err := scanInvoice(rows)
		if err != nil {
			return nil, err
		}
		invs = append(invs, inv)
	}
	return invs, rows.Err()
}

// invoiceByNumber reads one invoice; lock takes its row lock, so that
// writers of its payments take turns.
func invoiceByNumber(ctx context.Context, tx pgx.Tx, number string, lock bool) (domain.Invoice, error) {
	query := invoiceSelect + ` WHERE i.number = $1`
	if lock {
		query += ` FOR UPDATE OF i`
	}
	invs, err := queryInvoices(ctx, tx, query, number)
	if err != nil {
		return domain.Invoice{}, fmt.Errorf("invoice %s: %w", number, err)
	}
	if len(invs) == 0 {
		return domain.Invoice{}, fmt.Errorf("invoice %s: %w", number, domain.ErrNotFound)
	}
	return invs[0], nil
}

// Invoice finds an invoice by number.
func (s *Store) Invoice(ctx context.Context, number string) (domain.Invoice, error) {
	var inv domain.Invoice
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		inv, err = invoiceByNumber(ctx, tx, number, false)
		return err
	})
	return inv, err
}

// Invoices lists all invoices, or those f names, ordered by number.
func (s *Store) Invoices(ctx context.Context, f domain.InvoiceFilter) ([]domain.Invoice, error) {
	var invs []domain.Invoice
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		if f.Numbers != nil {
			invs, err = queryInvoices(ctx, tx, invoiceSelect+` WHERE i.number = ANY($1) ORDER BY i.number`, f.Numbers)
		} else {
			invs, err = queryInvoices(ctx, tx, invoiceSelect+` ORDER BY i.number`)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list invoices: %w", err)
	}
	if invs == nil {
		invs = []domain.Invoice{}
	}
	return invs, nil
}

// RecordExternalPayment adds money received outside Mollie to the invoice.
func (s *Store) RecordExternalPayment(ctx context.Context, p domain.ExternalPayment) (domain.Invoice, error) {
	what := "record payment for invoice " + p.InvoiceNumber
	switch {
	case p.At.IsZero():
		return domain.Invoice{}, fmt.Errorf("%s: the time it was received is missing", what)
	case domain.StorableTimes(p.At) != nil:
		return domain.Invoice{}, fmt.Errorf("%s: %w", what, domain.StorableTimes(p.At))
	case p.Amount.IsZero():
		return domain.Invoice{}, fmt.Errorf("%s: the amount is zero, so there is nothing to record", what)
	}
	var inv domain.Invoice
	err := s.write(ctx, func(tx pgx.Tx) error {
		var id int64
		var currency string
		err := tx.QueryRow(ctx, `SELECT id, currency FROM invoices WHERE number = $1 FOR UPDATE`, p.InvoiceNumber).Scan(&id, &currency)
		if err != nil {
			return notFound(err, "%s", what)
		}
		amount, err := minorIn("the amount", p.Amount, currency)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		var reverses *int64
		if p.Reverses != 0 {
			reverses = &p.Reverses
		}
		if _, err := tx.Exec(ctx, `INSERT INTO external_payments (invoice_id, amount_minor, note, actor, at, reverses) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, amount, p.Note, p.Actor, nanos(p.At), reverses); err != nil {
			if isUnique(err) {
				return fmt.Errorf("%s: entry %d is already reversed: %w", what, p.Reverses, domain.ErrConflict)
			}
			return fmt.Errorf("%s: %w", what, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE invoices SET paid_outside_minor = paid_outside_minor + $1, updated_at = $2 WHERE id = $3`,
			amount, nanos(p.At), id); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		inv, err = invoiceByNumber(ctx, tx, p.InvoiceNumber, false)
		return err
	})
	return inv, err
}

// ImportInvoices adds new invoices and updates known ones by number, in one
// transaction, under the same rules as the SQLite store: an invoice with
// payments keeps its amounts and currency, money recorded by hand survives.
func (s *Store) ImportInvoices(ctx context.Context, invoices []domain.Invoice, now time.Time) (domain.ImportResult, error) {
	return s.ImportBatches(ctx, now, domain.OneBatch(invoices))
}

// ImportBatches writes the batches next returns in one transaction, under
// the rules of ImportInvoices. The first batch is read before the table is
// locked, so that others write on while a large file is scanned.
func (s *Store) ImportBatches(ctx context.Context, now time.Time, next func() ([]domain.Invoice, error)) (domain.ImportResult, error) {
	if err := domain.StorableTimes(now); err != nil {
		return domain.ImportResult{}, fmt.Errorf("import: %w", err)
	}
	first, err := next()
	if err != nil {
		return domain.ImportResult{}, err
	}
	var (
		res      domain.ImportResult
		consumed bool // a batch after the first was taken: a retry would lose it
	)
	err = s.write(ctx, func(tx pgx.Tx) error {
		if consumed {
			return domain.Fail(domain.WhyImportCut)
		}
		// One importer at a time, so that two adding the same new number
		// do not both plan an insert. EXCLUSIVE also waits for every
		// writer holding an invoice's row lock, which would otherwise wait
		// for the import in turn: readers carry on.
		if _, err := tx.Exec(ctx, `LOCK TABLE invoices IN EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		im := importRun{tx: tx, ts: nanos(now)}
		for batch := first; len(batch) > 0; {
			if err := im.batch(ctx, batch); err != nil {
				return err
			}
			consumed = true
			var err error
			if batch, err = next(); err != nil {
				return err
			}
		}
		res, err = im.run.Finish()
		return err
	})
	if err != nil {
		return domain.ImportResult{}, err
	}
	return res, nil
}

// importRun is one import under way in a write transaction: what it wrote,
// and what it refused so far. Once anything is refused it only checks the
// rest, so that every refusal is reported, and writes nothing more.
type importRun struct {
	tx  pgx.Tx
	ts  any // now, as stored
	run importcheck.Run
}

// batch checks one batch against what is stored (and what the run wrote
// before it) and writes it.
func (im *importRun) batch(ctx context.Context, invoices []domain.Invoice) error {
	steps, err := im.run.Batch(invoices, func(inv domain.Invoice) error { return domain.StorableTimes(inv.IssueDate, inv.DueDate) },
		func(batch []domain.Invoice) (map[string]importcheck.Stored, []string, error) {
			return storedInvoices(ctx, im.tx, batch)
		})
	if err != nil || len(steps) == 0 {
		return err
	}
	return im.write(ctx, steps)
}

// storedInvoices reads the stored invoices whose numbers equal one of the
// batch's when letter case is ignored, through the index of folded
// numbers. known holds those with the very number, similar every number
// found.
func storedInvoices(ctx context.Context, tx pgx.Tx, batch []domain.Invoice) (map[string]importcheck.Stored, []string, error) {
	folds := make([]string, len(batch))
	for i, inv := range batch {
		folds[i] = domain.Fold(inv.Number)
	}
	rows, err := tx.Query(ctx, `
SELECT id, number, customer, email, currency, total_minor, prepaid_minor, issue_date, due_date, kind, discounts,
       EXISTS (SELECT 1 FROM payments WHERE invoice_id = invoices.id),
       EXISTS (SELECT 1 FROM external_payments WHERE invoice_id = invoices.id)
FROM invoices WHERE number_fold = ANY($1)`, folds)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	known := map[string]importcheck.Stored{}
	var similar []string
	for rows.Next() {
		var (
			old             importcheck.Stored
			total, prepaid  int64
			issue, due      *int64
			kind, discounts string
		)
		inv := &old.Invoice
		if err := rows.Scan(&inv.ID, &inv.Number, &inv.Customer, &inv.Email, &inv.Currency, &total, &prepaid,
			&issue, &due, &kind, &discounts, &old.HasPayments, &old.HasExternal); err != nil {
			return nil, nil, err
		}
		var err error
		if inv.Discounts, err = domain.ParseDiscounts(discounts); err != nil {
			return nil, nil, fmt.Errorf("invoice %s: %w", inv.Number, err)
		}
		inv.Kind = domain.InvoiceKind(kind)
		inv.Total, inv.PaidOutside = domain.NewMoney(total, inv.Currency), domain.NewMoney(prepaid, inv.Currency)
		inv.IssueDate, inv.DueDate = fromNanos(issue), fromNanos(due)
		known[inv.Number] = old
		similar = append(similar, inv.Number)
	}
	return known, similar, rows.Err()
}

// write adds and updates the planned steps: new invoices go in with COPY,
// changed ones in one batch of updates, a round trip each.
func (im *importRun) write(ctx context.Context, steps []importcheck.Step) error {
	var adds [][]any
	b := &pgx.Batch{}
	for _, st := range steps {
		inv := st.Invoice
		if st.ID == 0 {
			adds = append(adds, []any{inv.Number, domain.Fold(inv.Number), inv.Customer, domain.Fold(inv.Customer), inv.Email, inv.Currency, inv.Total.Minor,
				inv.PaidOutside.Minor, inv.PaidOutside.Minor, nanos(inv.IssueDate), nanos(inv.DueDate), string(inv.Kind),
				inv.SourceFile, int64(inv.SourceLine), im.ts, im.ts, domain.FormatDiscounts(inv.Discounts)})
			continue
		}
		// paid_outside_minor keeps what was recorded by hand: only the
		// document's prepaid part is swapped.
		b.Queue(`
UPDATE invoices SET customer = $1, email = $2, currency = $3, total_minor = $4,
       paid_outside_minor = paid_outside_minor - prepaid_minor + $5, prepaid_minor = $5,
       issue_date = $6, due_date = $7, kind = $8, source_file = $9, source_line = $10, updated_at = $11, discounts = $13,
       customer_fold = $14
WHERE id = $12`,
			inv.Customer, inv.Email, inv.Currency, inv.Total.Minor, inv.PaidOutside.Minor,
			nanos(inv.IssueDate), nanos(inv.DueDate), string(inv.Kind), inv.SourceFile, inv.SourceLine, im.ts, st.ID,
			domain.FormatDiscounts(inv.Discounts), domain.Fold(inv.Customer))
	}
	if len(adds) > 0 {
		n, err := im.tx.CopyFrom(ctx, pgx.Identifier{"invoices"}, []string{"number", "number_fold", "customer", "customer_fold", "email", "currency",
			"total_minor", "prepaid_minor", "paid_outside_minor", "issue_date", "due_date", "kind", "source_file", "source_line",
			"imported_at", "updated_at", "discounts"}, pgx.CopyFromRows(adds))
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		im.run.Result.Added += int(n)
	}
	if b.Len() > 0 {
		if err := im.tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		im.run.Result.Updated += b.Len()
	}
	return nil
}

// ExternalPayments lists an invoice's manual entries, oldest first.
func (s *Store) ExternalPayments(ctx context.Context, number string) ([]domain.ExternalPayment, error) {
	rows, err := s.pool.Query(ctx, `SELECT e.id, e.amount_minor, i.currency, e.note, e.actor, e.at, COALESCE(e.reverses, 0)
FROM external_payments e JOIN invoices i ON i.id = e.invoice_id WHERE i.number = $1 ORDER BY e.id`, number)
	if err != nil {
		return nil, fmt.Errorf("manual payments of %s: %w", number, err)
	}
	defer rows.Close()
	var out []domain.ExternalPayment
	for rows.Next() {
		p := domain.ExternalPayment{InvoiceNumber: number}
		var at *int64
		if err := rows.Scan(&p.ID, &p.Amount.Minor, &p.Amount.Currency, &p.Note, &p.Actor, &at, &p.Reverses); err != nil {
			return nil, fmt.Errorf("manual payments of %s: %w", number, err)
		}
		p.At = fromNanos(at)
		out = append(out, p)
	}
	return out, rows.Err()
}
