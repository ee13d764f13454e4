package persistence

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/paydesk/paydesk/domain"
)

// The receivables queries sum in SQLite, so the morning overview of 100,000
// invoices reads a few rows instead of every invoice. Each is written for
// one mode, since the settlement columns are named after it.

// owedQuery sums the outstanding amount of payable invoices per currency and
// ageing bucket: ?1..?4 are the bucket boundaries as due-date nanoseconds.
const owedQuery = `
SELECT currency, bucket, SUM(owed), COUNT(*) FROM (
    SELECT currency,
           total_minor - paid_outside_minor - (%[1]s_paid_minor - %[1]s_refunded_minor - %[1]s_charged_back_minor) AS owed,
           CASE WHEN due_date IS NULL OR due_date >= ?1 THEN 0
                WHEN due_date >= ?2 THEN 1
                WHEN due_date >= ?3 THEN 2
                WHEN due_date >= ?4 THEN 3
                ELSE 4 END AS bucket
    FROM invoices WHERE kind = 'invoice' AND %[1]s_rank < 0 -- the owing invoices' partial index (0007)
) WHERE owed > 0 GROUP BY currency, bucket`

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
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(owedQuery, prefix),
		q.DueFrom[0].UnixNano(), q.DueFrom[1].UnixNano(), q.DueFrom[2].UnixNano(), q.DueFrom[3].UnixNano())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			cur    string
			bucket int
			owed   int64
			count  int
		)
		if err := rows.Scan(&cur, &bucket, &owed, &count); err != nil {
			return err
		}
		if bucket < 0 || bucket >= int(domain.AgeBuckets) {
			return fmt.Errorf("ageing bucket %d out of range", bucket)
		}
		c := r.Currency(cur)
		c.Owed[bucket] = domain.NewMoney(owed, cur)
		c.Invoices[bucket] = count
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
