package persistence

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrDamaged is wrapped when the database file is corrupt.
var ErrDamaged = errors.New("the database is damaged: restore it from a backup")

// FaultError is a failure of the database's file or disk, said plainly,
// with SQLite's own words kept after it for whoever restores it.
type FaultError struct {
	Plain string
	Err   error
}

func (e *FaultError) Error() string { return e.Plain + " (" + e.Err.Error() + ")" }
func (e *FaultError) Unwrap() error { return e.Err }

// Explain turns a SQLite failure of the disk or file at path into what it
// is: a full disk, a read-only folder, a damaged database. Other errors are
// returned as they are.
func Explain(path string, err error) error {
	var se *sqlite.Error
	var fe *FaultError
	if err == nil || errors.As(err, &fe) {
		return err
	}
	if errors.Is(err, ErrDamaged) {
		return err // already says so
	}
	if !errors.As(err, &se) {
		return err
	}
	dir := filepath.Dir(path)
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return &FaultError{Plain: ErrDamaged.Error() + " (paydesk changed nothing)", Err: err}
	case sqlite3.SQLITE_FULL:
		return &FaultError{Plain: fmt.Sprintf("the disk is full: free some space where %s is, then try again; nothing was changed", dir), Err: err}
	case sqlite3.SQLITE_READONLY:
		return &FaultError{Plain: fmt.Sprintf("the folder %s or the database in it is read-only: paydesk cannot write there; nothing was changed", dir), Err: err}
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		if diskFull(dir) {
			return &FaultError{Plain: fmt.Sprintf("the disk is full: free some space where %s is, then try again; nothing was changed", dir), Err: err}
		}
		if readOnly(dir) {
			return &FaultError{Plain: fmt.Sprintf("the folder %s is read-only: paydesk cannot write its database there; nothing was changed", dir), Err: err}
		}
	}
	return err
}

// diskFull reports whether the file system holding dir has no room left
// for an unprivileged writer.
func diskFull(dir string) bool {
	var st syscall.Statfs_t
	return syscall.Statfs(dir, &st) == nil && st.Bavail == 0
}

// readOnly reports whether dir is on a file system mounted read-only.
func readOnly(dir string) bool {
	var st syscall.Statfs_t
	const stRdonly = 1 // ST_RDONLY
	if syscall.Statfs(dir, &st) == nil && st.Flags&stRdonly != 0 {
		return true
	}
	f, err := os.CreateTemp(dir, ".paydesk-probe-*")
	if err != nil {
		return errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EACCES)
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return false
}

// checkSettings reads the settings table's pages: a damaged page there
// could otherwise read as "integration off" or "not connected", which looks
// like a choice instead of a fault. The check is limited to that small
// table, so opening stays quick.
func (s *Store) checkSettings(ctx context.Context) error {
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA quick_check(settings)").Scan(&res); err != nil {
		return fmt.Errorf("check database %s: %w", s.path, err)
	}
	if res != "ok" {
		return fmt.Errorf("database %s: its settings failed a check: %w", s.path, ErrDamaged)
	}
	return nil
}
