// Package persistence keeps paydesk's state in one SQLite file: invoices,
// payments and their attempts, the integration log, settings and leases. It
// implements domain.Store on modernc.org/sqlite, so the binary needs no C
// toolchain.
//
// Several processes may use one database at once (bookkeepers on a shared
// box, 'paydesk serve', a sync loop): the file is in WAL mode, so readers
// never wait, and every write is a short BEGIN IMMEDIATE transaction that
// first queues for a lock file beside the database, so that writers take
// turns instead of failing with "database is locked".
package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/paydesk/paydesk/domain"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

var _ domain.Store = (*Store)(nil)

// busyTimeout is how long a statement waits for another connection's lock.
// Transactions are short, so reaching it means something hangs.
const busyTimeout = 10 * time.Second

// Options tunes Open.
type Options struct {
	// Warn receives warnings about the database, such as a file other users
	// can read; nil discards them.
	Warn io.Writer
	// ReadOnly opens an existing database for reading only: nothing is
	// created beside it (no folder, no lock file), the schema is not
	// upgraded, and every write fails with ErrReadOnly. Commands that only
	// read use it, so they work on a file or folder they may not write.
	ReadOnly bool
}

// ErrReadOnly is what a write returns on a store opened with ReadOnly.
var ErrReadOnly = errors.New("the database was opened read-only")

// Store is a domain.Store on one SQLite file. It is safe for concurrent use.
type Store struct {
	db    *sql.DB
	stmts *statements // nil until the schema is up to date
	path  string

	// writers lines up the write transactions of all processes, so that
	// SQLite's write lock is free whenever one begins.
	writers *writeLock

	mu       sync.Mutex // guards closed and adding to watchers
	closed   bool
	closing  chan struct{} // closed by Close, to stop the watchers
	watchers sync.WaitGroup
	closeErr error

	// beforeLook, when set, runs before each look of a change watcher;
	// tests make it panic.
	beforeLook func()
}

// Open opens the database at path, creating it (and its folder) when new,
// and brings its schema up to date.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	warn := opts.Warn
	if warn == nil {
		warn = io.Discard
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database path %s: %w", path, err)
	}
	if opts.ReadOnly {
		return openReadOnly(ctx, abs, warn)
	}
	if err := prepareFile(abs, warn); err != nil {
		return nil, err
	}
	return openPrepared(ctx, abs)
}

// openReadOnly opens an existing database without writing anything: no
// lock file, no migration. When SQLite cannot even create the shared-memory
// index beside a WAL database (a folder the user may not write), the file
// is read as immutable, which needs no index; a writer cannot be working
// on it then anyway, since writers need that folder too.
func openReadOnly(ctx context.Context, abs string, warn io.Writer) (*Store, error) {
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", abs, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("database %s is not a regular file", abs)
	}
	warnIfOpenToOthers(warn, abs, info.Mode())
	s, err := openReadOnlyDSN(ctx, abs, false)
	if err != nil && syscall.Access(filepath.Dir(abs), accessWrite) != nil {
		s, err = openReadOnlyDSN(ctx, abs, true)
	}
	return s, err
}

// accessWrite is W_OK for access(2).
const accessWrite = 0x2

func openReadOnlyDSN(ctx context.Context, abs string, immutable bool) (*Store, error) {
	ms, err := embeddedMigrations()
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", readOnlyDSN(abs, immutable))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(time.Minute)
	s := &Store{db: db, path: abs, closing: make(chan struct{})}
	have, err := userVersion(ctx, db)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	if have != len(ms) {
		s.Close()
		return nil, fmt.Errorf("database %s has schema version %d and this paydesk reads version %d; a command that writes (such as 'paydesk sync') upgrades it, by someone who may write the file", abs, have, len(ms))
	}
	if err := s.checkSettings(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.stmts, err = prepareStatements(ctx, db); err != nil {
		s.Close()
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	return s, nil
}

// readOnlyDSN is dataSourceName for a reader: mode=ro, and no pragma that
// would write (journal_mode is whatever the file has).
func readOnlyDSN(abs string, immutable bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String()
}

// openPrepared opens a database file that exists, with the mode the
// caller gave it.
func openPrepared(ctx context.Context, abs string) (*Store, error) {
	ms, err := embeddedMigrations()
	if err != nil {
		return nil, err
	}
	writers, err := openWriteLock(abs)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dataSourceName(abs))
	if err != nil {
		writers.close()
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	// Connections are cheap for SQLite and let readers run beside the
	// writer. Each keeps the statements prepared on it, so one closed for
	// being surplus takes them along, and its successor opens the file and
	// prepares them again: enough stay idle for the bursts of 'paydesk
	// serve', and a minute without use closes them.
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(time.Minute)
	s := &Store{db: db, path: abs, writers: writers, closing: make(chan struct{})}
	if err := db.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	if err := s.migrate(ctx, ms); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.refold(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("database %s: %w", abs, err)
	}
	if err := s.checkSettings(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.stmts, err = prepareStatements(ctx, db); err != nil {
		s.Close()
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	return s, nil
}

// dataSourceName builds a file: URI so that any character in the path,
// '?' and '#' included, reaches SQLite intact. The driver applies the
// _pragma values to every new connection, busy_timeout first; _txlock makes
// every read-write transaction BEGIN IMMEDIATE, so a writer takes the lock
// up front and never fails halfway with SQLITE_BUSY. Read-only transactions
// stay deferred.
func dataSourceName(abs string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String()
}

// Path is the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close stops the change watchers and closes every connection.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return s.closeErr
	}
	s.closed = true
	close(s.closing)
	s.mu.Unlock()

	s.watchers.Wait()
	var err error
	if s.stmts != nil {
		err = s.stmts.close()
	}
	err = errors.Join(err, s.db.Close())
	if s.writers != nil {
		s.writers.close()
	}
	s.mu.Lock()
	s.closeErr = err
	s.mu.Unlock()
	return err
}

// write runs fn in a BEGIN IMMEDIATE transaction, in its turn among the
// writers of all processes, and commits it if fn succeeds.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.writers == nil {
		return ErrReadOnly
	}
	unlock, err := s.writers.lock(ctx)
	if err != nil {
		return fmt.Errorf("wait to write: %w", err)
	}
	defer unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// read runs fn in a read-only transaction, so that the queries it makes
// see one consistent snapshot while writers carry on.
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// Snapshot runs fn in one read transaction over the tables themselves, so
// that 'paydesk migrate' copies a consistent state while others carry on.
func (s *Store) Snapshot(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.read(ctx, fn)
}
