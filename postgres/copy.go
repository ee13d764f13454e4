package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// copyTables are the tables a move copies, parents first. Leases are left
// behind: they belong to processes of the old database.
var copyTables = []string{"invoices", "external_payments", "payments", "payment_attempts", "log", "settings"}

// copyChecks are the figures a move must carry over unchanged: per table
// its rows and the sums of its money columns.
var copyChecks = map[string][]string{
	"invoices": {"total_minor", "prepaid_minor", "paid_outside_minor", "live_paid_minor", "live_refunded_minor",
		"live_charged_back_minor", "test_paid_minor", "test_refunded_minor", "test_charged_back_minor"},
	"external_payments": {"amount_minor"},
	"payments":          {"amount_minor", "refunded_minor", "charged_back_minor"},
	"payment_attempts":  {"amount_minor", "refunded_minor", "charged_back_minor"},
	"log":               {"id"},
	"settings":          {},
}

// CopyOptions tune CopyFrom.
type CopyOptions struct {
	// Replace empties a database that already holds data first; without
	// it such a database is refused.
	Replace bool
}

// TableCount is how many rows of one table a move copied.
type TableCount struct {
	Table string
	Rows  int64
}

// CopyFrom copies every row of paydesk's tables from src, a read
// transaction on a SQLite database at the same schema version, in one
// transaction, and checks that the row counts and the sums of every money
// column agree before it commits. Ids are kept, so payment links and log
// positions stay valid.
func (s *Store) CopyFrom(ctx context.Context, src *sql.Tx, opts CopyOptions) ([]TableCount, error) {
	var counts []TableCount
	err := s.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE `+strings.Join(copyTables, ", ")+` IN ACCESS EXCLUSIVE MODE`); err != nil {
			return err
		}
		if err := s.makeRoom(ctx, tx, opts.Replace); err != nil {
			return err
		}
		for _, table := range copyTables {
			n, err := copyTable(ctx, src, tx, table)
			if err != nil {
				return fmt.Errorf("copy %s: %w", table, err)
			}
			counts = append(counts, TableCount{Table: table, Rows: n})
		}
		if err := finishCopy(ctx, tx); err != nil {
			return err
		}
		return verifyCopy(ctx, src, tx)
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// makeRoom refuses a database with data, or empties it when told to.
func (s *Store) makeRoom(ctx context.Context, tx pgx.Tx, replace bool) error {
	var rows int64
	for _, table := range append(copyTables, "leases") {
		var n int64
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			return err
		}
		rows += n
	}
	if rows == 0 {
		return nil
	}
	if !replace {
		return fmt.Errorf("%s already holds %d rows; nothing was copied. Give --replace to empty it first, or name an empty database", s.name, rows)
	}
	_, err := tx.Exec(ctx, `TRUNCATE `+strings.Join(append(copyTables, "leases"), ", ")+` RESTART IDENTITY CASCADE`)
	return err
}

// copyTable streams one table's rows with COPY. The columns are the
// source's; a column the target lacks means the two schemas differ.
func copyTable(ctx context.Context, src *sql.Tx, dst pgx.Tx, table string) (int64, error) {
	rows, err := src.QueryContext(ctx, `SELECT * FROM `+table)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	have, generated, err := targetColumns(ctx, dst, table)
	if err != nil {
		return 0, err
	}
	// An invoice names its newest payment, which is not there yet; it is
	// set once the payments are. Generated columns compute themselves.
	var skip []int
	for i, c := range cols {
		switch {
		case c == "last_payment_id" || slices.Contains(generated, c):
			skip = append(skip, i)
		case !slices.Contains(have, c):
			return 0, fmt.Errorf("column %s is in the SQLite database but not in PostgreSQL: the two paydesk versions differ; use one paydesk for both", c)
		}
	}
	n, err := dst.CopyFrom(ctx, pgx.Identifier{table}, without(cols, skip), &sqlRows{rows: rows, width: len(cols), skip: skip})
	if err != nil {
		return 0, err
	}
	return n, rows.Err()
}

// targetColumns are the table's columns in PostgreSQL: those a copy
// writes, and the generated ones it leaves to compute themselves.
func targetColumns(ctx context.Context, tx pgx.Tx, table string) (have, generated []string, err error) {
	rows, err := tx.Query(ctx, `SELECT column_name, is_generated <> 'NEVER' FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = $1`, table)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var gen bool
		if err := rows.Scan(&name, &gen); err != nil {
			return nil, nil, err
		}
		if gen {
			generated = append(generated, name)
		} else {
			have = append(have, name)
		}
	}
	return have, generated, rows.Err()
}

// without is xs without the elements at the indexes in skip, which ascend.
func without[T any](xs []T, skip []int) []T {
	out := make([]T, 0, len(xs))
	for i, x := range xs {
		if !slices.Contains(skip, i) {
			out = append(out, x)
		}
	}
	return out
}

// sqlRows feeds database/sql rows to COPY.
type sqlRows struct {
	rows  *sql.Rows
	width int
	skip  []int
	err   error
}

func (r *sqlRows) Next() bool { return r.err == nil && r.rows.Next() }

func (r *sqlRows) Values() ([]any, error) {
	vals := make([]any, r.width)
	ptrs := make([]any, r.width)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := r.rows.Scan(ptrs...); err != nil {
		r.err = err
		return nil, err
	}
	for i, v := range vals {
		if b, ok := v.([]byte); ok {
			vals[i] = string(b)
		}
	}
	return without(vals, r.skip), nil
}

func (r *sqlRows) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.rows.Err()
}

// finishCopy points every invoice at its newest payment and moves the id
// sequences past the copied ids.
func finishCopy(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `
UPDATE invoices i SET last_payment_id =
    (SELECT id FROM payments p WHERE p.invoice_id = i.id ORDER BY p.created_at DESC, p.id DESC LIMIT 1)`); err != nil {
		return fmt.Errorf("link invoices to their payments: %w", err)
	}
	for _, table := range []string{"invoices", "external_payments", "payments", "payment_attempts", "log"} {
		if _, err := tx.Exec(ctx, fmt.Sprintf(
			`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), coalesce(max(id), 0) + 1, false) FROM %[1]s`, table)); err != nil {
			return fmt.Errorf("move the ids of %s on: %w", table, err)
		}
	}
	return nil
}

// verifyCopy compares, per table, the row count and the money sums of
// source and target; any difference undoes the copy.
func verifyCopy(ctx context.Context, src *sql.Tx, dst pgx.Tx) error {
	for _, table := range copyTables {
		exprs := []string{"count(*)"}
		for _, c := range copyChecks[table] {
			exprs = append(exprs, "coalesce(sum("+c+"), 0)")
		}
		query := `SELECT ` + strings.Join(exprs, ", ") + ` FROM ` + table
		want := make([]int64, len(exprs))
		got := make([]int64, len(exprs))
		wantPtrs, gotPtrs := make([]any, len(exprs)), make([]any, len(exprs))
		for i := range exprs {
			wantPtrs[i], gotPtrs[i] = &want[i], &got[i]
		}
		if err := src.QueryRowContext(ctx, query).Scan(wantPtrs...); err != nil {
			return fmt.Errorf("check %s in the SQLite database: %w", table, err)
		}
		// PostgreSQL sums bigint as numeric; the cast brings it back.
		pgQuery := strings.ReplaceAll(query, "), 0)", ")::bigint, 0)")
		if err := dst.QueryRow(ctx, pgQuery).Scan(gotPtrs...); err != nil {
			return fmt.Errorf("check %s in PostgreSQL: %w", table, err)
		}
		for i := range exprs {
			if want[i] != got[i] {
				return fmt.Errorf("check %s: %s is %d in the SQLite database but %d after copying; nothing was copied", table, exprs[i], want[i], got[i])
			}
		}
	}
	return nil
}
