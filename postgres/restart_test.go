package postgres_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paydesk/paydesk/storetest"
)

// privateCluster starts a PostgreSQL server of the test's own with
// scripts/pgcluster, so that the test may restart it, and returns its
// connection string and a function that restarts it. Like every test
// against PostgreSQL it runs when storetest.PostgresEnv is set (skipped
// otherwise, failing under CI).
func privateCluster(t *testing.T) (dsn string, restart func()) {
	t.Helper()
	if os.Getenv(storetest.PostgresEnv) == "" {
		storetest.PostgresDSN(t) // skips, or fails under CI
	}
	script, err := filepath.Abs(filepath.Join("..", "scripts", "pgcluster"))
	if err != nil {
		t.Fatal(err)
	}
	// Not t.TempDir: the server runs as another user, who must be able to
	// reach the folder.
	dir, err := os.MkdirTemp("", "paydesk-pg-restart-")
	if err != nil {
		t.Fatal(err)
	}
	run := func(cmd string) string {
		t.Helper()
		out, err := exec.Command(script, cmd, dir).Output()
		if err != nil {
			msg := err.Error()
			if ee, ok := err.(*exec.ExitError); ok {
				msg += ": " + string(ee.Stderr)
			}
			t.Fatalf("pgcluster %s: %s", cmd, msg)
		}
		return strings.TrimSpace(string(out))
	}
	t.Cleanup(func() { run("stop") })
	return run("start"), func() { run("restart") }
}

// TestChangesSurviveAServerRestart: the server goes down and comes back;
// the listener notices, reconnects, signals, and goes on signalling
// writes, as an open interface needs when the database server restarts.
// The first write after the restart succeeds though every connection the
// pool held broke.
func TestChangesSurviveAServerRestart(t *testing.T) {
	dsn, restart := privateCluster(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := open(t, dsn)
	started := func() time.Time {
		t.Helper()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var at time.Time
		if err := conn.QueryRow(ctx, "SELECT pg_postmaster_start_time()").Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	before := started()
	ch := s.Changes(ctx, 50*time.Millisecond)
	drain(ch)
	restart()
	waitSignal(t, ch, "the server restarted")
	if after := started(); !after.After(before) {
		t.Fatalf("the server did not restart: started at %v, then at %v", before, after)
	}
	drain(ch)
	deadline := time.Now().Add(time.Minute)
	for {
		if err := s.SetSetting(ctx, "language", time.Now().String()); err != nil {
			t.Fatalf("a write after the server came back: %v", err)
		}
		select {
		case <-ch:
			return
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("no write signalled after the server came back")
		}
	}
}
