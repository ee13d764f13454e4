package persistence

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// twoLocks opens the lock of one database twice, as two processes would.
func twoLocks(t *testing.T) (*writeLock, *writeLock) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "paydesk.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := openWriteLock(db)
	if err != nil {
		t.Fatal(err)
	}
	b, err := openWriteLock(db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.close(); b.close() })
	return a, b
}

func TestWriteLockExcludesOtherHolders(t *testing.T) {
	a, b := twoLocks(t)
	unlockA, err := a.lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan func(), 1)
	go func() {
		unlockB, err := b.lock(context.Background())
		if err != nil {
			t.Error(err)
		}
		got <- unlockB
	}()
	select {
	case <-got:
		t.Fatal("b took the lock a holds")
	case <-time.After(50 * time.Millisecond):
	}
	unlockA()
	select {
	case unlockB := <-got:
		unlockB()
	case <-time.After(30 * time.Second):
		t.Fatal("b never got the lock a gave back")
	}
}

func TestWriteLockWaitEndsWithContext(t *testing.T) {
	a, b := twoLocks(t)
	unlockA, err := a.lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := b.lock(ctx)
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	unlockA()
	// The abandoned wait takes the lock, gives it back and frees b's turn.
	unlockB, err := b.lock(context.Background())
	if err != nil {
		t.Fatalf("b after an abandoned wait: %v", err)
	}
	unlockB()
	unlockA, err = a.lock(context.Background())
	if err != nil {
		t.Fatalf("a after b: %v", err)
	}
	unlockA()
}

func TestWriteLockAfterClose(t *testing.T) {
	a, _ := twoLocks(t)
	a.close()
	if _, err := a.lock(context.Background()); err == nil {
		t.Fatal("a closed lock was taken")
	}
}
