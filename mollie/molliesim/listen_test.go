package molliesim

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestListenServesUntilTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sim, base, err := Listen(ctx, "127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("base %q", base)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	req, _ := http.NewRequest("POST", base+"/v2/payment-links", strings.NewReader(`{"description":"INV-1","amount":{"currency":"EUR","value":"1.00"}}`))
	req.Header.Set("Authorization", "Bearer "+sim.TestKey())
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Content-Type") != "application/hal+json" {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	sim.mu.Lock()
	var l *link
	for _, x := range sim.links {
		l = x
	}
	body := sim.linkBody(l, sim.base)
	sim.mu.Unlock()
	if body.Links["paymentLink"].Href != base+"/pay/"+l.id {
		t.Errorf("paymentLink %q does not use the listener's base", body.Links["paymentLink"].Href)
	}

	cancel()
	waitFor(t, "the listener to close", func() bool {
		resp, err := client.Get(base + "/v2/profiles/me")
		if err == nil {
			resp.Body.Close()
		}
		return err != nil
	})
}

func TestListenRefusesABusyAddress(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, base, err := Listen(ctx, "127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Listen(ctx, strings.TrimPrefix(base, "http://"), Options{}); err == nil {
		t.Error("second listener on the same port")
	}
}
