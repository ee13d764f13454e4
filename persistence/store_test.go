package persistence

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/paydesk/paydesk/i18n"
)

func schemaVersion(t *testing.T, db *sql.DB) int {
	t.Helper()
	v, err := userVersion(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenCreatesSchemaAtNewestVersion(t *testing.T) {
	s := openTest(t)
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if got := schemaVersion(t, s.db); got != len(ms) || got < 1 {
		t.Fatalf("user_version = %d, want %d", got, len(ms))
	}
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk, timeout, sync int
	s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	s.db.QueryRow("PRAGMA busy_timeout").Scan(&timeout)
	s.db.QueryRow("PRAGMA synchronous").Scan(&sync)
	if fk != 1 || timeout < 5000 || sync != 1 {
		t.Fatalf("foreign_keys=%d busy_timeout=%d synchronous=%d; want 1, >=5000, 1 (NORMAL)", fk, timeout, sync)
	}
}

func TestReopenKeepsDataAndVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paydesk.db")
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, testInvoice("A-1", 1000))
	if err := s.SetSetting(ctx, "language", "nl"); err != nil {
		t.Fatal(err)
	}
	want := schemaVersion(t, s.db)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openAt(t, path)
	if got := schemaVersion(t, s.db); got != want {
		t.Fatalf("user_version after reopen = %d, want %d", got, want)
	}
	if inv := mustInvoice(t, s, "A-1"); inv.Total != eur(1000) {
		t.Fatalf("invoice after reopen: %+v", inv)
	}
	if v, _ := s.Setting(ctx, "language"); v != "nl" {
		t.Fatalf("setting after reopen = %q", v)
	}
}

func TestMigrationUpgradesExistingData(t *testing.T) {
	s := openTest(t)
	mustImport(t, s, testInvoice("A-1", 1000))
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	next := migration{version: len(ms) + 1, name: "test_add_note.sql", sql: `
ALTER TABLE invoices ADD COLUMN note TEXT NOT NULL DEFAULT '';
UPDATE invoices SET note = 'was ' || number;`}
	if err := s.migrate(context.Background(), append(ms, next)); err != nil {
		t.Fatal(err)
	}
	if got := schemaVersion(t, s.db); got != next.version {
		t.Fatalf("user_version = %d, want %d", got, next.version)
	}
	var note string
	if err := s.db.QueryRow(`SELECT note FROM invoices WHERE number = 'A-1'`).Scan(&note); err != nil || note != "was A-1" {
		t.Fatalf("note = %q, %v", note, err)
	}
}

func TestFailedMigrationLeavesNothingBehind(t *testing.T) {
	s := openTest(t)
	ms, _ := embeddedMigrations()
	bad := migration{version: len(ms) + 1, name: "test_bad.sql", sql: `
CREATE TABLE half_done (x INTEGER);
INSERT INTO no_such_table VALUES (1);`}
	err := s.migrate(context.Background(), append(ms, bad))
	if err == nil || !strings.Contains(err.Error(), "test_bad.sql") {
		t.Fatalf("err = %v, want the failing migration named", err)
	}
	if got := schemaVersion(t, s.db); got != len(ms) {
		t.Fatalf("user_version = %d after a failed step, want %d", got, len(ms))
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).Scan(&n)
	if n != 0 {
		t.Fatal("the failed migration's first statement was kept")
	}
}

func TestMigrationSequenceMustHaveNoGaps(t *testing.T) {
	err := checkSequence([]migration{{version: 1, name: "0001_a.sql"}, {version: 3, name: "0003_c.sql"}})
	if err == nil || !strings.Contains(err.Error(), "0003_c.sql") {
		t.Fatalf("err = %v", err)
	}
}

func TestNewerDatabaseIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paydesk.db")
	s := openAt(t, path)
	if _, err := s.db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(context.Background(), path, Options{})
	if err == nil {
		t.Fatal("a database of schema version 999 was opened")
	}
	words := i18n.New("en").Err(err)
	for _, want := range []string{path, "999", "newer", "upgrade paydesk"} {
		if !strings.Contains(words, want) {
			t.Errorf("error %q does not mention %q", words, want)
		}
	}
}

func perm(t *testing.T, path string) os.FileMode {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode()
}

func TestNewDatabaseIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "paydesk")
	path := filepath.Join(dir, "paydesk.db")
	s := openAt(t, path)
	mustImport(t, s, testInvoice("A-1", 1000)) // makes SQLite write the -wal file
	if m := perm(t, dir); m.Perm() != 0o700 || !m.IsDir() {
		t.Errorf("folder mode = %v, want drwx------", m)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-lock"} {
		if m := perm(t, p); m.Perm() != 0o600 {
			t.Errorf("%s mode = %v, want 0600", filepath.Base(p), m.Perm())
		}
	}
}

func TestOpenWarnsAboutWorldReadableDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paydesk.db")
	openAt(t, path).Close()

	var quiet bytes.Buffer
	s, err := Open(context.Background(), path, Options{Warn: &quiet})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if quiet.Len() != 0 {
		t.Fatalf("warning for a 0600 database: %q", quiet.String())
	}

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	s, err = Open(context.Background(), path, Options{Warn: &warn})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	out := warn.String()
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, path) || !strings.Contains(out, "chmod 600 "+path) {
		t.Fatalf("warning = %q, want one line naming the file and the chmod 600 fix", out)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/home/a/paydesk.db":   "/home/a/paydesk.db",
		"/home/a b/paydesk.db": "'/home/a b/paydesk.db'",
		"/tmp/it's.db":         `'/tmp/it'\''s.db'`,
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPathWithURICharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "odd ?name#1%.db")
	s := openAt(t, path)
	mustImport(t, s, testInvoice("A-1", 1000))
	if s.Path() != path {
		t.Fatalf("Path() = %q, want %q", s.Path(), path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at the given path: %v", err)
	}
}

func TestInitSharedGivesFilesToTheGroup(t *testing.T) {
	u, err := user.Current()
	if err != nil {
		t.Skipf("no current user: %v", err)
	}
	g, err := user.LookupGroupId(u.Gid)
	if err != nil {
		t.Skipf("the primary group %s has no name: %v", u.Gid, err)
	}
	dir := filepath.Join(t.TempDir(), "shared")
	path := filepath.Join(dir, "paydesk.db")
	s, _, err := InitShared(context.Background(), path, g.Name, false)
	if err != nil {
		if strings.Contains(err.Error(), "cannot give") {
			t.Skipf("chgrp is impossible here: %v", err)
		}
		t.Fatal(err)
	}
	if m := perm(t, dir); m.Perm() != 0o770 || m&os.ModeSetgid == 0 {
		t.Errorf("folder mode = %v, want drwxrws--- (2770)", m)
	}
	for _, p := range []string{dir, path, path + "-wal", path + "-shm", path + "-lock"} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if p != dir && info.Mode().Perm() != 0o660 {
			t.Errorf("%s mode = %v, want 0660", filepath.Base(p), info.Mode().Perm())
		}
		if gid := info.Sys().(*syscall.Stat_t).Gid; strconv.Itoa(int(gid)) != g.Gid {
			t.Errorf("%s group = %d, want %s", filepath.Base(p), gid, g.Gid)
		}
	}
	mustImport(t, s, testInvoice("A-1", 1000))
	s.Close()

	var warn bytes.Buffer
	s, err = Open(context.Background(), path, Options{Warn: &warn})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if warn.Len() != 0 {
		t.Fatalf("warning for a group-shared 0660 database: %q", warn.String())
	}
	mustInvoice(t, s, "A-1")

	// Running it again on the prepared database is harmless.
	again, changed, err := InitShared(context.Background(), path, g.Name, false)
	if err != nil {
		t.Fatalf("second InitShared: %v", err)
	}
	if len(changed) != 0 {
		t.Errorf("the second run changed %v", changed)
	}
	again.Close()
}

func TestInitSharedRefusesUnknownGroup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared", "paydesk.db")
	_, _, err := InitShared(context.Background(), path, "no-such-group-paydesk", false)
	if err == nil || !strings.Contains(err.Error(), `group "no-such-group-paydesk" does not exist`) {
		t.Fatalf("err = %v", err)
	}
	if _, statErr := os.Stat(filepath.Dir(path)); !errors.Is(statErr, os.ErrNotExist) {
		t.Errorf("the folder was created although the group is unknown")
	}
}
