package molliesim

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// defaultRetryDelays compress Mollie's schedule (10 attempts over about 26
// hours) into a few minutes of real time.
var defaultRetryDelays = []time.Duration{
	100 * time.Millisecond, 500 * time.Millisecond, 2 * time.Second, 5 * time.Second,
	10 * time.Second, 20 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute,
}

const (
	maxWebhookAttempts = 10
	webhookWorkers     = 8 // a slow receiver must not hold up everybody else's
	webhookTimeout     = 15 * time.Second
)

// delivery is one webhook call, kept in Server.hooks until it succeeded or
// ran out of attempts.
type delivery struct {
	url      string
	id       string
	attempts int       // attempts actually made
	due      time.Time // real time of the next attempt
	inFlight bool
}

func newWebhookClient() *http.Client {
	return &http.Client{
		Timeout:       webhookTimeout,
		Transport:     &http.Transport{Proxy: nil, MaxIdleConnsPerHost: webhookWorkers},
		CheckRedirect: followLikeMollie,
	}
}

// followLikeMollie follows a webhook's redirects the way Mollie documents
// it ("Redirecting webhook calls", https://docs.mollie.com/overview/webhooks,
// from mollie/api-documentation#602): after 301 Moved Permanently or 302
// Found the call "changes from POST to GET", which "causes the POST payload
// to drop"; 307 Temporary Redirect and 308 Permanent Redirect keep it. That
// is what net/http's client does for these codes, so this only bounds the
// chain; the attempt counts by the last answer.
func followLikeMollie(_ *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return fmt.Errorf("webhook: stopped after %d redirects", len(via))
	}
	return nil
}

// enqueueWebhookLocked queues a call of p's webhook; the delivery loop that
// Run starts sends it.
func (s *Server) enqueueWebhookLocked(p *payment) {
	if p.webhookURL == "" || s.closed {
		return
	}
	s.hooks = append(s.hooks, &delivery{url: p.webhookURL, id: p.id, due: time.Now()})
	s.nudge()
}

func (s *Server) nudge() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Server) maxAttempts() int {
	return min(maxWebhookAttempts, 1+len(s.opts.WebhookRetryDelays))
}

// deliveryLoop hands due deliveries to at most webhookWorkers goroutines and
// sleeps until the next one is due or new work arrives.
func (s *Server) deliveryLoop(ctx context.Context) {
	slots := make(chan struct{}, webhookWorkers)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		due, wait := s.takeDue(time.Now())
		for i, d := range due {
			if !s.startAttempt(ctx, slots, d) {
				s.putBack(due[i:])
				return
			}
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-timer.C:
		}
	}
}

// takeDue marks the deliveries due at now as in flight and tells how long
// until the next one that is not.
func (s *Server) takeDue(now time.Time) ([]*delivery, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var due []*delivery
	wait := time.Hour
	for _, d := range s.hooks {
		switch {
		case d.inFlight:
		case !d.due.After(now):
			d.inFlight = true
			due = append(due, d)
		default:
			wait = min(wait, d.due.Sub(now))
		}
	}
	return due, wait
}

func (s *Server) putBack(ds []*delivery) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range ds {
		d.inFlight = false
	}
}

func (s *Server) startAttempt(ctx context.Context, slots chan struct{}, d *delivery) bool {
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	started := s.spawnLocked(func() {
		defer func() { <-slots }()
		s.attempt(ctx, d)
	})
	if !started {
		<-slots
	}
	return started
}

// attempt makes one call and records the result: done, retry later, or
// (when ctx ended mid-call) untouched for a later Run.
func (s *Server) attempt(ctx context.Context, d *delivery) {
	s.mu.Lock()
	drop := d.attempts == 0 && s.faults.DropWebhooks > 0 && s.hookRng.Float64() < s.faults.DropWebhooks
	s.mu.Unlock()
	var err error
	if !drop {
		err = s.post(ctx, d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d.inFlight = false
	if ctx.Err() != nil && err != nil {
		return
	}
	d.attempts++
	if drop || err == nil || d.attempts >= s.maxAttempts() {
		s.hooks = slices.DeleteFunc(s.hooks, func(x *delivery) bool { return x == d })
		return
	}
	d.due = time.Now().Add(s.opts.WebhookRetryDelays[d.attempts-1])
	s.nudge()
}

// post sends Mollie's classic webhook body, id=tr_…; only a 200 counts.
func (s *Server) post(ctx context.Context, d *delivery) error {
	body := url.Values{"id": {d.id}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, strings.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook request for %s: %w", d.id, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "Mollie HTTP Webhook (molliesim)")
	resp, err := s.hookHTTP.Do(req)
	if err != nil {
		return fmt.Errorf("webhook for %s: %w", d.id, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("webhook for %s: receiver answered %s", d.id, resp.Status)
	}
	return nil
}

// LinkWebhookURL reads, through the API at base with key, the webhook URL
// stored for payment link id: the address Mollie calls for every payment
// made under that link. Load tools that post webhooks in the simulator's
// place use it to call what Mollie would call.
func LinkWebhookURL(ctx context.Context, client *http.Client, base, key, id string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+"/v2/payment-links/"+url.PathEscape(id), nil)
	if err != nil {
		return "", fmt.Errorf("read link %s: %w", id, err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("read link %s: %w", id, err)
	}
	defer resp.Body.Close()
	var body struct {
		WebhookURL *string `json:"webhookUrl"`
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("read link %s: the simulator answered %s", id, resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body); err != nil {
		return "", fmt.Errorf("read link %s: %w", id, err)
	}
	if body.WebhookURL == nil || *body.WebhookURL == "" {
		return "", fmt.Errorf("link %s has no webhook URL, so Mollie would call nothing for it", id)
	}
	return *body.WebhookURL, nil
}
