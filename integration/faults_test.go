package integration

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/mollie/molliesim"
)

// Mollie answering 5xx or 429 to every request: the client retries within
// its budget, then paydesk reports a clear error, logs it, and leaves the
// invoice as it was. A 429 means nothing was done, so no row stays behind; a
// server error may come after Mollie made the link, so the intent stays, and
// the next press of pay finishes it with the same key.
func TestMollieErrorsLeaveTheInvoiceUnchanged(t *testing.T) {
	tests := []struct {
		name       string
		faults     molliesim.Faults
		statuses   []int
		keepIntent bool
	}{
		{"server errors", molliesim.Faults{FailRate: 1}, []int{500, 503}, true},
		{"rate limited", molliesim.Faults{RateLimitRate: 1, RetryAfter: time.Second}, []int{429}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, envOptions{retryBudget: 2500 * time.Millisecond})
			svc := e.connected("anna")
			e.importInvoices(svc, invoice("INV-1", 10000))
			before := e.invoiceOf(svc, "INV-1")

			e.sim.SetFaults(tt.faults)
			_, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindLink)
			var ge *domain.GatewayError
			if !errors.As(err, &ge) || !ge.Retryable || !containsInt(tt.statuses, ge.HTTPStatus) {
				t.Fatalf("CreatePayment: %v, want a retryable %v", err, tt.statuses)
			}
			msg := err.Error()
			if !strings.Contains(msg, "INV-1") || !strings.Contains(msg, fmt.Sprintf(" %d ", ge.HTTPStatus)) || !strings.Contains(msg, "mollie") {
				t.Errorf("unclear error %q", msg)
			}
			if n := e.sim.Counters()["POST /v2/payment-links"]; n < 2 {
				t.Errorf("%d attempts, want retries", n)
			}
			ps := e.payments(svc, "INV-1")
			switch {
			case tt.keepIntent && (len(ps) != 1 || ps[0].Status != domain.StatusCreating):
				t.Errorf("rows after a server error: %+v, want the intent kept", ps)
			case !tt.keepIntent && len(ps) != 0:
				t.Errorf("rows left behind: %+v", ps)
			}
			after := e.invoiceOf(svc, "INV-1")
			if after.Outstanding(domain.ModeTest) != before.Outstanding(domain.ModeTest) || (after.LastPayment != nil) != tt.keepIntent {
				t.Errorf("invoice changed: %+v", after)
			}
			le, ok := findLog(e.logs(svc, "INV-1"), domain.EventCreate, "failed")
			if !ok || le.HTTPStatus != ge.HTTPStatus || le.Level != domain.LevelWarn {
				t.Errorf("log row %+v:%s", le, dumpLog(e.logs(svc, "INV-1")))
			}

			// Once Mollie recovers, the same press of pay works.
			e.sim.SetFaults(molliesim.Faults{})
			res := e.create(svc, "INV-1")
			if tt.keepIntent && (res.Payment.ID != ps[0].ID || res.Payment.IdempotencyKey != ps[0].IdempotencyKey) {
				t.Errorf("completed as %+v, want the kept intent %+v", res.Payment, ps[0])
			}
			if links := e.simLinks(e.sim.TestKey()); len(links) != 1 {
				t.Errorf("Mollie has %d links, want 1", len(links))
			}
		})
	}
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// A Mollie too slow to answer within the timeout: a status check gives up
// with an error that says so; a creation is joined once Mollie finishes it.
func TestMollieTooSlow(t *testing.T) {
	e := newEnv(t, envOptions{timeout: time.Second, retryBudget: 2500 * time.Millisecond})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000), invoice("INV-2", 2000))
	link := e.create(svc, "INV-1").Payment

	e.sim.SetFaults(molliesim.Faults{Latency: 5 * time.Second})
	e.sim.ResetCounters()
	_, err := svc.Refresh(e.ctx, "INV-1")
	var ge *domain.GatewayError
	if !errors.As(err, &ge) || !ge.Unreachable || !strings.Contains(err.Error(), "no answer within") {
		t.Fatalf("Refresh against a slow Mollie: %v", err)
	}
	if n := e.sim.Counters()["GET /v2/payment-links/{id}"]; n < 2 {
		t.Errorf("%d attempts, want retries", n)
	}
	if le, ok := findLog(e.logs(svc, "INV-1"), domain.EventSync, "status check failed"); !ok || le.Level != domain.LevelWarn || le.MollieID != link.MollieID {
		t.Errorf("log row %+v:%s", le, dumpLog(e.logs(svc, "INV-1")))
	}
	if ps := e.payments(svc, "INV-1"); len(ps) != 1 || ps[0].Status != domain.StatusOpen {
		t.Errorf("rows after a failed check: %+v", ps)
	}

	// The first attempt times out while Mollie works on it; the retry with the
	// same key is told the request is still running (409) and waits for it.
	res, err := svc.CreatePayment(e.ctx, "INV-2", domain.KindLink)
	if err != nil {
		t.Fatalf("CreatePayment against a slow Mollie: %v", err)
	}
	if res.Payment.Status != domain.StatusOpen || res.Payment.Amount != eur(2000) {
		t.Errorf("created %+v", res.Payment)
	}
	e.sim.SetFaults(molliesim.Faults{})
	if links := e.simLinks(e.sim.TestKey()); len(links) != 2 {
		t.Errorf("Mollie has %d links, want 2", len(links))
	}
}

// A key revoked in the Mollie dashboard: every call says to reconnect, and
// connecting with a new key brings everything back.
func TestRevokedKey(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000), invoice("INV-2", 2000))
	e.create(svc, "INV-1")
	e.sim.RevokeKey(e.sim.TestKey())

	_, errCreate := svc.CreatePayment(e.ctx, "INV-2", domain.KindLink)
	_, errRefresh := svc.Refresh(e.ctx, "INV-1")
	_, errSync := svc.SyncOnce(e.ctx)
	_, errConnect := svc.Connect(e.ctx, e.sim.TestKey())
	for name, err := range map[string]error{"CreatePayment": errCreate, "Refresh": errRefresh, "SyncOnce": errSync, "Connect": errConnect} {
		if !domain.Unauthorized(err) || !strings.Contains(i18n.New("en").Err(err), "reconnect") {
			t.Errorf("%s with a revoked key: %v", name, err)
		}
	}
	if ps := e.payments(svc, "INV-2"); len(ps) != 0 {
		t.Errorf("rows left by a refused creation: %+v", ps)
	}
	if le, ok := findLog(e.logs(svc, "INV-2"), domain.EventCreate, "401"); !ok || le.HTTPStatus != 401 || le.Level != domain.LevelError {
		t.Errorf("log row %+v", le)
	}

	fresh := "test_" + strings.Repeat("N3wK3y", 6)
	e.sim.AddKey(fresh)
	if _, err := svc.Connect(e.ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if c, _ := svc.Connection(e.ctx); !c.Connected || c.MaskedKey != domain.MaskKey(fresh) {
		t.Errorf("connection %+v", c)
	}
	if _, err := svc.Refresh(e.ctx, "INV-1"); err != nil {
		t.Errorf("Refresh with the new key: %v", err)
	}
	e.create(svc, "INV-2")
}
