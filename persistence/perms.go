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
