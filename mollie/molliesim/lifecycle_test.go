package molliesim

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestExpiredAttemptThenPaidAttemptOnOneLink(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(linkRequest("75.00"))

	abandoned := e.pay(l.ID, "expired", "ideal")
	if got := e.getLink(l.ID); got.PaidAt != nil {
		t.Fatalf("an expired attempt paid the link")
	}
	if status, _ := e.page("/pay/" + l.ID); status != http.StatusOK {
		t.Fatalf("link page after an abandoned attempt: %d", status)
	}
	e.clock.Advance(10 * time.Minute)
	paid := e.pay(l.ID, "paid", "bancontact")

	var page listView[paymentView]
	e.call("GET", "/v2/payment-links/"+l.ID+"/payments", nil, http.StatusOK, &page)
	ps := page.Embedded["payments"]
	if len(ps) != 2 || ps[0].ID != paid || ps[1].ID != abandoned {
		t.Fatalf("attempts %+v", ps)
	}
	if ps[0].Status != "paid" || ps[1].Status != "expired" || ps[1].ExpiredAt != "2025-03-14T09:00:00+00:00" {
		t.Errorf("statuses %s/%s expiredAt %s", ps[0].Status, ps[1].Status, ps[1].ExpiredAt)
	}
	if got := e.getLink(l.ID); got.PaidAt == nil || *got.PaidAt != "2025-03-14T09:10:00+00:00" {
		t.Errorf("link paidAt %v", got.PaidAt)
	}
}

func TestPendingThenPaidWhenTheClockMoves(t *testing.T) {
	e := newEnv(t, Options{PendingSettleAfter: time.Hour})
	l := e.createLink(linkRequest("99.00"))
	tr := e.pay(l.ID, "pending", "")

	p := e.getPayment(tr)
	if p.Status != "pending" || *p.Method != "banktransfer" || !p.IsCancelable || p.ExpiresAt == "" {
		t.Fatalf("pending payment %+v", p)
	}
	if got := e.getLink(l.ID); got.PaidAt != nil {
		t.Fatal("a pending attempt paid the link")
	}
	e.clock.Advance(59 * time.Minute)
	if p := e.getPayment(tr); p.Status != "pending" {
		t.Fatalf("settled early: %s", p.Status)
	}
	e.clock.Advance(time.Minute)
	p = e.getPayment(tr)
	if p.Status != "paid" || p.PaidAt != "2025-03-14T10:00:00+00:00" || p.IsCancelable {
		t.Errorf("after an hour: %+v", p)
	}
	if got := e.getLink(l.ID); got.PaidAt == nil || *got.PaidAt != "2025-03-14T10:00:00+00:00" {
		t.Errorf("link paidAt %v", got.PaidAt)
	}
}

func TestPendingSettlesOnTickWithoutRequests(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.createPayment(paymentRequest("5.00"))
	e.pay(p.ID, "pending", "banktransfer")
	e.clock.Advance(20 * time.Second)
	e.sim.Tick()
	e.sim.mu.Lock()
	status := e.sim.payments[p.ID].status
	e.sim.mu.Unlock()
	if status != "paid" {
		t.Errorf("after Tick: %s", status)
	}
}

func TestCheckoutExpiresAfterFifteenMinutes(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.createPayment(paymentRequest("20.00"))
	e.clock.Advance(15*time.Minute - time.Second)
	if got := e.getPayment(p.ID); got.Status != "open" || got.Links["checkout"] == nil {
		t.Fatalf("before expiry: %s", got.Status)
	}
	e.clock.Advance(time.Second)
	got := e.getPayment(p.ID)
	if got.Status != "expired" || got.ExpiredAt != "2025-03-14T09:15:00+00:00" || got.Links["checkout"] != nil || got.ExpiresAt != "" {
		t.Errorf("after expiry: %+v", got)
	}
	if _, err := e.sim.Pay(p.ID, "paid", "ideal"); !errors.Is(err, errNotAllowed) {
		t.Errorf("paying an expired checkout: %v", err)
	}
	if status, _ := e.page("/checkout/" + p.ID); status != http.StatusGone {
		t.Errorf("expired checkout page: %d", status)
	}
}

