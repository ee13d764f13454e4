package persistence

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/importcheck"
)

// ImportInvoices adds new invoices and updates known ones by number, in one
// transaction. An invoice that already has payment rows keeps its amounts
// and currency: if the batch would change them, nothing is imported and an
// *ImportConflictError lists every such invoice.
func (s *Store) ImportInvoices(ctx context.Context, invoices []domain.Invoice, now time.Time) (domain.ImportResult, error) {
	return s.ImportBatches(ctx, now, domain.OneBatch(invoices))
}

// ImportBatches writes the batches next returns in one transaction, under
// the rules of ImportInvoices. The first batch is read before the write
// lock is taken, so that others write on while a large file is scanned.
func (s *Store) ImportBatches(ctx context.Context, now time.Time, next func() ([]domain.Invoice, error)) (domain.ImportResult, error) {
	if err := checkTimes(now); err != nil {
		return domain.ImportResult{}, fmt.Errorf("import: %w", err)
	}
	batch, err := next()
	if err != nil {
		return domain.ImportResult{}, err
	}
	var res domain.ImportResult
	err = s.write(ctx, func(tx *sql.Tx) error {
		im, err := startImport(ctx, tx, now)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer im.close()
		for len(batch) > 0 {
			if err := im.batch(ctx, batch); err != nil {
				return err
			}
			if batch, err = next(); err != nil {
				return err
			}
		}
		res, err = im.finish()
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
	tx          *sql.Tx
	ts          any // now, as stored
	add, update *sql.Stmt
	res         domain.ImportResult
	clashes     []error
	conflicts   []domain.ImportConflict
}

func startImport(ctx context.Context, tx *sql.Tx, now time.Time) (*importRun, error) {
	im := &importRun{tx: tx, ts: nanos(now)}
	var err error
	im.add, err = tx.PrepareContext(ctx, `
INSERT INTO invoices (number, number_fold, customer, customer_fold, email, currency, total_minor, prepaid_minor, paid_outside_minor,
                      issue_date, due_date, kind, discounts, source_file, source_line, imported_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	// paid_outside_minor keeps what was recorded by hand: only the
	// document's prepaid part is swapped.
	im.update, err = tx.PrepareContext(ctx, `
UPDATE invoices SET customer = ?, customer_fold = ?, email = ?, currency = ?, total_minor = ?,
       paid_outside_minor = paid_outside_minor - prepaid_minor + ?, prepaid_minor = ?,
       issue_date = ?, due_date = ?, kind = ?, discounts = ?, source_file = ?, source_line = ?, updated_at = ?
WHERE id = ?`)
	if err != nil {
		im.add.Close()
		return nil, err
	}
	return im, nil
}

func (im *importRun) close() {
	im.add.Close()
	im.update.Close()
}

// batch checks one batch against what is stored (and what the run wrote
// before it) and writes it.
func (im *importRun) batch(ctx context.Context, invoices []domain.Invoice) error {
	batch, dupes, err := importcheck.Batch(invoices, func(inv domain.Invoice) error { return checkTimes(inv.IssueDate, inv.DueDate) })
	if err != nil {
		return err
	}
	im.res.Unchanged += dupes
	known, similar, err := storedInvoices(ctx, im.tx, batch)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	numbers := make([]string, len(batch))
	for i, inv := range batch {
		numbers[i] = inv.Number
	}
	im.clashes = append(im.clashes, domain.CaseClashes(numbers, similar)...)
	steps, conflicts := importcheck.Plan(batch, known)
	im.conflicts = append(im.conflicts, conflicts...)
	im.res.Unchanged += len(batch) - len(steps)
	if len(im.clashes) > 0 || len(im.conflicts) > 0 {
		return nil
	}
	return im.write(ctx, steps)
}

// finish says what the run did, or why nothing of it may be kept.
func (im *importRun) finish() (domain.ImportResult, error) {
	switch {
	case len(im.clashes) > 0:
		return domain.ImportResult{}, errors.Join(im.clashes...)
	case len(im.conflicts) > 0:
		return domain.ImportResult{}, &domain.ImportConflictError{Conflicts: im.conflicts}
	}
	return im.res, nil
}

// storedInvoices reads the stored invoices whose numbers equal one of the
// batch's when letter case is ignored, all in one query through the index
// of folded numbers: the numbers go in as one JSON array. known holds
// those with the very number, similar every number found.
func storedInvoices(ctx context.Context, tx *sql.Tx, batch []domain.Invoice) (map[string]importcheck.Stored, []string, error) {
	folds := make([]string, len(batch))
	for i, inv := range batch {
		folds[i] = domain.Fold(inv.Number)
	}
	list, err := json.Marshal(folds)
	if err != nil {
		return nil, nil, err
	}
	rows, err := tx.QueryContext(ctx, `
SELECT id, number, customer, email, currency, total_minor, prepaid_minor, issue_date, due_date, kind, discounts,
       EXISTS (SELECT 1 FROM payments WHERE invoice_id = invoices.id),
       EXISTS (SELECT 1 FROM external_payments WHERE invoice_id = invoices.id)
FROM invoices
WHERE number_fold IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	known := make(map[string]importcheck.Stored)
	var similar []string
	for rows.Next() {
		var (
			old             importcheck.Stored
			total, prepaid  int64
			kind, discounts string
		)
		inv := &old.Invoice
		err := rows.Scan(&inv.ID, &inv.Number, &inv.Customer, &inv.Email, &inv.Currency, &total, &prepaid,
			timeCol{&inv.IssueDate}, timeCol{&inv.DueDate}, &kind, &discounts, &old.HasPayments, &old.HasExternal)
		if err != nil {
			return nil, nil, err
		}
		if inv.Discounts, err = domain.ParseDiscounts(discounts); err != nil {
			return nil, nil, fmt.Errorf("invoice %s: %w", inv.Number, err)
		}
		inv.Kind = domain.InvoiceKind(kind)
		inv.Total = domain.NewMoney(total, inv.Currency)
		inv.PaidOutside = domain.NewMoney(prepaid, inv.Currency)
		known[inv.Number] = old
		similar = append(similar, inv.Number)
	}
	return known, similar, rows.Err()
}

// write adds and updates the planned steps.
func (im *importRun) write(ctx context.Context, steps []importcheck.Step) error {
	for _, st := range steps {
		inv := st.Invoice
		var err error
		if st.ID == 0 {
			_, err = im.add.ExecContext(ctx, inv.Number, domain.Fold(inv.Number), inv.Customer, domain.Fold(inv.Customer), inv.Email, inv.Currency, inv.Total.Minor, inv.PaidOutside.Minor,
				inv.PaidOutside.Minor, nanos(inv.IssueDate), nanos(inv.DueDate), string(inv.Kind), domain.FormatDiscounts(inv.Discounts), inv.SourceFile, inv.SourceLine, im.ts, im.ts)
			im.res.Added++
		} else {
			_, err = im.update.ExecContext(ctx, inv.Customer, domain.Fold(inv.Customer), inv.Email, inv.Currency, inv.Total.Minor, inv.PaidOutside.Minor,
				inv.PaidOutside.Minor, nanos(inv.IssueDate), nanos(inv.DueDate), string(inv.Kind), domain.FormatDiscounts(inv.Discounts), inv.SourceFile, inv.SourceLine, im.ts, st.ID)
			im.res.Updated++
		}
		if err != nil {
			return fmt.Errorf("import: %s:%d: invoice %s: %w", inv.SourceFile, inv.SourceLine, inv.Number, err)
		}
	}
	return nil
}
