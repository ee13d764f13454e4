package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paydesk/paydesk/domain"
)

// The invoice list's windows: each order has an index whose columns hold
// domain.InvoiceKey's values (migration 0005), so a page is a seek to the
// key it starts from and a walk of Limit rows, wherever it is.

// orderColumns are an order's index columns for the mode, with what of the
// key each holds.
func orderColumns(by domain.InvoiceOrder, mode domain.Mode) ([]string, func(domain.InvoiceKey) []any) {
	switch by {
	case domain.OrderDue:
		return []string{"i.due_key", "i.number"}, func(k domain.InvoiceKey) []any { return []any{k.Int, k.Number} }
	case domain.OrderOwed:
		return []string{"i.currency", rankColumn(mode), "i.number"}, func(k domain.InvoiceKey) []any { return []any{k.Text, k.Int, k.Number} }
	case domain.OrderCustomer:
		return []string{"i.customer_fold", "i.number"}, func(k domain.InvoiceKey) []any { return []any{k.Text, k.Number} }
	}
	return []string{"i.number"}, func(k domain.InvoiceKey) []any { return []any{k.Number} }
}

// orderIndex names the index a page of the order walks when SQLite,
// left to itself, would rather read a tab's rows from another index and
// sort all of them: the owing invoices' partial indexes (migration 0007)
// hold the tab's rows exactly, which SQLite prefers over walking the
// order's index and stopping at a page. "" where it chooses well.
func orderIndex(by domain.InvoiceOrder, mode domain.Mode) string {
	switch by {
	case domain.OrderOwed:
		if mode == domain.ModeLive {
			return "invoices_live_owed"
		}
		return "invoices_test_owed"
	case domain.OrderCustomer:
		return "invoices_customer"
	}
	return ""
}

// tabWalks are the tabs whose pages walk the order's index (orderIndex):
// those that hold much of the book. The awaiting tab's few rows are found
// through the open payments.
var tabWalks = map[domain.InvoiceState]bool{domain.StateUnpaid: true, domain.StateOverdue: true, domain.StatePaid: true}

// rankColumn holds minus what is owed in the mode; checked modes only.
func rankColumn(mode domain.Mode) string {
	if mode == domain.ModeLive {
		return "i.live_rank"
	}
	return "i.test_rank"
}

// tabCondition is the SQL form of Invoice.Is for a tab, over invoiceSelect's
// i and p (the newest payment); "" for every invoice. Modes are checked
// before, so the literal is one of two known words.
func tabCondition(filter domain.InvoiceState, mode domain.Mode) (string, []any) {
	rank := rankColumn(mode)
	payable := "i.kind = 'invoice' AND " + rank + " < 0"
	switch filter {
	case domain.StateUnpaid:
		return payable, nil
	case domain.StateAwaiting:
		// Few invoices have a payment open: their ids lead, rather than a
		// walk of the order's index in search of them.
		return payable + " AND p.mode = '" + string(mode) + "' AND " + activeStatus +
			" AND i.id IN (SELECT p.invoice_id FROM payments p WHERE " + activeStatus + ")", nil
	case domain.StatePaid:
		// rank >= 0 adds nothing but can be tested in the order's index
		// (it holds the rank by amount owed), so the walk passes over the
		// owing invoices without reading them.
		return "i.kind = 'invoice' AND " + rank + " >= 0 AND (" + rank + " > 0 OR " + rank + " = 0 AND i.total_minor > 0)", nil
	}
	return "", nil
}

// minTrigram is the shortest search the trigram index answers; a shorter
// one is looked for in every row, which is still exact.
const minTrigram = 3

// commonSearch is how many invoices a search must match for a page of it
// to be found by walking the order's index and testing each row, rather
// than by sorting all its matches: at that many, a page of 50 is met
// within about 50/2000 of the book, so the walk reads no more rows than
// the sort would, and far fewer when the search is more common still.
const commonSearch = 2000

// searchCondition is the SQL form of the query's search, or "". With walk
// the row's folded columns are tested in place, so SQLite can read the
// order's index and stop at a page; without, the trigram index gives the
// invoices that hold every trigram of the search (it keeps no positions,
// migration 0009), and each of them is tested the same way: the matches
// are exactly the rows that hold the search.
func searchCondition(search string, walk bool) (string, []any) {
	if search == "" {
		return "", nil
	}
	s := domain.Fold(search)
	trigrams, ok := searchTrigrams(s)
	if walk || !ok {
		return holdsSearch, []any{s, s}
	}
	return "i.id IN (SELECT rowid FROM invoices_search WHERE invoices_search MATCH ?) AND " + holdsSearch, []any{trigrams, s, s}
}

// holdsSearch tests whether invoice i holds the folded search (bound
// twice) in its number or customer.
const holdsSearch = "(instr(i.number_fold, ?) > 0 OR instr(i.customer_fold, ?) > 0)"

