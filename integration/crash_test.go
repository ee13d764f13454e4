package integration

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/mollie/molliesim"
)

// dieDuringCreate starts CreatePayment in a process that is killed while
// Mollie is still working on the request (the simulator finishes it anyway),
// and returns the row the dead process left.
func (e *env) dieDuringCreate(number string) domain.Payment {
	e.t.Helper()
	dying := e.open("anna")
	e.sim.SetFaults(molliesim.Faults{Latency: 1500 * time.Millisecond})
	ctx, kill := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() {
		_, err := dying.CreatePayment(ctx, number, domain.KindLink)
		done <- err
	}()
	e.waitFor("the request to reach Mollie", func() bool { return e.sim.Counters()["POST /v2/payment-links"] == 1 })
	kill()
	err := <-done
	e.sim.SetFaults(molliesim.Faults{})
	if !errors.Is(err, context.Canceled) {
		e.t.Fatalf("the killed CreatePayment returned %v, want context.Canceled", err)
	}
	ps := e.payments(dying, number)
	if len(ps) != 1 || ps[0].Status != domain.StatusCreating || ps[0].MollieID != "" || ps[0].IdempotencyKey == "" {
		e.t.Fatalf("rows left by the dead process: %+v", ps)
	}
	if _, ok := findLog(e.logs(dying, number), domain.EventCreate, "same idempotency key"); !ok {
		e.t.Errorf("no log row for the interrupted creation:%s", dumpLog(e.logs(dying, number)))
	}
	return ps[0]
}

func TestInterruptedCreateIsCompletedWithTheSameKey(t *testing.T) {
	e := newEnv(t, envOptions{})
	setup := e.connected("setup")
	e.importInvoices(setup, invoice("INV-1", 10000))
	left := e.dieDuringCreate("INV-1")

	// The next press of pay, from another process, finishes the same intent
	// while Mollie may still be busy with the first request.
	e.clock.Advance(time.Minute)
	res, err := e.open("bert").CreatePayment(e.ctx, "INV-1", domain.KindLink)
	if err != nil {
		t.Fatal(err)
	}
	p := res.Payment
	if p.ID != left.ID || p.Status != domain.StatusOpen || p.IdempotencyKey != left.IdempotencyKey || p.Amount != eur(10000) {
		t.Fatalf("completed row %+v, left %+v", p, left)
	}
	links := e.simLinks(e.sim.TestKey())
	if len(links) != 1 || links[0]["id"] != p.MollieID {
		t.Fatalf("Mollie has %d links (%v), want only %s", len(links), links, p.MollieID)
	}
	if ps := e.payments(setup, "INV-1"); len(ps) != 1 {
		t.Errorf("%d payment rows", len(ps))
	}
}

// An intent older than Mollie's idempotency memory is matched among the
// listed links instead of being sent again.
func TestOldInterruptedCreateIsFoundByListing(t *testing.T) {
	e := newEnv(t, envOptions{})
	setup := e.connected("setup")
	e.importInvoices(setup, invoice("INV-1", 10000), invoice("INV-2", 2000))
	left := e.dieDuringCreate("INV-1")
	e.waitFor("Mollie to finish the abandoned request", func() bool { return len(e.simLinks(e.sim.TestKey())) == 1 })
	made := e.simLinks(e.sim.TestKey())[0]["id"]

	// Other work goes on meanwhile, so the link is not the newest one.
	e.clock.Advance(10 * time.Minute)
	other := e.create(setup, "INV-2")

	e.clock.Advance(2 * time.Hour)
	e.sim.ResetCounters()
	rep, err := e.open("bert").SyncOnce(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Finished != 1 {
		t.Errorf("sync report %+v, want one finished intent", rep)
	}
	c := e.sim.Counters()
	if c["POST /v2/payment-links"] != 0 || c["GET /v2/payment-links"] == 0 {
		t.Errorf("requests while reconciling: %v", c)
	}
	got, err := setup.Payments(e.ctx, domain.PaymentFilter{InvoiceNumber: "INV-1"})
	if err != nil || len(got) != 1 {
		t.Fatalf("rows %+v, %v", got, err)
	}
	if got[0].ID != left.ID || got[0].MollieID != made || got[0].Status != domain.StatusOpen || got[0].URL == "" {
		t.Errorf("reconciled row %+v, want %s open", got[0], made)
	}
	if links := e.simLinks(e.sim.TestKey()); len(links) != 2 {
		t.Errorf("Mollie has %d links, want 2 (%s and %s)", len(links), made, other.Payment.MollieID)
	}
}

// unreachable is a Mollie that drops every connection without answering:
// requests never arrive.
func unreachable(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	t.Cleanup(srv.Close)
	return srv.URL
}

// An intent whose request never reached Mollie is sent again: with the same
// key within the hour, with a fresh one after it. Either way, one link.
func TestLostCreateIsSentAgain(t *testing.T) {
	e := newEnv(t, envOptions{})
	setup := e.connected("setup")
	e.importInvoices(setup, invoice("INV-1", 10000), invoice("INV-2", 2000))
	cut := e.mollie
	cut.BaseURL, cut.RetryBudget = unreachable(t), 300*time.Millisecond
	offline := e.openWith("anna", mollie.Gateways(cut), "")
	e.sim.ResetCounters()

	var left = map[string]domain.Payment{}
	for _, number := range []string{"INV-1", "INV-2"} {
		_, err := offline.CreatePayment(e.ctx, number, domain.KindLink)
		var ge *domain.GatewayError
		if !errors.As(err, &ge) || !ge.Unreachable {
			t.Fatalf("CreatePayment(%s) without Mollie: %v", number, err)
		}
		ps := e.payments(setup, number)
		if len(ps) != 1 || ps[0].Status != domain.StatusCreating {
			t.Fatalf("rows after an unanswered request: %+v", ps)
		}
		left[number] = ps[0]
	}
	if n := e.sim.TotalRequests(); n != 0 {
		t.Fatalf("%d requests reached Mollie", n)
	}

	// Within the hour: the same key.
	e.clock.Advance(5 * time.Minute)
	res, err := setup.CreatePayment(e.ctx, "INV-1", domain.KindLink)
	if err != nil {
		t.Fatal(err)
	}
	if res.Payment.ID != left["INV-1"].ID || res.Payment.IdempotencyKey != left["INV-1"].IdempotencyKey || res.Payment.Status != domain.StatusOpen {
		t.Errorf("INV-1 completed as %+v", res.Payment)
	}

	// Hours later: not found among Mollie's links, so sent with a fresh key.
	e.clock.Advance(3 * time.Hour)
	rep, err := setup.SyncOnce(e.ctx)
	if err != nil || rep.Finished != 1 {
		t.Fatalf("sync: %+v, %v", rep, err)
	}
	ps := e.payments(setup, "INV-2")
	if len(ps) != 1 || ps[0].ID != left["INV-2"].ID || ps[0].Status != domain.StatusOpen || ps[0].IdempotencyKey == left["INV-2"].IdempotencyKey {
		t.Errorf("INV-2 after sync: %+v", ps)
	}
	if _, ok := findLog(e.logs(setup, "INV-2"), domain.EventCreate, "not found at Mollie"); !ok {
		t.Errorf("no log row for the resend:%s", dumpLog(e.logs(setup, "INV-2")))
	}
	if links := e.simLinks(e.sim.TestKey()); len(links) != 2 || e.sim.Counters()["POST /v2/payment-links"] != 2 {
		t.Errorf("Mollie has %d links after %d creations, want 2 and 2", len(links), e.sim.Counters()["POST /v2/payment-links"])
	}
}
