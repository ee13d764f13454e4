package domain

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// keepLogRows is how many of the newest log rows pruning never touches.
const keepLogRows = 1000

// Log reads the integration log, newest first.
func (s *Service) Log(ctx context.Context, f LogFilter) ([]LogEntry, error) {
	f.InvoiceNumber = NormalizeNumber(f.InvoiceNumber)
	entries, err := s.store.Log(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	return entries, nil
}

// Note writes a log row for an action a front end performed itself, such as
// copying a link.
func (s *Service) Note(ctx context.Context, e LogEntry) { s.logEntry(ctx, e) }

// PruneLog deletes rows older than the retention setting, keeping the newest 1,000.
func (s *Service) PruneLog(ctx context.Context) (int, error) {
	if err := s.allow(ctx, ActionSettings, ""); err != nil {
		return 0, err
	}
	v, err := s.Setting(ctx, SettingLogDays)
	if err != nil {
		return 0, err
	}
	days, err := strconv.Atoi(v)
	if err != nil || days < 1 {
		days = 365
	}
	n, err := s.store.PruneLog(ctx, s.Now().Add(-time.Duration(days)*24*time.Hour), keepLogRows)
	if err != nil {
		return 0, fmt.Errorf("prune log: %w", err)
	}
	return n, nil
}

// Changes tells when any process wrote to the database, until ctx ends.
// A store's watcher that stops before that (it contained a panic of its
// own) is replaced after a pause, with one change told, since whatever
// was written meanwhile went unnoticed.
func (s *Service) Changes(ctx context.Context, interval time.Duration) <-chan struct{} {
	out := make(chan struct{}, 1)
	// The first watcher starts before Changes returns: what counts as a
	// change is any commit after the call.
	first := s.watch(ctx, interval)
	go func() {
		defer close(out)
		for in := first; ; in = s.watch(ctx, interval) {
			for range in {
				tell(out)
			}
			if wait(ctx, watchRestart) != nil {
				return
			}
			tell(out)
		}
	}()
	return out
}

// watch starts a store's watcher; one that panics while starting counts
// as one that stopped at once.
func (s *Service) watch(ctx context.Context, interval time.Duration) <-chan struct{} {
	var in <-chan struct{}
	if s.contain(ctx, EventWatch, func() error { in = s.store.Changes(ctx, interval); return nil }) != nil {
		stopped := make(chan struct{})
		close(stopped)
		return stopped
	}
	return in
}

// watchRestart is the pause before a stopped change watcher is replaced.
const watchRestart = time.Second

// tell signals a change on ch without waiting: one pending signal is enough.
func tell(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

func (s *Service) logInfo(ctx context.Context, e LogEntry) {
	e.Level = LevelInfo
	s.logEntry(ctx, e)
}

func (s *Service) logError(ctx context.Context, e LogEntry) {
	e.Level = LevelError
	s.logEntry(ctx, e)
}

// logFailure records a failed Mollie call with the level its kind deserves.
func (s *Service) logFailure(ctx context.Context, e LogEntry, err error) {
	e.Level = errorLevel(err)
	e.HTTPStatus = HTTPStatusOf(err)
	e.Says.Cause = err
	s.logEntry(ctx, e)
}

// logEntry writes a row; a log that cannot be written must not undo the
// action it describes, and the action's own error is what the user sees.
func (s *Service) logEntry(ctx context.Context, e LogEntry) {
	if e.At.IsZero() {
		e.At = s.Now()
	}
	if e.Actor == "" {
		e.Actor = s.actor
	}
	if e.Level == "" {
		e.Level = LevelInfo
	}
	if e.Message == "" {
		e.Message = e.Says.String()
	}
	_, _ = s.store.AppendLog(context.WithoutCancel(ctx), e)
}
