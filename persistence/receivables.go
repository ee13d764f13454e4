package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// The receivables queries sum in SQLite, so the morning overview of 100,000
// invoices reads a few rows instead of every invoice. Each is written for
// one mode, since the settlement columns are named after it.

// owedQuery lists, for every invoice still owed in a mode, its currency,
// due key (migration 0005: undated last) and rank, which is minus what it
// owes: all of it is in the owing invoices' partial index (0010), so the
// table is not visited. The sums are made in Go, which is faster than
// SQLite's GROUP BY sorting every owing invoice, and buckets them with
// domain's own rule.
const owedQuery = `SELECT currency, due_key, %[1]s_rank FROM invoices WHERE kind = 'invoice' AND %[1]s_rank < 0`

// receivedQuery sums what came in per currency since ?2, ?3 and ?4 (today,
// this week, this month), counted as domain.Settle counts it: paid attempts,
// or a paid payment with no paid attempt. ?1 is the mode, ?5 the earliest
// window.
const receivedQuery = `
SELECT i.currency,
       SUM(CASE WHEN r.at >= ?2 THEN r.amount ELSE 0 END),
       SUM(CASE WHEN r.at >= ?3 THEN r.amount ELSE 0 END),
       SUM(CASE WHEN r.at >= ?4 THEN r.amount ELSE 0 END)
FROM (
    SELECT p.invoice_id, a.amount_minor AS amount, a.paid_at AS at
    FROM payment_attempts a JOIN payments p ON p.id = a.payment_id
    WHERE a.status = 'paid' AND p.mode = ?1 AND a.paid_at >= ?5
    UNION ALL
    SELECT p.invoice_id, p.amount_minor, p.paid_at
    FROM payments p
    WHERE p.status = 'paid' AND p.mode = ?1 AND p.paid_at >= ?5
      AND NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.payment_id = p.id AND a.status = 'paid' AND a.paid_at IS NOT NULL)
) r JOIN invoices i ON i.id = r.invoice_id
GROUP BY i.currency`

const openQuery = `SELECT COUNT(*) FROM payments p WHERE p.mode = ? AND ` + activeStatus

// Receivables implements domain.Store.
func (s *Store) Receivables(ctx context.Context, q domain.ReceivablesQuery) (domain.Receivables, error) {
	var r domain.Receivables
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := sumOwed(ctx, tx, q, &r); err != nil {
			return fmt.Errorf("sum what is owed: %w", err)
		}
		if err := sumReceived(ctx, tx, q, &r); err != nil {
			return fmt.Errorf("sum what came in: %w", err)
		}
		if err := tx.QueryRowContext(ctx, openQuery, string(q.Mode)).Scan(&r.OpenLinks); err != nil {
			return fmt.Errorf("count open payments: %w", err)
		}
		return nil
	})
	return r, err
}

func sumOwed(ctx context.Context, tx *sql.Tx, q domain.ReceivablesQuery, r *domain.Receivables) error {
	prefix := "test"
	if q.Mode == domain.ModeLive {
		prefix = "live"
	}
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(owedQuery, prefix))
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		cur       string
		due, rank int64
	)
	for rows.Next() {
		if err := rows.Scan(&cur, &due, &rank); err != nil {
			return err
		}
		var dueDate time.Time
		if due != math.MaxInt64 {
			dueDate = time.Unix(0, due)
		}
		b, c := q.Bucket(dueDate), r.Currency(cur)
		c.Owed[b] = c.Owed[b].Add(domain.NewMoney(-rank, cur))
		c.Invoices[b]++
	}
	return rows.Err()
}

func sumReceived(ctx context.Context, tx *sql.Tx, q domain.ReceivablesQuery, r *domain.Receivables) error {
	earliest := q.PaidFrom[0]
	for _, t := range q.PaidFrom {
		if t.Before(earliest) {
			earliest = t
		}
	}
	rows, err := tx.QueryContext(ctx, receivedQuery, string(q.Mode),
		q.PaidFrom[0].UnixNano(), q.PaidFrom[1].UnixNano(), q.PaidFrom[2].UnixNano(), earliest.UnixNano())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			cur string
			in  [domain.ReceivedWindows]int64
		)
		if err := rows.Scan(&cur, &in[0], &in[1], &in[2]); err != nil {
			return err
		}
		c := r.Currency(cur)
		for w, minor := range in {
			c.Received[w] = domain.NewMoney(minor, cur)
		}
	}
	return rows.Err()
}
