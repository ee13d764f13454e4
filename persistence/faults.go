package persistence

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/paydesk/paydesk/domain"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrDamaged is the class of the errors saying the database file is
// corrupt: errors.Is finds it in what Explain and Open return.
var ErrDamaged = errors.New("the database is damaged: restore it from a backup")

// Explain turns a SQLite failure of the disk or file at path into what it
// is, as a domain.Error the printer words: a full disk, a read-only folder,
// a damaged database. SQLite's own words stay as the cause, for whoever
// restores it. Other errors are returned as they are.
func Explain(path string, err error) error {
	var se *sqlite.Error
	if err == nil || errors.Is(err, ErrDamaged) || isFault(err) {
		return err // already says what it is
	}
	if !errors.As(err, &se) {
		return err
	}
	dir := filepath.Dir(path)
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return damaged(err)
	case sqlite3.SQLITE_FULL:
		return domain.Fail(domain.WhyDiskFull, dir).Because(err)
	case sqlite3.SQLITE_READONLY:
		return domain.Fail(domain.WhyReadOnlyDatabase, dir).Because(err)
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		if diskFull(dir) {
			return domain.Fail(domain.WhyDiskFull, dir).Because(err)
		}
		if readOnly(dir) {
			return domain.Fail(domain.WhyReadOnlyFolder, dir).Because(err)
		}
	}
	return err
}

// damaged says the database is corrupt, in the class ErrDamaged, with the
// cause that showed it.
func damaged(cause error) error {
	return domain.Fail(domain.WhyDamaged).In(ErrDamaged).Because(cause)
}

// isFault reports whether err already says it is a fault of the disk or
// file.
func isFault(err error) bool {
	var de *domain.Error
	if !errors.As(err, &de) {
		return false
	}
	switch de.Why {
	case domain.WhyDiskFull, domain.WhyReadOnlyFolder, domain.WhyReadOnlyDatabase:
		return true
	}
	return false
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
		return damaged(fmt.Errorf("database %s: its settings failed a check: %s", s.path, res))
	}
	return nil
}
