package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paydesk/paydesk/domain"
)

// defaultRetry is how long a listener waits before reconnecting when
// Changes is given no interval.
const defaultRetry = 250 * time.Millisecond

// Changes sends on the returned channel whenever any process committed a
// write, and closes it when ctx ends or the store closes. It LISTENs on a
// connection of its own, so a change arrives without polling; interval is
// only how long it waits before reconnecting after the connection broke.
// After a reconnect it signals once, since what happened in between cannot
// be told. Sends never block: a change that arrives while one is pending is
// folded into it.
func (s *Store) Changes(ctx context.Context, interval time.Duration) <-chan struct{} {
	if interval <= 0 {
		interval = defaultRetry
	}
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(ch)
		return ch
	}
	s.watchers.Add(1)
	ctx, cancel := context.WithCancel(ctx)
	l := &listener{s: s, ch: ch}
	// Listening before returning fixes what counts as a change: any commit
	// after Changes was called. If the server cannot be reached now, the
	// loop keeps trying.
	l.connect(ctx)
	go func() {
		select {
		case <-s.closing:
		case <-ctx.Done():
		}
		cancel()
	}()
	go l.run(ctx, interval)
	return ch
}

type listener struct {
	s    *Store
	ch   chan struct{}
	conn *pgx.Conn
}

func (l *listener) run(ctx context.Context, retry time.Duration) {
	defer l.s.watchers.Done()
	defer close(l.ch)
	defer l.drop()
	// A panic here must not end the process: the row says what happened
	// and the closed channel makes the Service start a new listener.
	defer domain.Recover(domain.EventWatch, func(p *domain.PanicError) {
		_, _ = l.s.AppendLog(context.Background(), p.Entry(time.Now()))
	})
	for ctx.Err() == nil {
		if l.conn == nil {
			if !l.connect(ctx) {
				wait(ctx, retry)
				continue
			}
			l.signal() // back after a break: something may have changed
		}
		if _, err := l.conn.WaitForNotification(ctx); err != nil {
			l.drop()
			continue
		}
		l.signal()
	}
}

// connect opens the listener's connection and LISTENs; false when the
// server cannot be reached.
func (l *listener) connect(ctx context.Context) bool {
	conn, err := pgx.ConnectConfig(ctx, l.s.cfg.Copy())
	if err != nil {
		return false
	}
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return false
	}
	l.conn = conn
	return true
}

func (l *listener) drop() {
	if l.conn != nil {
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		l.conn.Close(closeCtx)
		cancel()
		l.conn = nil
	}
}

func (l *listener) signal() {
	select {
	case l.ch <- struct{}{}:
	default:
	}
}

func wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