// searchTrigrams is the FTS5 query for the invoices that hold every
// trigram of the folded search: each one quoted, as the trigram tokenizer
// cuts text (three Unicode characters from every character on). It
// reports false when the index cannot answer: the search is shorter than
// a trigram, or is not valid UTF-8 (which SQLite would cut otherwise).
func searchTrigrams(folded string) (string, bool) {
	if !utf8.ValidString(folded) || utf8.RuneCountInString(folded) < minTrigram {
		return "", false
	}
	starts := make([]int, 0, len(folded)+1)
	for i := range folded {
		starts = append(starts, i)
	}
	starts = append(starts, len(folded))
	var terms []string
	for k := 0; k+minTrigram < len(starts); k++ {
		term := `"` + strings.ReplaceAll(folded[starts[k]:starts[k+minTrigram]], `"`, `""`) + `"`
		if !slices.Contains(terms, term) {
			terms = append(terms, term)
		}
	}
	return strings.Join(terms, " AND "), true
}

// isCommonSearch says whether the search matches at least commonSearch
// invoices, counting no further than that.
func isCommonSearch(ctx context.Context, tx *sql.Tx, search string) (bool, error) {
	s := domain.Fold(search)
	trigrams, ok := searchTrigrams(s)
	if !ok {
		return true, nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM invoices_search JOIN invoices i ON i.id = invoices_search.rowid
WHERE invoices_search MATCH ? AND `+holdsSearch+` LIMIT ?)`, trigrams, s, s, commonSearch).Scan(&n)
	return n >= commonSearch, err
}

// queryConditions are the WHERE terms of the query's filter and search.
func queryConditions(q domain.InvoiceQuery) ([]string, []any) {
	return queryConditionsWalk(q, false)
}

// queryConditionsWalk is queryConditions with the search tested in each
// row when walk is set (searchCondition).
func queryConditionsWalk(q domain.InvoiceQuery, walk bool) ([]string, []any) {
	var where []string
	var args []any
	if q.Filter == domain.StateOverdue {
		cond, a := tabCondition(domain.StateUnpaid, q.Mode)
		where, args = append(where, cond, "i.due_date < ?"), append(append(args, a...), q.OverdueBefore())
	} else if cond, a := tabCondition(q.Filter, q.Mode); cond != "" {
		where, args = append(where, cond), append(args, a...)
	}
	if cond, a := searchCondition(q.Search, walk); cond != "" {
		where, args = append(where, cond), append(args, a...)
	}
	return where, args
}

// InvoicePage implements domain.Store.
func (s *Store) InvoicePage(ctx context.Context, p domain.InvoicePage) ([]domain.Invoice, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	var invs []domain.Invoice
	err := s.read(ctx, func(tx *sql.Tx) error {
		walk := false
		if p.Search != "" {
			var err error
			if walk, err = isCommonSearch(ctx, tx, p.Search); err != nil {
				return err
			}
		}
		query, args := pageSQL(p, walk)
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var sc invoiceScanner
		invs = make([]domain.Invoice, 0, min(p.Limit, 1024))
		for rows.Next() {
			inv, err := sc.scan(rows)
			if err != nil {
				return err
			}
			invs = append(invs, inv)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list invoices: %w", err)
	}
	if p.Backward() {
		slices.Reverse(invs)
	}
	return invs, nil
}

// pageSQL is the query of a page: a seek in the order's index to the key
// the page starts from, read up or down; walk as for searchCondition.
func pageSQL(p domain.InvoicePage, walk bool) (string, []any) {
	where, args := queryConditionsWalk(p.InvoiceQuery, walk)
	cols, keyArgs := orderColumns(p.Order, p.Mode)
	if from := p.From(); from != nil {
		op := ">"
		if p.Descending() {
			op = "<"
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
		where = append(where, "("+strings.Join(cols, ", ")+") "+op+" ("+marks+")")
		args = append(args, keyArgs(*from)...)
	}
	dir := " ASC"
	if p.Descending() {
		dir = " DESC"
	}
	order := make([]string, len(cols))
	for i, c := range cols {
		order[i] = c + dir
	}
	var b strings.Builder
	if idx := orderIndex(p.Order, p.Mode); idx != "" && (p.Search == "" || walk) && tabWalks[p.Filter] {
		b.WriteString(strings.Replace(invoiceSelect, "FROM invoices i", "FROM invoices i INDEXED BY "+idx, 1))
	} else {
		b.WriteString(invoiceSelect)
	}
	if len(where) > 0 {
		b.WriteString("\nWHERE " + strings.Join(where, " AND "))
	}
	b.WriteString("\nORDER BY " + strings.Join(order, ", ") + "\nLIMIT ?")
	return b.String(), append(args, p.Limit)
}

// CountInvoices implements domain.Store. Without a search each tab is
// counted from an index as large as what it counts; with one, in one pass
// over the search's first upTo+1 matches, so that a search matching much
// of the book costs what upTo matches cost rather than a pass over all of
// it. (A search shorter than a trigram that matches little still reads
// every invoice: no index answers it.)
func (s *Store) CountInvoices(ctx context.Context, q domain.InvoiceQuery, upTo int) (domain.InvoiceCounts, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	if q.Search == "" {
		return s.countTabs(ctx, q)
	}
	var sums []string
	var args []any
	for _, t := range domain.InvoiceTabs[1:] {
		tq := q
		tq.Filter, tq.Search = t, ""
		conds, a := queryConditions(tq)
		sums = append(sums, "ifnull(sum("+strings.Join(conds, " AND ")+"), 0)")
		args = append(args, a...)
	}
	matches, a := searchMatches(q.Search, upTo+1)
	args = append(args, a...)
	query := "SELECT count(*), " + strings.Join(sums, ", ") + "\nFROM (" + matches + ") s" +
		"\nCROSS JOIN invoices i ON i.id = s.id LEFT JOIN payments p ON p.id = i.last_payment_id"
	n := make([]int, len(domain.InvoiceTabs))
	dest := make([]any, len(n))
	for i := range n {
		dest[i] = &n[i]
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, query, args...).Scan(dest...)
	})
	if err != nil {
		return nil, fmt.Errorf("count invoices: %w", err)
	}
	return domain.CappedCounts(n, n[0] > upTo, upTo), nil
}

// searchMatches is a query of the ids of the search's first limit matches.
// A search the trigram index answers is read from it as it finds them
// (the index drives, so the read stops at limit rather than gathering
// every match first); a shorter one walks the invoices. The folded
// columns are tested either way, so that what is counted is what the
// list shows.
func searchMatches(search string, limit int) (string, []any) {
	cond, args := searchCondition(search, true)
	if trigrams, ok := searchTrigrams(domain.Fold(search)); ok {
		return `SELECT i.id FROM invoices_search f CROSS JOIN invoices i ON i.id = f.rowid
WHERE f.invoices_search MATCH ? AND ` + cond + ` LIMIT ?`, append(append([]any{trigrams}, args...), limit)
	}
	return "SELECT i.id FROM invoices i WHERE " + cond + " LIMIT ?", append(args, limit)
}

// countTabs counts the tabs of the whole book from the counter and the
// partial indexes of migration 0007: the owing invoices of the mode, as
// the two ranges of them by due date, overdue and not (one pass over the
// index in all), the awaiting ones from the open payments
// (few), and paid as what is left of the invoices: not owing, not a
// credit note, and not of zero or less with nothing paid (neither owed nor
// paid; Invoice.Is).
func (s *Store) countTabs(ctx context.Context, q domain.InvoiceQuery) (domain.InvoiceCounts, error) {
	rank := rankColumn(q.Mode)
	owing := "kind = 'invoice' AND " + strings.TrimPrefix(rank, "i.") + " < 0"
	query := `SELECT (SELECT n FROM invoice_count),
       (SELECT count(*) FROM invoices WHERE ` + owing + ` AND due_key >= ?),
       (SELECT count(*) FROM payments p CROSS JOIN invoices i ON i.id = p.invoice_id
         WHERE ` + activeStatus + ` AND p.mode = ? AND i.last_payment_id = p.id AND i.kind = 'invoice' AND ` + rank + ` < 0),
       (SELECT count(*) FROM invoices WHERE ` + owing + ` AND due_key < ?),
       (SELECT count(*) FROM invoices WHERE kind = 'credit_note'),
       (SELECT count(*) FROM invoices i WHERE i.kind = 'invoice' AND i.total_minor <= 0 AND ` + rank + ` = 0)`
	var all, notDue, awaiting, overdue, credit, neither int
	before := q.OverdueBefore()
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, query, before, string(q.Mode), before).Scan(&all, &notDue, &awaiting, &overdue, &credit, &neither)
	})
	if err != nil {
		return nil, fmt.Errorf("count invoices: %w", err)
	}
	unpaid := notDue + overdue
	return domain.InvoiceCounts{"": {N: all}, domain.StateUnpaid: {N: unpaid}, domain.StateAwaiting: {N: awaiting},
		domain.StatePaid: {N: all - credit - unpaid - neither}, domain.StateOverdue: {N: overdue}}, nil
}

// refold writes the folded number and customer of rows that lack them:
// rows from before migration 0005, in batches so that a large book does
// not hold the write lock for long.
func (s *Store) refold(ctx context.Context) error {
	for {
		done := false
		err := s.write(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT id, number, customer FROM invoices
WHERE number_fold IS NULL OR customer_fold IS NULL LIMIT 10000`)
			if err != nil {
				return err
			}
			type row struct {
				id               int64
				number, customer string
			}
			var todo []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.number, &r.customer); err != nil {
					rows.Close()
					return err
				}
				todo = append(todo, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, r := range todo {
				if _, err := tx.ExecContext(ctx, `UPDATE invoices SET number_fold = ?, customer_fold = ? WHERE id = ?`,
					domain.Fold(r.number), domain.Fold(r.customer), r.id); err != nil {
					return err
				}
			}
			done = len(todo) == 0
			return nil
		})
		if err != nil {
			return fmt.Errorf("fold invoice numbers and customers for searching: %w", err)
		}
		if done {
			return nil
		}
	}
}
