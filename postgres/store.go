// Package postgres keeps paydesk's state in a PostgreSQL database, for an
// office whose bookkeepers work from several machines or that wants the
// database on a managed, backed-up server. It implements domain.Store with
// the same guarantees as the SQLite store: the one-active-payment rule is a
// unique partial index, a payment intent is written under a row lock on its
// invoice, every writer NOTIFYs and every open interface LISTENs, and the
// sync lease is a row that any machine can take over once it runs out.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/paydesk/paydesk/domain"
)

var _ domain.Store = (*Store)(nil)

// changesChannel is the channel every write notifies at commit.
const changesChannel = "paydesk_changes"

// IsURL reports whether s names a PostgreSQL database rather than a file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Redact is the connection string without its password, for messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the PostgreSQL database"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Store is a domain.Store on one PostgreSQL database. It is safe for
// concurrent use.
type Store struct {
	pool *pgxpool.Pool
	cfg  *pgx.ConnConfig // for the listeners' own connections
	name string          // the connection string without its password

	leases leaseLocks

	mu       sync.Mutex // guards closed and adding to watchers
	closed   bool
	closing  chan struct{}
	watchers sync.WaitGroup
}

// Open connects to the database dsn names and brings its schema up to
// date. Errors name the database without its password.
func Open(ctx context.Context, dsn string) (*Store, error) {
	name := Redact(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database %s: the connection string is not valid: %w", name, scrub(err, dsn))
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", name, scrub(err, dsn))
	}
	s := &Store{pool: pool, cfg: cfg.ConnConfig, name: name, closing: make(chan struct{}), leases: leaseLocks{held: map[string]string{}}}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to %s: %w", name, scrub(err, dsn))
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database %s: %w", name, err)
	}
	if err := s.refold(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database %s: %w", name, err)
	}
	return s, nil
}

// scrub keeps the password out of a driver error that quotes the
// connection string.
func scrub(err error, dsn string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if u, perr := url.Parse(dsn); perr == nil {
		if pw, ok := u.User.Password(); ok && pw != "" && strings.Contains(msg, pw) {
			return errors.New(strings.ReplaceAll(msg, pw, "xxxxx"))
		}
	}
	return err
}

// Name is the database's connection string without its password.
func (s *Store) Name() string { return s.name }

// Close stops the listeners and closes every connection.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.closing)
	s.mu.Unlock()
	s.watchers.Wait()
	s.closeLeases()
	s.pool.Close()
	return nil
}

// write runs fn in a transaction, notifies the listeners and commits. The
// notification is delivered at commit, and only then.
func (s *Store) write(ctx context.Context, fn func(pgx.Tx) error) error {
	return s.retry(func() error {
		return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if err := fn(tx); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `SELECT pg_notify($1, '')`, changesChannel); err != nil {
				return fmt.Errorf("notify: %w", err)
			}
			return nil
		})
	})
}

// read runs fn in a read-only transaction with one snapshot for all its
// queries.
func (s *Store) read(ctx context.Context, fn func(pgx.Tx) error) error {
	return s.retry(func() error {
		return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, fn)
	})
}

// retry runs a transaction again when it failed on a connection that
// broke before anything reached the server, as every pooled connection
// does when the server restarts: pgx marks such errors safe to retry, and
// the pool drops the broken connection, so the next try gets a live one.
// It gives up after as many tries as the pool holds connections, plus one.
func (s *Store) retry(tx func() error) error {
	var err error
	for range int(s.pool.Config().MaxConns) + 1 {
		if err = tx(); err == nil || !pgconn.SafeToRetry(err) {
			return err
		}
	}
	return err
}

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// notFound turns pgx.ErrNoRows into domain.ErrNotFound naming what was
// looked for.
func notFound(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, domain.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}
