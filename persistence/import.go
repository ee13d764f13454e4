package persistence

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/bits-and-blooms/bloom/v3"
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
	if err := domain.StorableTimes(now); err != nil {
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
		// A large import writes into every index of the invoices at
		// random places: a page cache that holds them saves reading and
		// spilling the same pages over and over. The connection goes back
		// to the default afterwards.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", importCacheKiB)); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer tx.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = -2000")
		for len(batch) > 0 {
			if err := im.batch(ctx, batch); err != nil {
				return err
			}
			if batch, err = next(); err != nil {
				return err
			}
		}
		res, err = im.finish(ctx)
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
	tx     *sql.Tx
	ts     any // now, as stored
	update *sql.Stmt
	adds   map[int]*sql.Stmt // INSERTs by the number of invoices they add
	before int64             // invoices stored when the run began
	bulk   *bulkLoad         // set once the run builds the indexes at its end
	run    importcheck.Run
	// written holds the folded number of every invoice the run added,
	// when nothing was stored before it: then only a number it holds can
	// match a stored invoice, and the others need not be looked up. nil
	// when the run began on a book with invoices.
	written *numberFilter
}

// numberFilter is a Bloom filter of folded invoice numbers: two bits of
// filterBits per number, 4 MB whatever the size of the run. It never
// misses a number it was given; it takes a few in a thousand others for
// one of them at a million numbers, and those are looked up in vain.
type numberFilter struct{ bits *bloom.BloomFilter }

const filterBits = 1 << 25

func newNumberFilter() *numberFilter { return &numberFilter{bloom.New(filterBits, 2)} }

func (f *numberFilter) add(number string) { f.bits.AddString(domain.Fold(number)) }

func (f *numberFilter) mayHold(number string) bool { return f.bits.TestString(domain.Fold(number)) }

func startImport(ctx context.Context, tx *sql.Tx, now time.Time) (*importRun, error) {
	im := &importRun{tx: tx, ts: nanos(now)}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM invoices`).Scan(&im.before); err != nil {
		return nil, err
	}
	if im.before == 0 {
		im.written = newNumberFilter()
	}
	var err error
	// paid_outside_minor keeps what was recorded by hand: only the
	// document's prepaid part is swapped.
	im.update, err = tx.PrepareContext(ctx, `
UPDATE invoices SET customer = ?, customer_fold = ?, email = ?, currency = ?, total_minor = ?,
       paid_outside_minor = paid_outside_minor - prepaid_minor + ?, prepaid_minor = ?,
       issue_date = ?, due_date = ?, kind = ?, discounts = ?, source_file = ?, source_line = ?, updated_at = ?
WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	return im, nil
}

func (im *importRun) close() {
	im.update.Close()
	for _, st := range im.adds {
		st.Close()
	}
}

// importCacheKiB is the page cache of a connection while it imports.
const importCacheKiB = 16 << 10

// addsPerStatement is how many invoices one INSERT adds. Each statement
// costs a savepoint, at which the search index writes out what it holds:
// a statement per invoice would write it out per invoice.
const addsPerStatement = 1000

// addColumns are the columns an INSERT of the import fills, per invoice.
const addColumns = `number, number_fold, customer, customer_fold, email, currency, total_minor, prepaid_minor, paid_outside_minor,
 issue_date, due_date, kind, discounts, source_file, source_line, imported_at, updated_at`

// addStatement returns the INSERT for n invoices, prepared once per run.
func (im *importRun) addStatement(ctx context.Context, n int) (*sql.Stmt, error) {
	if st, ok := im.adds[n]; ok {
		return st, nil
	}
	row := "(" + strings.Repeat("?, ", strings.Count(addColumns, ",")) + "?)"
	st, err := im.tx.PrepareContext(ctx, "INSERT INTO invoices ("+addColumns+") VALUES "+strings.Repeat(row+", ", n-1)+row)
	if err != nil {
		return nil, err
	}
	if im.adds == nil {
		im.adds = map[int]*sql.Stmt{}
	}
	im.adds[n] = st
	return st, nil
}

