package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paydesk/paydesk/domain"
)

const (
	leaseSQL    = `SELECT holder, until FROM leases WHERE name = ?`
	putLeaseSQL = `
INSERT INTO leases (name, holder, until) VALUES (?, ?, ?)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until`
)

// AcquireLease takes the named lease for holder until now+ttl when nobody
// holds it, its holder's time ran out, or holder already has it (renewal).
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	if holder == "" {
		return false, fmt.Errorf("lease %s: the holder is empty", name)
	}
	until := now.Add(ttl)
	if err := domain.StorableTimes(now, until); err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	got := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		var (
			current string
			end     int64
		)
		err := tx.StmtContext(ctx, s.stmts.lease).QueryRowContext(ctx, name).Scan(&current, &end)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case current != holder && end >= now.UnixNano():
			return nil
		}
		_, err = tx.StmtContext(ctx, s.stmts.putLease).ExecContext(ctx, name, holder, until.UnixNano())
		got = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	return got, nil
}

// ReleaseLease gives the lease up if holder has it; someone else's lease
// is left alone.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder)
		return err
	})
	if err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}

// Lease tells who holds the named lease and until when; holder is "" when
// nobody does. A lease whose time ran out is still reported, with its end
// in the past.
func (s *Store) Lease(ctx context.Context, name string) (string, time.Time, error) {
	var (
		holder string
		until  time.Time
	)
	err := s.stmts.lease.QueryRowContext(ctx, name).Scan(&holder, timeCol{&until})
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("read lease %s: %w", name, err)
	}
	return holder, until, nil
}
