package main

import (
	"context"
	"sync"
	"time"

	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/mollie"
)

// webhookWorkers process webhook ids in parallel: each id costs a Mollie
// fetch or two, so one at a time could not keep up with bursts of hundreds
// per second.
const webhookWorkers = 64

// webhookPool runs handle for queued ids on a fixed set of workers. An id
// that arrives again while it waits is dropped (one fetch tells the current
// state); one that arrives while it is being handled is handled once more
// afterwards, because that fetch may have started before the change.
type webhookPool struct {
	handle func(ctx context.Context, hook mollie.Webhook)
	ids    chan mollie.Webhook
	wg     sync.WaitGroup

	mu    sync.Mutex
	state map[mollie.Webhook]idState
}

type idState int

const (
	idQueued idState = iota + 1
	idRunning
	idRunAgain
)

func newWebhookPool(ctx context.Context, workers int, handle func(ctx context.Context, hook mollie.Webhook)) *webhookPool {
	p := &webhookPool{handle: handle, ids: make(chan mollie.Webhook, 4*workers), state: map[mollie.Webhook]idState{}}
	for range workers {
		p.wg.Go(func() {
			for id := range p.ids {
				p.run(ctx, id)
			}
		})
	}
	return p
}

// submit queues id; it blocks while every worker is busy and the queue is
// full, which makes the webhook handler answer 503 and Mollie retry later.
func (p *webhookPool) submit(id mollie.Webhook) {
	p.mu.Lock()
	switch p.state[id] {
	case idQueued, idRunAgain:
		p.mu.Unlock()
		return
	case idRunning:
		p.state[id] = idRunAgain
		p.mu.Unlock()
		return
	}
	p.state[id] = idQueued
	p.mu.Unlock()
	p.ids <- id
}

func (p *webhookPool) run(ctx context.Context, id mollie.Webhook) {
	for {
		p.mu.Lock()
		p.state[id] = idRunning
		p.mu.Unlock()
		p.handle(ctx, id)
		p.mu.Lock()
		again := p.state[id] == idRunAgain && ctx.Err() == nil
		if !again {
			delete(p.state, id)
		}
		p.mu.Unlock()
		if !again {
			return
		}
	}
}

// close stops taking ids and waits until the workers have handled every
// queued one (or given up because ctx ended).
func (p *webhookPool) close() {
	close(p.ids)
	p.wg.Wait()
}

// throttledNote passes at most one line per interval to note and counts
// the rest, so that a flood of refused webhooks does not flood stderr.
func throttledNote(note func(string, ...any), p *i18n.Printer, interval time.Duration) func(string, ...any) {
	var mu sync.Mutex
	var last time.Time
	suppressed := 0
	return func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if now := time.Now(); now.Sub(last) >= interval {
			if suppressed > 0 {
				note("%s", p.T("cli.serve.suppressed", suppressed))
			}
			note(format, args...)
			last, suppressed = now, 0
			return
		}
		suppressed++
	}
}

// webhookNote words what the webhook handler tells in the reader's
// language.
func webhookNote(note func(string, ...any), p *i18n.Printer) func(mollie.WebhookNote) {
	return func(n mollie.WebhookNote) {
		key := "cli.serve.webhook_" + string(n.Kind)
		if n.ID == "" {
			note("%s", p.T(key))
			return
		}
		note("%s", p.T(key, n.ID))
	}
}