// batch checks one batch against what is stored (and what the run wrote
// before it) and writes it.
func (im *importRun) batch(ctx context.Context, invoices []domain.Invoice) error {
	steps, err := im.run.Batch(invoices, func(inv domain.Invoice) error { return domain.StorableTimes(inv.IssueDate, inv.DueDate) },
		func(batch []domain.Invoice) (map[string]importcheck.Stored, []string, error) {
			return storedInvoices(ctx, im.tx, im.mayBeStored(batch))
		})
	if err != nil || len(steps) == 0 {
		return err
	}
	if err := im.write(ctx, steps); err != nil {
		return err
	}
	if im.bulk == nil && im.run.Result.Added >= bulkAfter && int64(im.run.Result.Added) >= im.before {
		if im.bulk, err = startBulk(ctx, im.tx, im.run.Result.Added); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	return nil
}

// mayBeStored is the part of the batch that may match a stored invoice
// when letter case is ignored: all of it, unless the book was empty when
// the run began (importRun.written).
func (im *importRun) mayBeStored(batch []domain.Invoice) []domain.Invoice {
	if im.written == nil {
		return batch
	}
	var some []domain.Invoice
	for _, inv := range batch {
		if im.written.mayHold(inv.Number) {
			some = append(some, inv)
		}
	}
	return some
}

// finish says what the run did, or why nothing of it may be kept.
func (im *importRun) finish(ctx context.Context) (domain.ImportResult, error) {
	res, err := im.run.Finish()
	if err != nil {
		return domain.ImportResult{}, err
	}
	if im.bulk != nil {
		if err := im.bulk.finish(ctx, im.tx, im.run.Result.Added); err != nil {
			return domain.ImportResult{}, fmt.Errorf("import: %w", err)
		}
	}
	return res, nil
}

// bulkAfter is how many invoices a run adds, at least as many as were
// stored before it, before it stops keeping the invoices' indexes and the
// search index up to date row by row: inserting a row into each of them
// costs more than building them anew, sorted, for every row at the end.
var bulkAfter = 10_000

// bulkLoad is a large run's schema set aside: the indexes of the invoices
// that the import does not use itself, the triggers that keep a full text
// index over them (FTS5 with the invoices as its content) and those that
// count them (an UPDATE of the counter per row), with the SQL that makes
// them again. All of it happens in the run's transaction: nobody sees the
// table without them.
type bulkLoad struct {
	indexes, triggers []string // CREATE statements, as the schema holds them
	search            []string // full text indexes to rebuild from the invoices
	counter           bool     // the count triggers are set aside
	added             int      // invoices the run had added when it set them aside
}

// invoiceCounter is the table the count triggers keep (migration 0007).
const invoiceCounter = "invoice_count"

// keptIndexes are used by the import itself to look invoices up. Indexes
// that lead with the id are kept too: added invoices get ever larger ids,
// so their entries go at the end, which costs little, where building such
// an index anew reads every invoice.
var keptIndexes = []string{"invoices_number_fold"}

// rowidColumn is the invoices' INTEGER PRIMARY KEY, the rowid.
const rowidColumn = "id"

var searchContent = regexp.MustCompile(`(?is)USING\s+fts5\s*\(.*\bcontent\s*=\s*'?invoices'?\s*[,)]`)

func startBulk(ctx context.Context, tx *sql.Tx, added int) (*bulkLoad, error) {
	rows, err := tx.QueryContext(ctx, `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	b := bulkLoad{added: added}
	var drops []string
	type object struct{ kind, name, table, sql string }
	var objects []object
	for rows.Next() {
		var o object
		if err := rows.Scan(&o.kind, &o.name, &o.table, &o.sql); err != nil {
			rows.Close()
			return nil, err
		}
		objects = append(objects, o)
		if o.kind == "table" && searchContent.MatchString(o.sql) {
			b.search = append(b.search, o.name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, o := range objects {
		switch {
		case o.table != "invoices":
		case o.kind == "index" && !slices.Contains(keptIndexes, o.name):
			var first sql.NullString // NULL for an expression
			if err := tx.QueryRowContext(ctx, `SELECT name FROM pragma_index_info(?) WHERE seqno = 0`, o.name).Scan(&first); err != nil {
				return nil, fmt.Errorf("index %s: %w", o.name, err)
			}
			if first.String == rowidColumn {
				continue
			}
			b.indexes = append(b.indexes, o.sql)
			drops = append(drops, "DROP INDEX "+quoteName(o.name))
		case o.kind == "trigger" && slices.ContainsFunc(b.search, func(t string) bool { return strings.Contains(o.sql, t) }):
			b.triggers = append(b.triggers, o.sql)
			drops = append(drops, "DROP TRIGGER "+quoteName(o.name))
		case o.kind == "trigger" && strings.Contains(o.sql, invoiceCounter):
			b.triggers = append(b.triggers, o.sql)
			drops = append(drops, "DROP TRIGGER "+quoteName(o.name))
			b.counter = true
		}
	}
	for _, d := range drops {
		if _, err := tx.ExecContext(ctx, d); err != nil {
			return nil, err
		}
	}
	return &b, nil
}

// finish builds what startBulk set aside, for every invoice, and counts
// the invoices added since (added is how many the run added in all). The
// sorts that build the indexes may use a second thread: the reading is
// done.
func (b *bulkLoad) finish(ctx context.Context, tx *sql.Tx, added int) error {
	if b.counter {
		if _, err := tx.ExecContext(ctx, "UPDATE "+invoiceCounter+" SET n = n + ?", added-b.added); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "PRAGMA threads = 2"); err != nil {
		return err
	}
	defer tx.ExecContext(context.WithoutCancel(ctx), "PRAGMA threads = 0")
	for _, create := range b.indexes {
		if _, err := tx.ExecContext(ctx, create); err != nil {
			return err
		}
	}
	for _, t := range b.search {
		if err := rebuildSearch(ctx, tx, t); err != nil {
			return fmt.Errorf("rebuild %s: %w", t, err)
		}
	}
	for _, create := range b.triggers {
		if _, err := tx.ExecContext(ctx, create); err != nil {
			return err
		}
	}
	return nil
}

// rebuildSettings are the full text index's settings a rebuild changes:
// the in-memory part may grow to 16 MB before it is written out, and the
// parts written out are not merged as they come (a million invoices leave
// a dozen parts, which searches read side by side, and later writes merge
// as usual); then the settings are as they were (FTS5's defaults where none
// was set).
var rebuildSettings = []struct {
	key            string
	during, normal int
}{{"hashsize", 16 << 20, 1 << 20}, {"automerge", 0, 4}, {"crisismerge", 1 << 20, 16}}

// rebuildSearch builds a full text index with the invoices as its content
// anew from them.
func rebuildSearch(ctx context.Context, tx *sql.Tx, table string) error {
	t := quoteName(table)
	set := func(key string, value any) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO "+t+" ("+t+", rank) VALUES (?, ?)", key, value)
		return err
	}
	was := make([]any, len(rebuildSettings))
	for i, s := range rebuildSettings {
		was[i] = s.normal
		err := tx.QueryRowContext(ctx, "SELECT v FROM "+quoteName(table+"_config")+" WHERE k = ?", s.key).Scan(&was[i])
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := set(s.key, s.during); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO "+t+" ("+t+") VALUES ('rebuild')"); err != nil {
		return err
	}
	// On an error above the transaction, settings and all, is rolled back.
	for i, s := range rebuildSettings {
		if err := set(s.key, was[i]); err != nil {
			return err
		}
	}
	return nil
}

func quoteName(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// storedInvoices reads the stored invoices whose numbers equal one of the
// batch's when letter case is ignored, all in one query through the index
// of folded numbers: the numbers go in as one JSON array. known holds
// those with the very number, similar every number found.
func storedInvoices(ctx context.Context, tx *sql.Tx, batch []domain.Invoice) (map[string]importcheck.Stored, []string, error) {
	if len(batch) == 0 {
		return nil, nil, nil
	}
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

// write adds and updates the planned steps, adding many invoices with
// each statement.
func (im *importRun) write(ctx context.Context, steps []importcheck.Step) error {
	args := make([]any, 0, addsPerStatement*(strings.Count(addColumns, ",")+1))
	var adds []domain.Invoice
	flush := func() error {
		if len(adds) == 0 {
			return nil
		}
		st, err := im.addStatement(ctx, len(adds))
		if err == nil {
			_, err = st.ExecContext(ctx, args...)
		}
		if err != nil {
			return fmt.Errorf("import: the invoices from %s:%d (%s) on: %w", adds[0].SourceFile, adds[0].SourceLine, adds[0].Number, err)
		}
		im.run.Result.Added += len(adds)
		if im.written != nil {
			for _, inv := range adds {
				im.written.add(inv.Number)
			}
		}
		adds, args = adds[:0], args[:0]
		return nil
	}
	for _, st := range steps {
		inv := st.Invoice
		if st.ID != 0 {
			_, err := im.update.ExecContext(ctx, inv.Customer, domain.Fold(inv.Customer), inv.Email, inv.Currency, inv.Total.Minor, inv.PaidOutside.Minor,
				inv.PaidOutside.Minor, nanos(inv.IssueDate), nanos(inv.DueDate), string(inv.Kind), domain.FormatDiscounts(inv.Discounts), inv.SourceFile, inv.SourceLine, im.ts, st.ID)
			if err != nil {
				return fmt.Errorf("import: %s:%d: invoice %s: %w", inv.SourceFile, inv.SourceLine, inv.Number, err)
			}
			im.run.Result.Updated++
			continue
		}
		adds = append(adds, inv)
		args = append(args, inv.Number, domain.Fold(inv.Number), inv.Customer, domain.Fold(inv.Customer), inv.Email, inv.Currency,
			inv.Total.Minor, inv.PaidOutside.Minor, inv.PaidOutside.Minor, nanos(inv.IssueDate), nanos(inv.DueDate), string(inv.Kind),
			domain.FormatDiscounts(inv.Discounts), inv.SourceFile, inv.SourceLine, im.ts, im.ts)
		if len(adds) == addsPerStatement {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
