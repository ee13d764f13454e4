package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
)

const appendLogSQL = `
INSERT INTO log (at, level, actor, invoice_number, mollie_id, event, message, http_status, says)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

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
	err = s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, s.stmts.appendLog).ExecContext(ctx, nanos(e.At), string(e.Level), e.Actor, e.InvoiceNumber, e.MollieID, string(e.Event), e.Message, e.HTTPStatus, says)
		if err != nil {
			return err
		}
		e.ID, err = res.LastInsertId()
		return err
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
	if f.InvoiceNumber != "" {
		where, args = append(where, `invoice_number = ?`), append(args, f.InvoiceNumber)
	}
	if f.Level != "" {
		levels := levelsAtLeast(f.Level)
		where = append(where, `level IN (?`+strings.Repeat(`, ?`, len(levels)-1)+`)`)
		for _, l := range levels {
			args = append(args, string(l))
		}
	}
	if f.Text != "" {
		// LIKE ignores the case of ASCII letters; the escape keeps % and _
		// in the search text literal.
		where = append(where, `(message LIKE ? ESCAPE '\' OR event LIKE ? ESCAPE '\' OR invoice_number LIKE ? ESCAPE '\' OR mollie_id LIKE ? ESCAPE '\')`)
		pattern := likePattern(f.Text)
		args = append(args, pattern, pattern, pattern, pattern)
	}
	if f.AfterID > 0 {
		where, args = append(where, `id > ?`), append(args, f.AfterID)
	}
	if f.BeforeID > 0 {
		where, args = append(where, `id < ?`), append(args, f.BeforeID)
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
		query, args = query+` LIMIT ?`, append(args, f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	defer rows.Close()
	var out []domain.LogEntry
	for rows.Next() {
		var (
			e                  domain.LogEntry
			level, event, says string
		)
		if err := rows.Scan(&e.ID, timeCol{&e.At}, &level, &e.Actor, &e.InvoiceNumber, &e.MollieID, &event, &e.Message, &e.HTTPStatus, &says); err != nil {
			return nil, fmt.Errorf("read log: %w", err)
		}
		if e.Says, err = domain.DecodeText(says); err != nil {
			return nil, fmt.Errorf("read log entry %d: %w", e.ID, err)
		}
		e.Level, e.Event = domain.Level(level), domain.Event(event)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	return out, nil
}

func levelsAtLeast(min domain.Level) []domain.Level {
	var out []domain.Level
	for _, l := range []domain.Level{domain.LevelInfo, domain.LevelWarn, domain.LevelError} {
		if l.AtLeast(min) {
			out = append(out, l)
		}
	}
	return out
}

func likePattern(text string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(text) + "%"
}

// PruneLog deletes entries older than before, except the newest keep.
func (s *Store) PruneLog(ctx context.Context, before time.Time, keep int) (int, error) {
	if keep < 0 {
		keep = 0
	}
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		// The (keep+1)-th newest id and all below it are outside the
		// newest keep; with fewer entries there is nothing to prune.
		res, err := tx.ExecContext(ctx, `
DELETE FROM log
WHERE at < ?
  AND id <= coalesce((SELECT id FROM log ORDER BY id DESC LIMIT 1 OFFSET ?), -1)`, sinceNanos(before), keep)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune log: %w", err)
	}
	return int(n), nil
}
