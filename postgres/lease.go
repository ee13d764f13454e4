package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paydesk/paydesk/domain"
)

// A lease is a row, as in SQLite, so that every machine sees who holds it
// and until when. Beside the row, the holding store keeps a session
// advisory lock on a connection of its own. The lock lives exactly as long
// as the holding process's session: when that process dies, the server
// drops the lock at once, and another machine may take the lease over at
// its next attempt, without waiting for the row's time to run out.

// leaseLockClass is the first key of the advisory locks of leases; the
// second is the hash of the lease's name.
const leaseLockClass = 0x7061 // "pa"

// leaseLocks are the advisory locks this store holds, on their connection.
type leaseLocks struct {
	mu   sync.Mutex
	conn *pgx.Conn
	held map[string]string // lease name → the holder in this store it is held for
}

// AcquireLease takes the named lease for holder until now+ttl when nobody
// holds it, its holder's time ran out, its holder's process is gone, or
// holder already has it (renewal).
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	if holder == "" {
		return false, fmt.Errorf("lease %s: the holder is empty", name)
	}
	until := now.Add(ttl)
	if err := domain.StorableTimes(now, until); err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	l := &s.leases
	l.mu.Lock()
	defer l.mu.Unlock()
	s.connectLeases(ctx)
	current, end, err := s.Lease(ctx, name)
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	orphaned := false
	if current != "" && current != holder && !end.Before(now) {
		// Someone else's lease that has not run out: it passes on only if
		// no live session holds its lock, which this store cannot tell
		// when it holds the lock itself.
		if l.held[name] != "" {
			return false, nil
		}
		if orphaned = l.tryLock(ctx, name); !orphaned {
			return false, nil
		}
		l.held[name] = holder
	}
	got := false
	err = s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
INSERT INTO leases (name, holder, until) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
WHERE leases.holder = excluded.holder OR leases.until < $4 OR $5`, name, holder, until.UnixNano(), now.UnixNano(), orphaned)
		got = tag.RowsAffected() == 1
		return err
	})
	switch {
	case err != nil:
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	case got && l.held[name] == "":
		if l.tryLock(ctx, name) {
			l.held[name] = holder
		}
	case got:
		l.held[name] = holder // the session's lock passes to the new holder
	case l.held[name] == holder:
		l.unlock(ctx, name)
	}
	return got, nil
}

// ReleaseLease gives the lease up if holder has it.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	l := &s.leases
	l.mu.Lock()
	defer l.mu.Unlock()
	err := s.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder)
		return err
	})
	if l.held[name] == holder {
		l.unlock(ctx, name)
	}
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

// tryLock takes the lease's advisory lock without waiting; false when
// another session holds it or the server cannot be reached.
func (l *leaseLocks) tryLock(ctx context.Context, name string) bool {
	if l.conn == nil {
		return false
	}
	var got bool
	err := l.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, hashtext($2))`, leaseLockClass, name).Scan(&got)
	if err != nil {
		l.lost()
		return false
	}
	return got
}

func (l *leaseLocks) unlock(ctx context.Context, name string) {
	delete(l.held, name)
	if l.conn == nil {
		return
	}
	if _, err := l.conn.Exec(ctx, `SELECT pg_advisory_unlock($1, hashtext($2))`, leaseLockClass, name); err != nil {
		l.lost()
	}
}

// lost forgets a broken connection and every lock on it: the server has
// dropped them with the session.
func (l *leaseLocks) lost() {
	if l.conn != nil {
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		l.conn.Close(closeCtx)
		cancel()
		l.conn = nil
	}
	clear(l.held)
}

// connectLeases opens the locks' connection when there is none; without
// it, leases still pass on when their time runs out.
func (s *Store) connectLeases(ctx context.Context) {
	if s.leases.conn != nil {
		return
	}
	conn, err := pgx.ConnectConfig(ctx, s.cfg.Copy())
	if err == nil {
		s.leases.conn = conn
	}
}

func (s *Store) closeLeases() {
	s.leases.mu.Lock()
	defer s.leases.mu.Unlock()
	s.leases.lost()
}
