package main

import (
	"context"
	"errors"
	"github.com/paydesk/paydesk/mollie"
	"regexp"
	"sync"
	"testing"

	"github.com/spf13/cobra"
)

func TestUserAgent(t *testing.T) {
	if ua := userAgent(); !regexp.MustCompile(`^paydesk/\S+ Go/\d+\.\d+`).MatchString(ua) {
		t.Errorf("user agent %q does not follow Mollie's name/version convention", ua)
	}
}

// TestColorMode: the flag and PAYDESK_COLOR reach termcolor's decision,
// and a bad value is a usage mistake.
func TestColorMode(t *testing.T) {
	cases := []struct{ choice, noColor, want string }{
		{"", "", "auto"},
		{"", "0", "never"},
		{"always", "1", "always"},
		{"NEVER", "", "never"},
	}
	g := &globals{}
	g.register(&cobra.Command{})
	for _, c := range cases {
		t.Setenv("NO_COLOR", c.noColor)
		t.Setenv(envColor, c.choice)
		if got, err := g.colorMode(); err != nil || got != c.want {
			t.Errorf("PAYDESK_COLOR=%q NO_COLOR=%q: %q, %v; want %q", c.choice, c.noColor, got, err, c.want)
		}
	}
	t.Setenv(envColor, "sometimes")
	var ue usageError
	if _, err := g.colorMode(); !errors.As(err, &ue) {
		t.Errorf("PAYDESK_COLOR=sometimes: %v, want a usage error", err)
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
