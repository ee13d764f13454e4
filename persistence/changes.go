package persistence

import (
	"context"
	"database/sql"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// defaultWatchInterval is used when Changes is given no interval.
const defaultWatchInterval = 250 * time.Millisecond

// Changes sends on the returned channel whenever the database changed since
// the last look, checking every interval, and closes it when ctx ends or
// the store closes. Sends never block: a change that arrives while one is
// pending is folded into it.
//
// PRAGMA data_version changes when a connection other than the one asking
// commits, so the watcher keeps one connection of its own: commits of other
// processes and of this store's other connections both count.
func (s *Store) Changes(ctx context.Context, interval time.Duration) <-chan struct{} {
	if interval <= 0 {
		interval = defaultWatchInterval
	}
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(ch)
		return ch
	}
	s.watchers.Add(1)
	w := &watcher{s: s, ch: ch}
	// The first look, before returning, fixes what counts as a change: any
	// commit after Changes was called.
	w.look(ctx)
	go w.run(ctx, interval)
	return ch
}

func (w *watcher) run(ctx context.Context, interval time.Duration) {
	defer w.s.watchers.Done()
	defer close(w.ch)
	defer w.drop()
	// A panic here must not end the process: the row says what happened
	// and the closed channel makes the Service start a new watcher.
	defer domain.Recover(domain.EventWatch, w.s.logPanic)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.s.closing:
			return
		case <-tick.C:
			w.look(ctx)
		}
	}
}

// watcher holds the dedicated connection, the data_version query prepared
// on it (it runs a few times a second for as long as a terminal is open),
// and the last version it saw.
type watcher struct {
	s       *Store
	ch      chan struct{}
	conn    *sql.Conn
	query   *sql.Stmt
	version int64
}

// look compares data_version with the last value and signals a change.
// After an error it reconnects on the next look and signals once, since
// the new connection's counter cannot tell what happened in between.
func (w *watcher) look(ctx context.Context) {
	if w.s.beforeLook != nil {
		w.s.beforeLook()
	}
	fresh := false
	if w.conn == nil {
		if err := w.connect(ctx); err != nil {
			return
		}
		fresh = true
	}
	var v int64
	if err := w.query.QueryRowContext(ctx).Scan(&v); err != nil {
		w.drop()
		if ctx.Err() == nil {
			w.signal()
		}
		return
	}
	if !fresh && v != w.version {
		w.signal()
	}
	w.version = v
}

// logPanic keeps the error row of a panic the store contained.
func (s *Store) logPanic(p *domain.PanicError) {
	_, _ = s.AppendLog(context.Background(), p.Entry(time.Now()))
}

func (w *watcher) signal() {
	select {
	case w.ch <- struct{}{}:
	default:
	}
}

func (w *watcher) connect(ctx context.Context) error {
	c, err := w.s.db.Conn(ctx)
	if err != nil {
		return err
	}
	q, err := c.PrepareContext(ctx, `PRAGMA data_version`)
	if err != nil {
		c.Close()
		return err
	}
	w.conn, w.query = c, q
	return nil
}

func (w *watcher) drop() {
	if w.conn != nil {
		w.query.Close()
		w.conn.Close()
		w.conn, w.query = nil, nil
	}
}
