package domain

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"
)

// PanicError is a panic recovered in a job that serves the whole process
// (the sync loop, a webhook, a store's change watcher), with the stack of
// where it happened.
type PanicError struct {
	Job   Event
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("%s: panic: %v", e.Job, e.Value) }

// Recover, deferred at the top of such a job, hands a panic to report
// instead of letting it end the process and every session it serves.
func Recover(job Event, report func(*PanicError)) {
	if r := recover(); r != nil {
		report(&PanicError{Job: job, Value: r, Stack: debug.Stack()})
	}
}

// Entry is the integration log's error row of the panic. The stack goes
// into Message, the technical form, for whoever looks into it.
func (e *PanicError) Entry(at time.Time) LogEntry {
	says := Say("log.panic", string(e.Job), fmt.Sprint(e.Value))
	return LogEntry{At: at, Level: LevelError, Event: e.Job, Says: says, Message: says.String() + "\n" + string(e.Stack)}
}

// contain runs fn, turning a panic in it into an error row in the
// integration log, a report to ServiceConfig.OnPanic, and the error
// returned: one faulty webhook or sync cycle must not stop the process
// that serves every other session.
func (s *Service) contain(ctx context.Context, job Event, fn func() error) (err error) {
	defer Recover(job, func(p *PanicError) {
		s.logEntry(ctx, p.Entry(s.Now()))
		if s.onPanic != nil {
			s.onPanic(p)
		}
		err = p
	})
	return fn()
}
