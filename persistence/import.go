package persistence

import (
	"context"
	"database/sql"
	"encoding/json"
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
	if err := checkTimes(now); err != nil {
		return domain.ImportResult{}, fmt.Errorf("import: %w", err)
	}
	batch, dupes, err := importcheck.Batch(invoices, func(inv domain.Invoice) error { return checkTimes(inv.IssueDate, inv.DueDate) })
	if err != nil {
		return domain.ImportResult{}, err
	}
	var res domain.ImportResult
	err = s.write(ctx, func(tx *sql.Tx) error {
		steps, err := planImport(ctx, tx, batch)
		if err != nil {
			return err
		}
		res, err = runImport(ctx, tx, steps, now)
		res.Unchanged = len(batch) - res.Added - res.Updated
		return err
	})
	if err != nil {
		return domain.ImportResult{}, err
	}
	res.Unchanged += dupes
	return res, nil
}

// stored is what the import needs to know of an invoice already stored.
type stored struct {
	inv         domain.Invoice // ID and content only: PaidOutside holds the prepaid amount
	hasPayments bool
	hasExternal bool
}

type importStep struct {
	inv domain.Invoice
	id  int64 // 0: add
}

// planImport decides per invoice whether to add, update or leave it, and
// collects every refused change before anything is written.
func planImport(ctx context.Context, tx *sql.Tx, batch []domain.Invoice) ([]importStep, error) {
	known, err := storedInvoices(ctx, tx, batch)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	steps := make([]importStep, 0, len(batch))
	var conflicts []domain.ImportConflict
	for _, inv := range batch {
		old, ok := known[inv.Number]
		switch {
		case !ok:
			steps = append(steps, importStep{inv: inv})
			continue
		case importcheck.SameContent(old.inv, inv):
			continue
		}
		if reason := importcheck.Refusal(importcheck.Stored{Invoice: old.inv, HasPayments: old.hasPayments, HasExternal: old.hasExternal}, inv); reason != "" {
			conflicts = append(conflicts, domain.ImportConflict{
				Number: inv.Number, SourceFile: inv.SourceFile, SourceLine: inv.SourceLine, Reason: reason,
			})
			continue
		}
		steps = append(steps, importStep{inv: inv, id: old.inv.ID})
	}
	if len(conflicts) > 0 {
		return nil, &domain.ImportConflictError{Conflicts: conflicts}
	}
	return steps, nil
}

// storedInvoices reads the stored invoices the batch names, all in one
// query: the numbers go in as one JSON array.
func storedInvoices(ctx context.Context, tx *sql.Tx, batch []domain.Invoice) (map[string]stored, error) {
	numbers := make([]string, len(batch))
	for i, inv := range batch {
		numbers[i] = inv.Number
	}
	list, err := json.Marshal(numbers)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `
SELECT id, number, customer, email, currency, total_minor, prepaid_minor, issue_date, due_date, kind, discounts,
       EXISTS (SELECT 1 FROM payments WHERE invoice_id = invoices.id),
       EXISTS (SELECT 1 FROM external_payments WHERE invoice_id = invoices.id)
FROM invoices
WHERE number IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	known := make(map[string]stored)
	for rows.Next() {
		var (
			old             stored
			total, prepaid  int64
			kind, discounts string
		)
		err := rows.Scan(&old.inv.ID, &old.inv.Number, &old.inv.Customer, &old.inv.Email, &old.inv.Currency, &total, &prepaid,
			timeCol{&old.inv.IssueDate}, timeCol{&old.inv.DueDate}, &kind, &discounts, &old.hasPayments, &old.hasExternal)
		if err != nil {
			return nil, err
		}
		if old.inv.Discounts, err = domain.ParseDiscounts(discounts); err != nil {
			return nil, fmt.Errorf("invoice %s: %w", old.inv.Number, err)
		}
		old.inv.Kind = domain.InvoiceKind(kind)
		old.inv.Total = domain.NewMoney(total, old.inv.Currency)
		old.inv.PaidOutside = domain.NewMoney(prepaid, old.inv.Currency)
		known[old.inv.Number] = old
	}
	return known, rows.Err()
}

// runImport writes the planned steps with two prepared statements.
func runImport(ctx context.Context, tx *sql.Tx, steps []importStep, now time.Time) (domain.ImportResult, error) {
	var res domain.ImportResult
	add, err := tx.PrepareContext(ctx, `
INSERT INTO invoices (number, customer, email, currency, total_minor, prepaid_minor, paid_outside_minor,
                      issue_date, due_date, kind, discounts, source_file, source_line, imported_at, updated_at,
                      number_fold, customer_fold)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer add.Close()
	// paid_outside_minor keeps what was recorded by hand: only the
	// document's prepaid part is swapped.
	update, err := tx.PrepareContext(ctx, `
UPDATE invoices SET customer = ?, email = ?, currency = ?, total_minor = ?,
       paid_outside_minor = paid_outside_minor - prepaid_minor + ?, prepaid_minor = ?,
       issue_date = ?, due_date = ?, kind = ?, discounts = ?, source_file = ?, source_line = ?, updated_at = ?,
       customer_fold = ?
WHERE id = ?`)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer update.Close()
	ts := nanos(now)
	for _, st := range steps {
		inv := st.inv
		if st.id == 0 {
			_, err = add.ExecContext(ctx, inv.Number, inv.Customer, inv.Email, inv.Currency, inv.Total.Minor, inv.PaidOutside.Minor,
				inv.PaidOutside.Minor, nanos(inv.IssueDate), nanos(inv.DueDate), string(inv.Kind), domain.FormatDiscounts(inv.Discounts), inv.SourceFile, inv.SourceLine, ts, ts,
				domain.Fold(inv.Number), domain.Fold(inv.Customer))
			res.Added++
		} else {
			_, err = update.ExecContext(ctx, inv.Customer, inv.Email, inv.Currency, inv.Total.Minor, inv.PaidOutside.Minor,
				inv.PaidOutside.Minor, nanos(inv.IssueDate), nanos(inv.DueDate), string(inv.Kind), domain.FormatDiscounts(inv.Discounts), inv.SourceFile, inv.SourceLine, ts, domain.Fold(inv.Customer), st.id)
			res.Updated++
		}
		if err != nil {
			return domain.ImportResult{}, fmt.Errorf("import: %s:%d: invoice %s: %w", inv.SourceFile, inv.SourceLine, inv.Number, err)
		}
	}
	return res, nil
}
