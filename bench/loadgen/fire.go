package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Mollie posts a webhook again when the receiver did not answer 200; here
// after retryAfter, at most maxAttempts times in all.
const (
	retryAfter  = time.Second
	maxAttempts = 60
)

// fired is what posting the webhooks showed.
type fired struct {
	first, last time.Time // the first send; the last answer of the timed phase
	planned     int       // webhooks of the timed phase
	answered    int       // answers of the timed phase, of any status
	accepted    int       // 200 answers of the timed phase
	ok          int       // 200 answers in all
	busy        int       // 503 answers in all (each posted again)
	failed      int       // other statuses and transport errors
	gaveUp      int       // webhooks never answered 200
	latencies   []time.Duration
	maxLag      time.Duration // how far sending fell behind the schedule
}

type webhook struct {
	call     call
	attempt  int
	schedule time.Time
}

// call is what Mollie posts for one payment: its id, to the webhook URL of
// the link it was made under.
type call struct {
	id  string
	url string
}

// sender posts webhooks and keeps the tally.
type sender struct {
	client  *http.Client
	pending sync.WaitGroup
	retry   chan webhook

	mu  sync.Mutex
	res fired
}

// fire makes every call at rate per second from workers senders, then
// posts again every one turned away until all are accepted.
func fire(ctx context.Context, calls []call, rate, workers int) fired {
	s := &sender{
		client: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
			MaxIdleConns: workers, MaxIdleConnsPerHost: workers, IdleConnTimeout: time.Minute}},
		retry: make(chan webhook),
	}
	s.res.planned = len(calls)
	s.res.latencies = make([]time.Duration, 0, len(calls))
	jobs := make(chan webhook, workers)
	var timed sync.WaitGroup
	for range workers {
		timed.Go(func() {
			for w := range jobs {
				s.post(ctx, w, true)
			}
		})
	}
	for range 8 {
		go func() {
			for w := range s.retry {
				s.post(ctx, w, false)
			}
		}()
	}
	start := time.Now()
	s.res.first = start
	interval := time.Second / time.Duration(rate)
	s.pending.Add(len(calls))
	for i, c := range calls {
		at := start.Add(time.Duration(i) * interval)
		if d := time.Until(at); d > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
		}
		if ctx.Err() != nil {
			s.pending.Add(i - len(calls))
			break
		}
		jobs <- webhook{call: c, attempt: 1, schedule: at}
	}
	close(jobs)
	timed.Wait()
	s.pending.Wait()
	close(s.retry)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.res
}

func (s *sender) post(ctx context.Context, w webhook, timed bool) {
	began := time.Now()
	status := s.send(ctx, w.call)
	took := time.Since(began)
	s.mu.Lock()
	if timed {
		s.res.answered++
		if status == http.StatusOK {
			s.res.accepted++
		}
		s.res.latencies = append(s.res.latencies, took)
		s.res.maxLag = max(s.res.maxLag, began.Sub(w.schedule))
		if end := began.Add(took); end.After(s.res.last) {
			s.res.last = end
		}
	}
	switch status {
	case http.StatusOK:
		s.res.ok++
	case http.StatusServiceUnavailable:
		s.res.busy++
	default:
		s.res.failed++
	}
	s.mu.Unlock()
	switch {
	case status == http.StatusOK:
		s.pending.Done()
	case w.attempt >= maxAttempts || ctx.Err() != nil:
		s.mu.Lock()
		s.res.gaveUp++
		s.mu.Unlock()
		s.pending.Done()
	default:
		w.attempt++
		time.AfterFunc(retryAfter, func() { s.retry <- w })
	}
}

// send posts id=… as Mollie does and returns the status, 0 when no answer
// came.
func (s *sender) send(ctx context.Context, c call) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, strings.NewReader(url.Values{"id": {c.id}}.Encode()))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "Mollie.com/webhook (paydesk loadgen)")
	resp, err := s.client.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}
