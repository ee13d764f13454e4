package persistence

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// waitForChange fails the test unless ch reports a change in time.
func waitForChange(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case _, ok := <-ch:
		if !ok {
			t.Fatal("the change channel closed")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no change reported")
	}
}

func TestChangesSeesOtherStores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paydesk.db")
	watching, writing := openAt(t, path), openAt(t, path)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := watching.Changes(ctx, 10*time.Millisecond)
	if err := writing.SetSetting(ctx, "language", "nl"); err != nil {
		t.Fatal(err)
	}
	waitForChange(t, ch)
}

func TestChangesSeesTheSameStore(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := s.Changes(ctx, 10*time.Millisecond)
	// Nothing else writes to this database: a change can only come from
	// this store's own connections.
	if err := s.SetSetting(ctx, "language", "nl"); err != nil {
		t.Fatal(err)
	}
	waitForChange(t, ch)
}

func TestChangesClosesWhenContextEnds(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	ch := s.Changes(ctx, time.Millisecond)
	cancel()
	drainUntilClosed(t, ch)
}

func TestChangesAfterCloseIsClosed(t *testing.T) {
	s := openTest(t)
	s.Close()
	drainUntilClosed(t, s.Changes(context.Background(), time.Millisecond))
}

func TestChangesClosesWhenStoreCloses(t *testing.T) {
	s := openTest(t)
	ch := s.Changes(context.Background(), time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	drainUntilClosed(t, ch)
}

func drainUntilClosed(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the change channel stayed open")
		}
	}
}

// A panic in a change watcher stays in it: the watcher's channel closes
// (the Service then starts another), the log keeps an error row with the
// stack, and the store goes on working.
func TestChangesContainsAPanic(t *testing.T) {
	s := openTest(t)
	looks := 0
	s.beforeLook = func() {
		if looks++; looks == 2 { // the first look is the caller's
			panic("the watcher broke")
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	drainUntilClosed(t, s.Changes(ctx, time.Millisecond))
	rows, err := s.Log(ctx, domain.LogFilter{Level: domain.LevelError})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Event != domain.EventWatch || rows[0].Says.Key != "log.panic" || !strings.Contains(rows[0].Message, "changes_test.go") {
		t.Fatalf("the log does not keep the panic with its stack: %+v", rows)
	}
	ch := s.Changes(ctx, 10*time.Millisecond)
	if err := s.SetSetting(ctx, "language", "nl"); err != nil {
		t.Fatal(err)
	}
	waitForChange(t, ch)
}
