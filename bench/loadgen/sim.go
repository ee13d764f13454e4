package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/mollie/molliesim"
)

// simulator is the Mollie the run uses: one started here, or one given.
type simulator struct {
	base string
	key  string
	// local is set when the simulator runs in this process.
	local *molliesim.Server
}

func startSim(ctx context.Context, base, key string) (*simulator, error) {
	if base != "" {
		if err := loopbackOnly(base); err != nil {
			return nil, err
		}
		return &simulator{base: strings.TrimRight(base, "/"), key: key}, nil
	}
	// The simulator's own calls would go to the public address, outside
	// this machine; loadgen makes them instead, so they are all dropped.
	s, base, err := molliesim.Listen(ctx, "127.0.0.1:0", molliesim.Options{Faults: molliesim.Faults{DropWebhooks: 1}})
	if err != nil {
		return nil, err
	}
	return &simulator{base: base, key: s.TestKey(), local: s}, nil
}

// loopbackOnly refuses a simulator elsewhere: the load stays on this machine.
func loopbackOnly(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return fmt.Errorf("-sim %q is not a URL", base)
	}
	if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" && h != "::1" {
		return fmt.Errorf("-sim must be on loopback, not %s", h)
	}
	return nil
}

func (s *simulator) gateways() domain.GatewayFactory {
	return mollie.Gateways(mollie.Config{BaseURL: s.base, UserAgent: "paydesk-loadgen/1"})
}

// pay is a customer paying a link; it returns the payment (tr_…) made.
// In-process the simulator is told directly; otherwise the customer posts
// the hosted page, and the payment is read from the link's payments.
func (s *simulator) pay(ctx context.Context, gw domain.Gateway, linkID, pageURL string) (string, error) {
	if s.local != nil {
		return s.local.Pay(linkID, "paid", "ideal")
	}
	resp, err := http.PostForm(pageURL, url.Values{"outcome": {"paid"}, "method": {"ideal"}})
	if err != nil {
		return "", fmt.Errorf("pay %s: %w", linkID, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("pay %s: the hosted page answered %s", linkID, resp.Status)
	}
	for p, err := range gw.LinkPayments(ctx, linkID) {
		if err != nil {
			return "", fmt.Errorf("payments of %s: %w", linkID, err)
		}
		if p.Status == domain.StatusPaid {
			return p.ID, nil
		}
	}
	return "", fmt.Errorf("link %s shows no paid payment after paying it", linkID)
}

func (s *simulator) resetCounters() {
	if s.local != nil {
		s.local.ResetCounters()
	}
}

// counters are the simulator's API requests by endpoint, nil when it runs
// elsewhere.
func (s *simulator) counters() map[string]int {
	if s.local == nil {
		return nil
	}
	return s.local.Counters()
}
