package persistence

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// waitForChange writes through write until ch reports a change. It writes
// again while waiting because the watcher may not have taken its first
// look yet when the first write lands.
func waitForChange(t *testing.T, ch <-chan struct{}, write func(i int) error) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for i := 0; ; i++ {
		if err := write(i); err != nil {
			t.Fatal(err)
		}
		select {
		case _, ok := <-ch:
			if !ok {
				t.Fatal("the change channel closed")
			}
			return
		case <-time.After(100 * time.Millisecond):
		case <-deadline:
			t.Fatal("no change reported")
		}
	}
}

func TestChangesSeesOtherStores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paydesk.db")
	watching, writing := openAt(t, path), openAt(t, path)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := watching.Changes(ctx, 10*time.Millisecond)
	waitForChange(t, ch, func(i int) error {
		return writing.SetSetting(context.Background(), "language", fmt.Sprint(i))
	})
}

func TestChangesSeesTheSameStore(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := s.Changes(ctx, 10*time.Millisecond)
	// Nothing else writes to this database: a change can only come from
	// this store's own connections.
	waitForChange(t, ch, func(i int) error {
		return s.SetSetting(context.Background(), "language", fmt.Sprint(i))
	})
}

func TestChangesClosesWhenContextEnds(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	ch := s.Changes(ctx, time.Millisecond)
	cancel()
	drainUntilClosed(t, ch)
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
