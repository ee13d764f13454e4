package molliesim

import (
	"container/heap"
	"context"
	"time"
)

// tickInterval is how often Run applies time-based changes on its own.
const tickInterval = 250 * time.Millisecond

type eventKind int

const (
	evExpire eventKind = iota // an open payment's expiresAt passed
	evSettle                  // a pending payment's settleAt passed
)

// event is a time-based change; it is re-checked when due, so events made
// stale by a later change are simply skipped.
type event struct {
	at   time.Time
	seq  uint64
	kind eventKind
	p    *payment
}

// eventQueue is a min-heap by time, ties in scheduling order, so Tick costs
// only the events that are due rather than a scan of every object.
type eventQueue struct {
	items []event
	seq   uint64
}

func (q *eventQueue) Len() int { return len(q.items) }
func (q *eventQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if !a.at.Equal(b.at) {
		return a.at.Before(b.at)
	}
	return a.seq < b.seq
}
func (q *eventQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *eventQueue) Push(x any)    { q.items = append(q.items, x.(event)) }
func (q *eventQueue) Pop() any {
	last := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return last
}

func (s *Server) scheduleLocked(at time.Time, kind eventKind, p *payment) {
	s.events.seq++
	heap.Push(&s.events, event{at: at, seq: s.events.seq, kind: kind, p: p})
}

// Tick applies every time-based change that is due by the simulator's
// clock: checkouts and link attempts expire, pending payments settle. Every
// request does this first, so a fake clock works without Run.
func (s *Server) Tick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
}

// tickLocked applies due events and returns the time it used.
func (s *Server) tickLocked() time.Time {
	now := s.now()
	for s.events.Len() > 0 && !s.events.items[0].at.After(now) {
		e := heap.Pop(&s.events).(event)
		s.applyLocked(e)
	}
	s.idem.prune(now)
	return now
}

// applyLocked changes the payment as of the event's own time, so expiredAt
// and paidAt do not depend on when somebody happened to look.
func (s *Server) applyLocked(e event) {
	switch e.kind {
	case evExpire:
		if e.p.status == statusOpen && e.p.expiresAt.Equal(e.at) {
			s.changeStatusLocked(e.p, statusExpired, e.at)
		}
	case evSettle:
		if e.p.status == statusPending && e.p.settleAt.Equal(e.at) {
			s.changeStatusLocked(e.p, statusPaid, e.at)
		}
	}
}

// Run starts the background work: a Tick every 250ms and the webhook
// deliveries, including those queued before Run was called. It returns at
// once; the work stops when ctx ends or Close is called. Calling Run again
// while it is running does nothing.
func (s *Server) Run(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running || s.closed {
		return
	}
	s.running = true
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(s.done, cancel)
	loops := 2
	// The last loop to end lets Run be called again.
	finish := func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		loops--
		if loops == 0 {
			stop()
			cancel()
			s.running = false
		}
	}
	s.spawnLocked(func() { defer finish(); s.tickLoop(ctx) })
	s.spawnLocked(func() { defer finish(); s.deliveryLoop(ctx) })
}

func (s *Server) tickLoop(ctx context.Context) {
	t := time.NewTicker(tickInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.Tick()
		}
	}
}
