package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/paydesk/paydesk/domain"
)

// The invoice list's windows, as in the SQLite store: each order has an
// index whose columns hold domain.InvoiceKey's values (migration 0005).

// sqlArgs numbers the parameters of a query as they are added.
type sqlArgs []any

func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// orderColumns are an order's index columns for the mode, with what of
// the key each holds.
func orderColumns(by domain.InvoiceOrder, mode domain.Mode) ([]string, func(domain.InvoiceKey) []any) {
	switch by {
	case domain.OrderDue:
		return []string{"i.due_key", "i.number"}, func(k domain.InvoiceKey) []any { return []any{k.Int, k.Number} }
	case domain.OrderOwed:
		return []string{`(i.currency COLLATE "C")`, rankColumn(mode), "i.number"}, func(k domain.InvoiceKey) []any { return []any{k.Text, k.Int, k.Number} }
	case domain.OrderCustomer:
		return []string{"i.customer_fold", "i.number"}, func(k domain.InvoiceKey) []any { return []any{k.Text, k.Number} }
	}
	return []string{"i.number"}, func(k domain.InvoiceKey) []any { return []any{k.Number} }
}

// rankColumn holds minus what is owed in the mode; checked modes only.
func rankColumn(mode domain.Mode) string {
	if mode == domain.ModeLive {
		return "i.live_rank"
	}
	return "i.test_rank"
}

// queryConditions are the WHERE terms of the query's filter (the SQL form
// of Invoice.Is over i and p, the newest payment) and search.
func queryConditions(q domain.InvoiceQuery, args *sqlArgs) []string {
	rank := rankColumn(q.Mode)
	payable := "i.kind = 'invoice' AND " + rank + " < 0"
	var where []string
	switch q.Filter {
	case domain.StateUnpaid:
		where = append(where, payable)
	case domain.StateAwaiting:
		where = append(where, payable+" AND p.mode = "+args.add(string(q.Mode))+" AND "+activeStatus)
	case domain.StatePaid:
		where = append(where, "i.kind = 'invoice' AND ("+rank+" > 0 OR "+rank+" = 0 AND i.total_minor > 0)")
	case domain.StateOverdue:
		where = append(where, payable+" AND i.due_date < "+args.add(q.OverdueBefore()))
	}
	if q.Search != "" {
		// LIKE with the pattern's own wildcards escaped, which the trigram
		// indexes answer.
		s := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(domain.Fold(q.Search))
		pat := args.add("%" + s + "%")
		where = append(where, "(i.number_fold LIKE "+pat+" OR i.customer_fold LIKE "+pat+")")
	}
	return where
}

// InvoicePage implements domain.Store.
func (s *Store) InvoicePage(ctx context.Context, p domain.InvoicePage) ([]domain.Invoice, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	var args sqlArgs
	where := queryConditions(p.InvoiceQuery, &args)
	cols, keyArgs := orderColumns(p.Order, p.Mode)
	if from := p.From(); from != nil {
		op := ">"
		if p.Descending() {
			op = "<"
		}
		marks := make([]string, len(cols))
		for i, v := range keyArgs(*from) {
			marks[i] = args.add(v)
		}
		where = append(where, "("+strings.Join(cols, ", ")+") "+op+" ("+strings.Join(marks, ", ")+")")
	}
	dir := " ASC"
	if p.Descending() {
		dir = " DESC"
	}
	order := make([]string, len(cols))
	for i, c := range cols {
		order[i] = c + dir
	}
	query := invoiceSelect
	if len(where) > 0 {
		query += "\nWHERE " + strings.Join(where, " AND ")
	}
	query += "\nORDER BY " + strings.Join(order, ", ") + "\nLIMIT " + args.add(p.Limit)
	var invs []domain.Invoice
	err := s.read(ctx, func(tx pgx.Tx) error {
		var err error
		invs, err = queryInvoices(ctx, tx, query, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list invoices: %w", err)
	}
	if p.Backward() {
		slices.Reverse(invs)
	}
	return invs, nil
}

// CountInvoices implements domain.Store: one pass counting every tab at
// once, over every invoice without a search and over the search's first
// upTo+1 matches with one, so that a search matching much of the book
// costs what upTo matches cost rather than a pass over all of it.
func (s *Store) CountInvoices(ctx context.Context, q domain.InvoiceQuery, upTo int) (domain.InvoiceCounts, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	var args sqlArgs
	var counts []string
	for _, t := range domain.InvoiceTabs[1:] {
		tq := q
		tq.Filter, tq.Search = t, ""
		counts = append(counts, "count(*) FILTER (WHERE "+strings.Join(queryConditions(tq, &args), " AND ")+")")
	}
	from := "invoices i"
	if q.Search != "" {
		sq := domain.InvoiceQuery{Search: q.Search, Mode: q.Mode}
		from = "(SELECT i.id FROM invoices i WHERE " + strings.Join(queryConditions(sq, &args), " AND ") +
			" LIMIT " + args.add(upTo+1) + ") s\nJOIN invoices i ON i.id = s.id"
	}
	query := "SELECT count(*), " + strings.Join(counts, ", ") + "\nFROM " + from +
		"\nLEFT JOIN payments p ON p.id = i.last_payment_id"
	n := make([]int64, len(domain.InvoiceTabs))
	dest := make([]any, len(n))
	for i := range n {
		dest[i] = &n[i]
	}
	err := s.read(ctx, func(tx pgx.Tx) error { return tx.QueryRow(ctx, query, args...).Scan(dest...) })
	if err != nil {
		return nil, fmt.Errorf("count invoices: %w", err)
	}
	c := make([]int, len(n))
	for i := range n {
		c[i] = int(n[i])
	}
	return domain.CappedCounts(c, q.Search != "" && c[0] > upTo, upTo), nil
}

// refold writes the folded number and customer of rows that lack them
// (rows from before migration 0005), in batches.
func (s *Store) refold(ctx context.Context) error {
	for {
		done := false
		err := s.write(ctx, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, `SELECT id, number, customer FROM invoices
WHERE number_fold IS NULL OR customer_fold IS NULL LIMIT 10000`)
			if err != nil {
				return err
			}
			type row struct {
				id               int64
				number, customer string
			}
			todo, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
				var x row
				return x, r.Scan(&x.id, &x.number, &x.customer)
			})
			if err != nil {
				return err
			}
			b := &pgx.Batch{}
			for _, r := range todo {
				b.Queue(`UPDATE invoices SET number_fold = $1, customer_fold = $2 WHERE id = $3`,
					domain.Fold(r.number), domain.Fold(r.customer), r.id)
			}
			done = len(todo) == 0
			if done {
				return nil
			}
			return tx.SendBatch(ctx, b).Close()
		})
		if err != nil {
			return fmt.Errorf("fold invoice numbers and customers for searching: %w", err)
		}
		if done {
			return nil
		}
	}
}