func TestLinkExpiryEndsItAndItsOpenAttempts(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(with(linkRequest("15.00"), "expiresAt", "2025-03-14T09:10:00+00:00"))

	e.sim.mu.Lock()
	attempt := e.sim.newAttemptLocked(e.sim.links[l.ID], e.clock.Now(), e.sim.links[l.ID].amount)
	e.sim.mu.Unlock()
	if p := e.getPayment(attempt.id); p.ExpiresAt != "2025-03-14T09:10:00+00:00" {
		t.Errorf("attempt outlives its link: expiresAt %s", p.ExpiresAt)
	}

	e.clock.Advance(10 * time.Minute)
	if p := e.getPayment(attempt.id); p.Status != "expired" {
		t.Errorf("open attempt after link expiry: %s", p.Status)
	}
	if status, body := e.page("/pay/" + l.ID); status != http.StatusGone || !strings.Contains(body, "This payment link is no longer payable") {
		t.Errorf("expired link page: %d", status)
	}
	if _, err := e.sim.Pay(l.ID, "paid", "ideal"); err == nil {
		t.Error("an expired link took a payment")
	}
}

func TestFinalStatusesStayFinal(t *testing.T) {
	e := newEnv(t, Options{})
	for _, final := range []string{"paid", "failed", "canceled", "expired"} {
		p := e.createPayment(paymentRequest("1.00"))
		e.pay(p.ID, final, "ideal")
		for _, outcome := range outcomes {
			if _, err := e.sim.Pay(p.ID, outcome, "ideal"); err == nil {
				t.Errorf("%s → %s was allowed", final, outcome)
			}
		}
		e.clock.Advance(time.Hour)
		if got := e.getPayment(p.ID); got.Status != final {
			t.Errorf("%s became %s", final, got.Status)
		}
	}
}

func TestAuthorizedThenPaid(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.createPayment(paymentRequest("44.00"))
	e.pay(p.ID, "authorized", "creditcard")
	if got := e.getPayment(p.ID); got.Status != "authorized" || got.AuthorizedAt == "" {
		t.Fatalf("authorized: %+v", got)
	}
	e.pay(p.ID, "paid", "")
	if got := e.getPayment(p.ID); got.Status != "paid" || *got.Method != "creditcard" {
		t.Errorf("captured: %+v", got)
	}
}

func TestReusableLinkStaysPayable(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(with(linkRequest("5.00"), "reusable", true))
	e.pay(l.ID, "paid", "ideal")
	e.clock.Advance(time.Minute)
	e.pay(l.ID, "paid", "ideal")
	got := e.getLink(l.ID)
	if !got.Reusable || got.PaidAt == nil || *got.PaidAt != "2025-03-14T09:00:00+00:00" {
		t.Errorf("reusable link %+v", got)
	}
}

func TestPayRefusesNonsense(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(linkRequest("5.00"))
	if _, err := e.sim.Pay("tr_nothere", "paid", "ideal"); !errors.Is(err, errUnknownObject) {
		t.Errorf("unknown payment: %v", err)
	}
	if _, err := e.sim.Pay(l.ID, "refunded", "ideal"); err == nil {
		t.Error("unknown outcome accepted")
	}
	if _, err := e.sim.Pay(l.ID, "paid", "cash"); err == nil {
		t.Error("unknown method accepted")
	}
	if _, err := e.sim.Pay(l.ID, "open", ""); err == nil {
		t.Error("open is not an outcome")
	}
}

// A link without an amount, as Mollie's document allows: the customer
// enters one, at least its minimumAmount; its amount reads null.
func TestLinkWithoutAmount(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(with(with(linkRequest("10.00"), "amount", nil), "minimumAmount", map[string]string{"currency": "EUR", "value": "5.00"}))
	var raw map[string]json.RawMessage
	e.call("GET", "/v2/payment-links/"+l.ID, nil, http.StatusOK, &raw)
	if string(raw["amount"]) != "null" || l.MinimumAmount == nil || *l.MinimumAmount != (amountJSON{"EUR", "5.00"}) {
		t.Fatalf("amount %s, minimumAmount %+v", raw["amount"], l.MinimumAmount)
	}
	if _, err := e.sim.PayAmount(l.ID, "4.99", "paid", "ideal"); err == nil {
		t.Error("an amount below the minimum was taken")
	}
	tr, err := e.sim.PayAmount(l.ID, "25.00", "paid", "ideal")
	if err != nil {
		t.Fatal(err)
	}
	var p paymentView
	e.call("GET", "/v2/payments/"+tr, nil, http.StatusOK, &p)
	if p.Amount != (amountJSON{"EUR", "25.00"}) {
		t.Errorf("the customer entered 25.00 and paid %+v", p.Amount)
	}
	fixed := e.createLink(linkRequest("10.00"))
	if _, err := e.sim.PayAmount(fixed.ID, "25.00", "paid", "ideal"); err == nil {
		t.Error("an amount was entered on a link that asks 10.00")
	}
}
