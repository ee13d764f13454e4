package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Setting returns the value stored under key, "" when there is none.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		// The key is named, never the value: it may be the API key.
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores value under key; "" removes the setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	err := s.write(ctx, func(tx pgx.Tx) error {
		if value == "" {
			_, err := tx.Exec(ctx, `DELETE FROM settings WHERE key = $1`, key)
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("store setting %s: %w", key, err)
	}
	return nil
}

// AcquireLease takes the named lease for holder until now+ttl when nobody
// holds it, its holder's time ran out, or holder already has it. One
// statement decides, so two machines asking at once cannot both win; a
// holder that dies stops renewing, and the lease passes on when its time
// runs out.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	if holder == "" {
		return false, fmt.Errorf("lease %s: the holder is empty", name)
	}
	until := now.Add(ttl)
	if err := checkTimes(now, until); err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	got := false
	err := s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
INSERT INTO leases (name, holder, until) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
WHERE leases.holder = excluded.holder OR leases.until < $4`, name, holder, until.UnixNano(), now.UnixNano())
		got = tag.RowsAffected() == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	return got, nil
}

// ReleaseLease gives the lease up if holder has it.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	err := s.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder)
		return err
	})
	if err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}

// Lease tells who holds the named lease and until when; "" when nobody.
func (s *Store) Lease(ctx context.Context, name string) (string, time.Time, error) {
	var (
		holder string
		until  int64
	)
	err := s.pool.QueryRow(ctx, `SELECT holder, until FROM leases WHERE name = $1`, name).Scan(&holder, &until)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("read lease %s: %w", name, err)
	}
	return holder, time.Unix(0, until).UTC(), nil
}
