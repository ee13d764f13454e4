package persistence

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"syscall"
	"time"
)

// lockWait bounds how long a write waits for its turn. Write transactions
// take milliseconds, so running into it means another process is stuck
// inside one (stopped in a debugger or with Ctrl-Z, say).
const lockWait = 30 * time.Second

// writeLock lines up the writers of every process that uses a database.
//
// SQLite itself only polls for its write lock, sleeping up to 100 ms between
// tries, so a process can lose every try against others that write without
// pause and fail with "database is locked" once busy_timeout runs out. An
// flock(2) on a lock file beside the database puts waiters to sleep in the
// kernel instead, which wakes them as soon as the lock is free. SQLite never
// opens this file, so closing it cannot drop SQLite's own POSIX locks.
// Programs that do not take the lock (the sqlite3 shell) are still covered by
// busy_timeout.
type writeLock struct {
	// turn lets one goroutine of this process at a time go for the file
	// lock; it is held from the wait until the unlock.
	turn chan struct{}

	mu     sync.Mutex
	file   *os.File
	users  int  // goroutines that may still use file
	closed bool // close was called; the last user closes file
}

// openWriteLock opens or creates the lock file of the database at dbPath
// with the database's permissions, so whoever may write the database may
// take the lock.
func openWriteLock(dbPath string) (*writeLock, error) {
	name := dbPath + "-lock"
	info, err := os.Stat(dbPath)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", dbPath, err)
	}
	perm := info.Mode().Perm()
	f, err := os.OpenFile(name, os.O_RDONLY|os.O_CREATE|os.O_EXCL, perm)
	switch {
	case err == nil:
		// The umask may have taken bits the database has, such as group write.
		if err := f.Chmod(perm); err != nil {
			f.Close()
			return nil, fmt.Errorf("lock file %s: %w", name, err)
		}
	case errors.Is(err, fs.ErrExist):
		// flock needs no write access, so a read-only open is enough.
		if f, err = os.Open(name); err != nil {
			return nil, fmt.Errorf("open lock file %s: %w", name, err)
		}
	default:
		return nil, fmt.Errorf("create lock file %s: %w", name, err)
	}
	return &writeLock{turn: make(chan struct{}, 1), file: f}, nil
}

// lock waits for this process's turn and then for the file lock; the
// returned func gives both back.
func (l *writeLock) lock(ctx context.Context) (unlock func(), err error) {
	timer := time.NewTimer(lockWait)
	defer timer.Stop()
	select {
	case l.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, errWaitedTooLong
	}
	fd, ok := l.use()
	if !ok {
		<-l.turn
		return nil, errors.New("the store is closed")
	}
	err = flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
	if err == nil {
		return l.unlocker(fd), nil
	}
	if !errors.Is(err, syscall.EWOULDBLOCK) {
		l.done()
		<-l.turn
		return nil, fmt.Errorf("lock %s: %w", l.file.Name(), err)
	}
	return l.wait(ctx, fd, timer.C)
}

var errWaitedTooLong = fmt.Errorf("another process has been writing to the database for over %s; is a paydesk stopped halfway (Ctrl-Z)?", lockWait)

// wait blocks in flock on a goroutine so that ctx and the deadline can end
// the wait. A goroutine left waiting takes the lock later, gives it back
// at once and then frees the turn.
func (l *writeLock) wait(ctx context.Context, fd int, deadline <-chan time.Time) (func(), error) {
	var (
		mu        sync.Mutex
		finished  bool
		abandoned bool
		result    = make(chan error, 1)
	)
	go func() {
		err := flock(fd, syscall.LOCK_EX)
		mu.Lock()
		finished = true
		gone := abandoned
		mu.Unlock()
		if !gone {
			result <- err
			return
		}
		if err == nil {
			flock(fd, syscall.LOCK_UN)
		}
		l.done()
		<-l.turn
	}()
	var cause error
	select {
	case err := <-result:
		if err != nil {
			l.done()
			<-l.turn
			return nil, fmt.Errorf("lock %s: %w", l.file.Name(), err)
		}
		return l.unlocker(fd), nil
	case <-ctx.Done():
		cause = ctx.Err()
	case <-deadline:
		cause = errWaitedTooLong
	}
	mu.Lock()
	defer mu.Unlock()
	if finished {
		// The lock came just as we gave up: hand it back ourselves.
		if err := <-result; err == nil {
			flock(fd, syscall.LOCK_UN)
		}
		l.done()
		<-l.turn
		return nil, cause
	}
	abandoned = true
	return nil, cause
}

func (l *writeLock) unlocker(fd int) func() {
	return func() {
		flock(fd, syscall.LOCK_UN)
		l.done()
		<-l.turn
	}
}

// use registers a user of the file and returns its descriptor, which stays
// valid until the matching done.
func (l *writeLock) use() (int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, false
	}
	l.users++
	return int(l.file.Fd()), true
}

func (l *writeLock) done() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.users--
	if l.closed && l.users == 0 {
		l.file.Close()
	}
}

// close closes the file now, or when its last user is done.
func (l *writeLock) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.closed = true
	if l.users == 0 {
		l.file.Close()
	}
}

// flock retries when a signal interrupts the call.
func flock(fd, how int) error {
	for {
		err := syscall.Flock(fd, how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
