package molliesim

import (
	"container/heap"
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// CustomerOptions shape the simulated customers of the demo.
type CustomerOptions struct {
	MinDelay  time.Duration // before a customer acts; default 3s
	MaxDelay  time.Duration // default 60s
	PaidShare float64       // share paid at the first try; default 0.7
}

func (c CustomerOptions) withDefaults() CustomerOptions {
	if c.MinDelay <= 0 {
		c.MinDelay = 3 * time.Second
	}
	if c.MaxDelay < c.MinDelay {
		c.MaxDelay = max(c.MinDelay, 60*time.Second)
	}
	if c.PaidShare <= 0 || c.PaidShare > 1 {
		c.PaidShare = 0.7
	}
	return c
}

// customerFeed carries the ids of new links and checkouts to one
// SimulateCustomers loop.
type customerFeed struct {
	ids  []string // guarded by Server.mu
	wake chan struct{}
}

func (s *Server) notifyCustomersLocked(id string) {
	for _, f := range s.feeds {
		f.ids = append(f.ids, id)
		select {
		case f.wake <- struct{}{}:
		default:
		}
	}
}

// SimulateCustomers lets simulated customers act on every payment link and
// checkout created from now on, and on those still open now: after a random
// MinDelay–MaxDelay (real time) most pay, some fail and then pay, some
// abandon their attempt, and some never come. It returns at once; the
// customers go home when ctx ends or Close is called.
func (s *Server) SimulateCustomers(ctx context.Context, c CustomerOptions) {
	c = c.withDefaults()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.tickLocked()
	feed := &customerFeed{wake: make(chan struct{}, 1)}
	for _, mode := range []string{modeTest, modeLive} {
		for _, l := range s.linkOrder[mode] {
			if l.payable(now) {
				feed.ids = append(feed.ids, l.id)
			}
		}
		for _, p := range s.payOrder[mode] {
			if p.link == nil && p.status == statusOpen {
				feed.ids = append(feed.ids, p.id)
			}
		}
	}
	s.feeds = append(s.feeds, feed)
	rng := rand.New(rand.NewPCG(s.custRng.Uint64(), s.custRng.Uint64()))
	started := s.spawnLocked(func() {
		defer s.dropFeed(feed)
		(&customers{s: s, feed: feed, opts: c, rng: rng}).loop(ctx)
	})
	if !started {
		s.feeds = slices.DeleteFunc(s.feeds, func(f *customerFeed) bool { return f == feed })
	}
}

func (s *Server) dropFeed(feed *customerFeed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feeds = slices.DeleteFunc(s.feeds, func(f *customerFeed) bool { return f == feed })
}

// customers is one SimulateCustomers loop: a queue of visits ordered by
// the real time they are due.
type customers struct {
	s      *Server
	feed   *customerFeed
	opts   CustomerOptions
	rng    *rand.Rand
	visits visitQueue
}

// visit is a customer's next action on a link or checkout; later steps
// follow after another random delay.
type visit struct {
	due   time.Time
	id    string
	steps []string // outcomes still to try, first one next
}

func (cs *customers) loop(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		cs.admit(time.Now())
		cs.act(time.Now())
		wait := time.Hour
		if cs.visits.Len() > 0 {
			wait = time.Until(cs.visits[0].due)
		}
		timer.Reset(max(wait, 0))
		select {
		case <-ctx.Done():
			return
		case <-cs.s.done.Done():
			return
		case <-cs.feed.wake:
		case <-timer.C:
		}
	}
}

// admit plans what the customer of every newly announced object will do.
func (cs *customers) admit(now time.Time) {
	cs.s.mu.Lock()
	ids := cs.feed.ids
	cs.feed.ids = nil
	cs.s.mu.Unlock()
	for _, id := range ids {
		if steps := cs.plan(strings.HasPrefix(id, "pl_")); len(steps) > 0 {
			heap.Push(&cs.visits, visit{due: now.Add(cs.delay()), id: id, steps: steps})
		}
	}
}

// plan picks a story: paid (some by bank transfer, paid later), failed and
// then paid, abandoned, or never visited. A checkout has one payment only,
// so there a failure or an abandonment is the end.
func (cs *customers) plan(isLink bool) []string {
	x := cs.rng.Float64()
	rest := (1 - cs.opts.PaidShare) / 3
	abandon := []string{statusExpired, statusCanceled}[cs.rng.IntN(2)]
	switch {
	case x < cs.opts.PaidShare:
		if cs.rng.Float64() < 0.15 {
			return []string{statusPending}
		}
		return []string{statusPaid}
	case x < cs.opts.PaidShare+rest:
		if isLink {
			return []string{statusFailed, statusPaid}
		}
		return []string{statusFailed}
	case x < cs.opts.PaidShare+2*rest:
		return []string{abandon}
	}
	return nil
}

func (cs *customers) delay() time.Duration {
	span := cs.opts.MaxDelay - cs.opts.MinDelay
	if span <= 0 {
		return cs.opts.MinDelay
	}
	return cs.opts.MinDelay + time.Duration(cs.rng.Int64N(int64(span)+1))
}

// act performs every visit that is due. A link that was archived or paid in
// the meantime just refuses the customer, as it would refuse a real one.
func (cs *customers) act(now time.Time) {
	for cs.visits.Len() > 0 && !cs.visits[0].due.After(now) {
		v := heap.Pop(&cs.visits).(visit)
		method := pageMethods[cs.rng.IntN(len(pageMethods))]
		if v.steps[0] == statusPending {
			method = "banktransfer"
		}
		if _, err := cs.s.Pay(v.id, v.steps[0], method); err != nil {
			continue
		}
		if len(v.steps) > 1 {
			heap.Push(&cs.visits, visit{due: now.Add(cs.delay()), id: v.id, steps: v.steps[1:]})
		}
	}
}

type visitQueue []visit

func (q visitQueue) Len() int           { return len(q) }
func (q visitQueue) Less(i, j int) bool { return q[i].due.Before(q[j].due) }
func (q visitQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *visitQueue) Push(x any)        { *q = append(*q, x.(visit)) }
func (q *visitQueue) Pop() any {
	old := *q
	last := old[len(old)-1]
	*q = old[:len(old)-1]
	return last
}
