package molliesim

import (
	"context"
	"testing"
	"time"
)

func TestSimulatedCustomersActOnOldAndNewObjects(t *testing.T) {
	e := newEnv(t, Options{})
	before := e.createLink(linkRequest("10.00"))
	archived := e.createLink(linkRequest("11.00"))
	e.call("PATCH", "/v2/payment-links/"+archived.ID, map[string]any{"archived": true}, 200, nil)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.sim.SimulateCustomers(ctx, CustomerOptions{MinDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, PaidShare: 1})
	after := e.createLink(linkRequest("12.00"))
	checkout := e.createPayment(paymentRequest("13.00"))

	settled := func(status string) bool { return status == "paid" || status == "pending" }
	for _, id := range []string{before.ID, after.ID} {
		waitFor(t, "a customer for "+id, func() bool {
			e.sim.mu.Lock()
			defer e.sim.mu.Unlock()
			ps := e.sim.links[id].payments
			return len(ps) == 1 && settled(ps[0].status)
		})
	}
	waitFor(t, "a customer for the checkout", func() bool {
		e.sim.mu.Lock()
		defer e.sim.mu.Unlock()
		return settled(e.sim.payments[checkout.ID].status)
	})
	e.sim.mu.Lock()
	defer e.sim.mu.Unlock()
	if n := len(e.sim.links[archived.ID].payments); n != 0 {
		t.Errorf("a customer paid an archived link %d times", n)
	}
}

func TestCustomerStoriesCoverEveryKind(t *testing.T) {
	cs := &customers{opts: CustomerOptions{}.withDefaults(), rng: New(Options{}).custRng}
	kinds := map[string]int{}
	for range 2000 {
		steps := cs.plan(true)
		key := "open"
		if len(steps) > 0 {
			key = steps[0]
			if len(steps) > 1 {
				key += "+" + steps[1]
			}
		}
		kinds[key]++
	}
	for _, k := range []string{"paid", "pending", "failed+paid", "open"} {
		if kinds[k] == 0 {
			t.Errorf("no %q story in %v", k, kinds)
		}
	}
	if kinds["expired"]+kinds["canceled"] == 0 {
		t.Errorf("no abandoned attempt in %v", kinds)
	}
	if paid := kinds["paid"] + kinds["pending"]; paid < 1200 || paid > 1600 {
		t.Errorf("paid at first try %d of 2000, want about 70%%", paid)
	}
	for range 200 {
		if steps := cs.plan(false); len(steps) > 1 {
			t.Fatalf("a checkout got a second attempt: %v", steps)
		}
	}
	for range 200 {
		if d := cs.delay(); d < 3*time.Second || d > time.Minute {
			t.Fatalf("delay %v outside 3s–60s", d)
		}
	}
}
