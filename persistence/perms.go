package persistence

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// prepareFile makes sure the folder exists and creates a new database file
// readable by its owner only: it will hold the Mollie API key. An existing
// file that other users may read or write is reported, not changed: its
// owner may have reasons, and may not be us.
func prepareFile(abs string, warn io.Writer) error {
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create database folder %s: %w", dir, err)
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		if err := f.Close(); err != nil {
			return fmt.Errorf("create database %s: %w", abs, err)
		}
		return nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create database %s: %w", abs, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return fmt.Errorf("database %s: %w", abs, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("database %s is not a regular file", abs)
	}
	warnIfOpenToOthers(warn, abs, info.Mode())
	return nil
}

// warnIfOpenToOthers prints one line when users outside the file's group
// can read or write the database. Group access (0660) is how a team shares
// a box on purpose, so it is not reported.
func warnIfOpenToOthers(warn io.Writer, abs string, mode fs.FileMode) {
	if mode.Perm()&0o006 == 0 {
		return
	}
	fmt.Fprintf(warn, "paydesk: warning: database %s can be read or written by every user of this machine (mode %04o) and holds the Mollie API key; fix it with: chmod 600 %s\n",
		abs, mode.Perm(), shellQuote(abs))
}

// shellQuote makes p safe to paste into a POSIX shell.
func shellQuote(p string) string {
	if p != "" && strings.Trim(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,:@") == "" {
		return p
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}

// TightenExisting takes away what others (and, outside a folder shared
// with a group, the group) may do with an existing database file: it holds
// the Mollie API key. It says what it changed ("" when nothing, or when
// there is no file yet); when it cannot, it refuses with what to do.
func TightenExisting(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("database path %s: %w", path, err)
	}
	info, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("database %s: %w", abs, err)
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("database %s is not a regular file; give --db a file path", abs)
	}
	loose := fs.FileMode(0o077)
	if dir, err := os.Stat(filepath.Dir(abs)); err == nil && dir.Mode()&fs.ModeSetgid != 0 {
		loose = 0o007 // a folder shared with a group on purpose: the group keeps its access
	}
	have := info.Mode().Perm()
	if have&loose == 0 {
		return "", nil
	}
	want := have &^ loose
	if err := os.Chmod(abs, want); err != nil {
		return "", fmt.Errorf("database %s has mode %04o, which lets other users read the Mollie API key, and cannot be tightened (%w); run chmod %04o %s as its owner, or give --db another path",
			abs, have, err, want, shellQuote(abs))
	}
	return fmt.Sprintf("%s: mode %04o → %04o", abs, have, want), nil
}
