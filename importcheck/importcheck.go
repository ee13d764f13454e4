// Package importcheck holds the rules every store applies when invoices are
// imported, so that SQLite, PostgreSQL and the in-memory store agree: which
// batch is valid, what counts as a change of an invoice, and which change
// is refused because payments depend on the stored figures.
package importcheck

import (
	"errors"
	"fmt"

	"github.com/paydesk/paydesk/domain"
)

// Batch validates every invoice, with check for what the store itself
// cannot hold, and drops exact repeats of a number, which happen when one
// document is listed twice; it returns how many it dropped. The same
// number with different content is an error: which of the two is right
// cannot be told.
func Batch(invoices []domain.Invoice, check func(domain.Invoice) error) ([]domain.Invoice, int, error) {
	seen := make(map[string]int, len(invoices))
	batch := make([]domain.Invoice, 0, len(invoices))
	for _, inv := range invoices {
		if problems := inv.Validate(); len(problems) > 0 {
			errs := make([]error, len(problems))
			for i, p := range problems {
				errs[i] = p
			}
			return nil, 0, invalid(inv, errors.Join(errs...))
		}
		if check != nil {
			if err := check(inv); err != nil {
				return nil, 0, invalid(inv, err)
			}
		}
		if i, ok := seen[inv.Number]; ok {
			first := batch[i]
			if SameContent(first, inv) {
				continue
			}
			return nil, 0, domain.Fail(domain.WhyImportTwice, inv.SourceFile, inv.SourceLine, inv.Number,
				first.SourceFile, first.SourceLine).In(domain.ErrConflict)
		}
		seen[inv.Number] = len(batch)
		batch = append(batch, inv)
	}
	return batch, len(invoices) - len(batch), nil
}

// invalid refuses an invoice, naming where it was read, for the reason err.
func invalid(inv domain.Invoice, err error) error {
	return domain.Fail(domain.WhyImportInvalid, inv.SourceFile, inv.SourceLine, inv.Number).Because(err)
}

// SameContent compares what a document says, PaidOutside being what it
// says was prepaid; where it was read from does not count, so importing a
// reordered file changes nothing.
func SameContent(a, b domain.Invoice) bool {
	return a.Number == b.Number && a.Customer == b.Customer && a.Email == b.Email &&
		a.Currency == b.Currency && a.Total.Minor == b.Total.Minor && a.PaidOutside.Minor == b.PaidOutside.Minor &&
		a.IssueDate.Equal(b.IssueDate) && a.DueDate.Equal(b.DueDate) && a.Kind == b.Kind &&
		domain.SameDiscounts(a.Discounts, b.Discounts)
}

// Stored is what the rules need to know of an invoice already stored.
type Stored struct {
	Invoice     domain.Invoice // its content; PaidOutside holds the prepaid amount
	HasPayments bool           // Mollie payment rows exist
	HasExternal bool           // money was recorded by hand
}

// conflict says whether updating old to inv is refused, and why: the
// changes payments depend on. Payment links ask for amounts computed from
// the stored figures; changing them under existing payments would make
// those payments wrong without a trace.
func conflict(old Stored, inv domain.Invoice) (domain.ImportConflict, bool) {
	var why []domain.Text
	o := old.Invoice
	if old.HasPayments {
		if o.Currency != inv.Currency {
			why = append(why, domain.Say("import.change.currency", o.Currency, inv.Currency))
		} else {
			if o.Total.Minor != inv.Total.Minor {
				why = append(why, domain.Say("import.change.total", o.Total, inv.Total))
			}
			if o.PaidOutside.Minor != inv.PaidOutside.Minor {
				why = append(why, domain.Say("import.change.prepaid", o.PaidOutside, domain.NewMoney(inv.PaidOutside.Minor, inv.Currency)))
			}
		}
	} else if old.HasExternal && o.Currency != inv.Currency {
		why = append(why, domain.Say("import.change.currency_by_hand", o.Currency, inv.Currency))
	}
	return domain.ImportConflict{Number: inv.Number, SourceFile: inv.SourceFile, SourceLine: inv.SourceLine, Changes: why}, len(why) > 0
}

// Step is what an import does with one invoice: add it (ID 0) or update
// the stored invoice ID.
type Step struct {
	Invoice domain.Invoice
	ID      int64
}

// Plan decides per invoice of a checked batch whether to add it, update
// it or leave it as it is, given the stored invoices by number, and
// collects every refused change. Invoices left as they are get no step.
func Plan(batch []domain.Invoice, known map[string]Stored) ([]Step, []domain.ImportConflict) {
	steps := make([]Step, 0, len(batch))
	var conflicts []domain.ImportConflict
	for _, inv := range batch {
		old, ok := known[inv.Number]
		switch {
		case !ok:
			steps = append(steps, Step{Invoice: inv})
			continue
		case SameContent(old.Invoice, inv):
			continue
		}
		if c, refused := conflict(old, inv); refused {
			conflicts = append(conflicts, c)
			continue
		}
		steps = append(steps, Step{Invoice: inv, ID: old.Invoice.ID})
	}
	return steps, conflicts
}

// Run is one import's bookkeeping across its batches, the same in every
// store: what it wrote and what it refused so far. Once anything is
// refused it only checks the rest, so that every refusal is reported, and
// plans no more writes.
type Run struct {
	// Result counts what the run did; the store adds what it wrote.
	Result    domain.ImportResult
	clashes   []error
	conflicts []domain.ImportConflict
}

// Batch checks one batch (check for what the store cannot hold) against
// the stored invoices read returns for it, known by their very number and
// similar when letter case is ignored, and returns the steps to write:
// none once anything was refused.
func (r *Run) Batch(invoices []domain.Invoice, check func(domain.Invoice) error,
	read func(batch []domain.Invoice) (known map[string]Stored, similar []string, err error)) ([]Step, error) {
	batch, dupes, err := Batch(invoices, check)
	if err != nil {
		return nil, err
	}
	r.Result.Unchanged += dupes
	known, similar, err := read(batch)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	numbers := make([]string, len(batch))
	for i, inv := range batch {
		numbers[i] = inv.Number
	}
	r.clashes = append(r.clashes, domain.CaseClashes(numbers, similar)...)
	steps, conflicts := Plan(batch, known)
	r.conflicts = append(r.conflicts, conflicts...)
	r.Result.Unchanged += len(batch) - len(steps)
	if len(r.clashes) > 0 || len(r.conflicts) > 0 {
		return nil, nil
	}
	return steps, nil
}

// Finish says what the run did, or why nothing of it may be kept.
func (r *Run) Finish() (domain.ImportResult, error) {
	switch {
	case len(r.clashes) > 0:
		return domain.ImportResult{}, errors.Join(r.clashes...)
	case len(r.conflicts) > 0:
		return domain.ImportResult{}, &domain.ImportConflictError{Conflicts: r.conflicts}
	}
	return r.Result, nil
}
