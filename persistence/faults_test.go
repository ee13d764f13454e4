package persistence

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/i18n"
)

// en words errors as an English reader sees them.
var en = i18n.New("en")

// A damaged settings page is a fault, not "integration off".
func TestDamagedSettingsPageIsReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paydesk.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(context.Background(), "integration", "on"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var root, size int64
	if _, err := raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = 'settings'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("PRAGMA page_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := b[(root-1)*size : root*size]
	for i := 8; i < len(page); i++ {
		page[i] = 0 // the cells point nowhere now
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		_, err := Open(context.Background(), path, Options{ReadOnly: ro})
		if !errors.Is(err, ErrDamaged) || !strings.Contains(en.Err(err), "The database is damaged: restore it from a backup") {
			t.Errorf("read-only %v: opening a database with a damaged settings page: %v", ro, err)
		}
	}
}

// SQLite's codes for a full disk and a read-only file become plain words.
func TestFaultsAreSaidPlainly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE t (b BLOB)"); err != nil {
		t.Fatal(err)
	}
	// A database that may not grow is what a full disk looks like to SQLite.
	if _, err := db.Exec("PRAGMA max_page_count = 3"); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec("INSERT INTO t VALUES (zeroblob(100000))")
	if got := Explain(path, err); err == nil || !strings.Contains(en.Err(got), "The disk is full: free some space where "+dir+" is") {
		t.Errorf("full: %v", got)
	}

	ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.Exec("INSERT INTO t VALUES (1)")
	if got := Explain(path, err); err == nil || !strings.Contains(en.Err(got), "The folder "+dir+" or the database in it is read-only") {
		t.Errorf("read-only: %v", got)
	}

	if err := os.WriteFile(filepath.Join(dir, "junk.db"), []byte(strings.Repeat("not a database ", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), filepath.Join(dir, "junk.db"), Options{})
	if got := Explain(filepath.Join(dir, "junk.db"), err); err == nil || !errors.Is(got, ErrDamaged) || !strings.HasPrefix(en.Err(got), "The database is damaged: restore it from a backup") {
		t.Errorf("junk: %v", got)
	}
	if other := errors.New("something else"); Explain(path, other) != other {
		t.Error("an unrelated error was changed")
	}
}
