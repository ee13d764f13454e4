package main

import (
	"context"
	"github.com/paydesk/paydesk/mollie"
	"regexp"
	"sync"
	"testing"
)

func TestUserAgent(t *testing.T) {
	if ua := userAgent(); !regexp.MustCompile(`^paydesk/\S+ Go/\d+\.\d+`).MatchString(ua) {
		t.Errorf("user agent %q does not follow Mollie's name/version convention", ua)
	}
}

func TestResolveColor(t *testing.T) {
	cases := []struct{ choice, noColor, want string }{
		{"", "", "auto"},
		{"", "yes", "never"},
		{"", "0", "never"}, // any non-empty value, as no-color.org says
		{"always", "1", "always"},
		{"NEVER", "", "never"},
	}
	for _, c := range cases {
		t.Setenv("NO_COLOR", c.noColor)
		if got, err := resolveColor(c.choice); err != nil || got != c.want {
			t.Errorf("resolveColor(%q) with NO_COLOR=%q = %q, %v; want %q", c.choice, c.noColor, got, err, c.want)
		}
	}
	if _, err := resolveColor("sometimes"); err == nil {
		t.Error("resolveColor accepted sometimes")
	}
}

func TestWebhookURL(t *testing.T) {
	cases := map[string]string{
		"https://pay.example.com":                 "https://pay.example.com/webhooks/mollie",
		"https://pay.example.com/":                "https://pay.example.com/webhooks/mollie",
		"https://pay.example.com/hooks/paydesk":   "https://pay.example.com/hooks/paydesk",
		"https://pay.example.com/webhooks/mollie": "https://pay.example.com/webhooks/mollie",
	}
	for in, want := range cases {
		if got := webhookURL(in); got != want {
			t.Errorf("webhookURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWebhookPoolCoalesces checks the two rules: an id waiting in the queue
// is not queued twice, and an id arriving while it is handled is handled
// once more afterwards.
func TestWebhookPoolCoalesces(t *testing.T) {
	started := make(chan string)
	release := make(chan struct{})
	var mu sync.Mutex
	counts := map[string]int{}
	pool := newWebhookPool(context.Background(), 1, func(_ context.Context, hook mollie.Webhook) {
		started <- hook.ID
		<-release
		mu.Lock()
		counts[hook.ID]++
		mu.Unlock()
	})
	a, b := mollie.Webhook{ID: "tr_a"}, mollie.Webhook{ID: "tr_b", Ref: "7"}
	pool.submit(a)
	<-started      // tr_a runs on the only worker
	pool.submit(a) // arrives while running: once more afterwards
	pool.submit(a)
	pool.submit(b) // waits in the queue
	pool.submit(b) // already waiting: dropped
	release <- struct{}{}
	for range 2 {
		<-started
		release <- struct{}{}
	}
	pool.close()
	if counts["tr_a"] != 2 || counts["tr_b"] != 1 {
		t.Errorf("handled %v; want tr_a twice and tr_b once", counts)
	}
}
