package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// init --group changes nothing that exists without --adopt-existing, and
// then lists every change; a loose database file is tightened.
func TestInitLeavesExistingFoldersAndDatabasesAlone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	g := primaryGroup(t)
	// A world-writable folder with the sticky bit, like /tmp.
	open := filepath.Join(h.dir, "open")
	if err := os.Mkdir(open, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(open, "paydesk.db")
	r := h.fails("init", "--db", db, "--group", g.Name)
	if !strings.Contains(r.stderr, "nothing was changed") || !strings.Contains(r.stderr, "mode 1777 → 2770") || !strings.Contains(r.stderr, "--adopt-existing") {
		t.Errorf("init --group on an existing folder:\n%s", r)
	}
	if info, _ := os.Stat(open); info.Mode()&os.ModeSticky == 0 || info.Mode().Perm() != 0o777 {
		t.Errorf("the folder was changed to %v", info.Mode())
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a database was created although init refused: %v", err)
	}
	out := h.ok("init", "--db", db, "--group", g.Name, "--adopt-existing")
	if !strings.Contains(out, "Changed "+open+": mode 1777 → 2770") {
		t.Errorf("init --adopt-existing does not say what it changed:\n%s", out)
	}

	// An existing private database keeps its mode.
	private := filepath.Join(h.dir, "private", "paydesk.db")
	h.ok("init", "--db", private)
	if r := h.fails("init", "--db", private, "--group", g.Name); !strings.Contains(r.stderr, "mode 0600 → 0660") {
		t.Errorf("init --group on a private database:\n%s", r)
	}
	assertMode(t, private, 0o600)

	// A loose file that becomes the database is tightened, and says so.
	loose := filepath.Join(h.dir, "loose.db")
	if err := os.WriteFile(loose, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(loose, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := h.ok("init", "--db", loose); !strings.Contains(out, "mode 0644 → 0600") {
		t.Errorf("init on a loose file said:\n%s", out)
	}
	assertMode(t, loose, 0o600)
}
