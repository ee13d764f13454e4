package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paydesk/paydesk/domain"
)

// logLock serializes appends to the log, so that ids are committed in the
// order they are handed out and a reader following the log by id never
// skips an entry that commits late.
const logLock = 0x6c6f67 // "log"

// AppendLog stores e and returns it with its id. An empty level is info.
func (s *Store) AppendLog(ctx context.Context, e domain.LogEntry) (domain.LogEntry, error) {
	e, err := e.Checked()
	if err != nil {
		return e, err
	}
	if err := domain.StorableTimes(e.At); err != nil {
		return e, fmt.Errorf("log entry %s: %w", e.Event, err)
	}
	says, err := e.Says.Encode()
	if err != nil {
		return e, fmt.Errorf("log entry %s: %w", e.Event, err)
	}
	err = s.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, logLock); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `
INSERT INTO log (at, level, actor, invoice_number, mollie_id, event, message, http_status, says)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			nanos(e.At), string(e.Level), e.Actor, e.InvoiceNumber, e.MollieID, string(e.Event), e.Message, e.HTTPStatus, says).Scan(&e.ID)
	})
	if err != nil {
		return e, fmt.Errorf("append log entry %s: %w", e.Event, err)
	}
	return e, nil
}

// Log lists entries newest first, narrowed by f.
func (s *Store) Log(ctx context.Context, f domain.LogFilter) ([]domain.LogEntry, error) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.InvoiceNumber != "" {
		where = append(where, `invoice_number = `+arg(f.InvoiceNumber))
	}
	if f.Level != "" {
		var levels []string
		for _, l := range []domain.Level{domain.LevelInfo, domain.LevelWarn, domain.LevelError} {
			if l.AtLeast(f.Level) {
				levels = append(levels, string(l))
			}
		}
		where = append(where, `level = ANY(`+arg(levels)+`)`)
	}
	if f.Text != "" {
		// ILIKE ignores case; the escape keeps % and _ in the text literal.
		p := arg("%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(f.Text) + "%")
		where = append(where, `(message ILIKE `+p+` OR event ILIKE `+p+` OR invoice_number ILIKE `+p+` OR mollie_id ILIKE `+p+`)`)
	}
	if f.AfterID > 0 {
		where = append(where, `id > `+arg(f.AfterID))
	}
	if f.BeforeID > 0 {
		where = append(where, `id < `+arg(f.BeforeID))
	}
	query := `SELECT id, at, level, actor, invoice_number, mollie_id, event, message, http_status, says FROM log`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	if f.Oldest {
		query += ` ORDER BY id ASC`
	} else {
		query += ` ORDER BY id DESC`
	}
	if f.Limit > 0 {
		query += ` LIMIT ` + arg(f.Limit)
	}
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	defer rows.Close()
	var out []domain.LogEntry
	for rows.Next() {
		var (
			e            domain.LogEntry
			at, status   int64
			level, event string
			says         string
		)
		if err := rows.Scan(&e.ID, &at, &level, &e.Actor, &e.InvoiceNumber, &e.MollieID, &event, &e.Message, &status, &says); err != nil {
			return nil, fmt.Errorf("read log: %w", err)
		}
		if e.Says, err = domain.DecodeText(says); err != nil {
			return nil, fmt.Errorf("read log entry %d: %w", e.ID, err)
		}
		e.At, e.Level, e.Event, e.HTTPStatus = time.Unix(0, at).UTC(), domain.Level(level), domain.Event(event), int(status)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	return out, nil
}

// PruneLog deletes entries older than before, except the newest keep.
func (s *Store) PruneLog(ctx context.Context, before time.Time, keep int) (int, error) {
	keep = max(keep, 0)
	var n int64
	err := s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
DELETE FROM log
WHERE at < $1
  AND id <= coalesce((SELECT id FROM log ORDER BY id DESC LIMIT 1 OFFSET $2), -1)`, sinceNanos(before), keep)
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune log: %w", err)
	}
	return int(n), nil
}
