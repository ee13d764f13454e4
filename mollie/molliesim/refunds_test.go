package molliesim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

func (e *env) reverse(id, kind, amount string) (int, paymentView, errorView) {
	e.t.Helper()
	status, body := e.form("/sim/payments/"+id+"/"+kind, url.Values{"amount": {amount}})
	var p paymentView
	var ev errorView
	if status == http.StatusOK {
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			e.t.Fatalf("decode %s: %v", body, err)
		}
	} else {
		ev = decodeError(e.t, []byte(body))
	}
	return status, p, ev
}

func TestRefundAndChargebackEndpoints(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(linkRequest("60.00"))
	tr := e.pay(l.ID, "paid", "ideal")

	status, p, _ := e.reverse(tr, "refund", "12.50")
	if status != http.StatusOK || p.Status != "paid" || p.AmountRefunded.Value != "12.50" || p.AmountRemaining.Value != "47.50" {
		t.Fatalf("after refund %d: %+v", status, p)
	}
	status, p, _ = e.reverse(tr, "chargeback", "10.00")
	if status != http.StatusOK || p.Status != "paid" || p.AmountChargedBack.Value != "10.00" || p.AmountRemaining.Value != "37.50" {
		t.Fatalf("after chargeback %d: %+v", status, p)
	}
	got := e.getPayment(tr)
	if got.AmountRefunded.Value != "12.50" || got.AmountChargedBack.Value != "10.00" || got.AmountRemaining.Value != "37.50" {
		t.Errorf("API view %+v %+v %+v", got.AmountRefunded, got.AmountChargedBack, got.AmountRemaining)
	}

	for _, tc := range []struct {
		name, id, kind, amount string
		want                   int
	}{
		{"more than remains", tr, "refund", "37.51", 422},
		{"chargeback more than remains", tr, "chargeback", "40.00", 422},
		{"zero", tr, "refund", "0.00", 422},
		{"bad decimals", tr, "refund", "1.5", 422},
		{"missing amount", tr, "refund", "", 422},
		{"unknown payment", "tr_nothere", "refund", "1.00", 404},
	} {
		if status, _, ev := e.reverse(tc.id, tc.kind, tc.amount); status != tc.want || ev.Status != tc.want {
			t.Errorf("%s: %d %+v", tc.name, status, ev)
		}
	}
	if status, p, _ := e.reverse(tr, "refund", "37.50"); status != 200 || p.AmountRemaining.Value != "0.00" {
		t.Errorf("refund of the rest: %d %+v", status, p.AmountRemaining)
	}
}

func TestRefundOnlyPaidPayments(t *testing.T) {
	e := newEnv(t, Options{})
	open := e.createPayment(paymentRequest("5.00"))
	if err := e.sim.Refund(open.ID, "1.00"); err == nil {
		t.Error("refunded an open payment")
	}
	e.pay(open.ID, "failed", "ideal")
	if status, _, _ := e.reverse(open.ID, "chargeback", "1.00"); status != http.StatusUnprocessableEntity {
		t.Errorf("chargeback on a failed payment: %d", status)
	}
}

// Refunds are not available for gift cards (Mollie's refund guide): such a
// payment has no amountRefunded or amountRemaining, and a refund is refused
// by the API and by the simulator's own control alike. A chargeback is
// still possible.
func TestNoRefundsForGiftCards(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(linkRequest("60.00"))
	tr := e.pay(l.ID, "paid", "giftcard")
	if p := e.getPayment(tr); p.AmountRefunded != nil || p.AmountRemaining != nil || p.AmountChargedBack != nil {
		t.Errorf("paid by gift card: %+v %+v %+v; want no amountRefunded, amountRemaining or amountChargedBack", p.AmountRefunded, p.AmountRemaining, p.AmountChargedBack)
	}
	e.call("POST", "/v2/payments/"+tr+"/refunds", map[string]any{"amount": eur("20.00")}, http.StatusUnprocessableEntity, nil)
	if err := e.sim.Refund(tr, "1.00"); err == nil {
		t.Error("refunded a gift card payment")
	}
	if status, p, _ := e.reverse(tr, "chargeback", "10.00"); status != http.StatusOK || p.AmountChargedBack == nil || p.AmountChargedBack.Value != "10.00" {
		t.Errorf("chargeback of a gift card payment: %d %+v", status, p.AmountChargedBack)
	}
}

func TestRefundInJPY(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(with(linkRequest("1.00"), "amount", map[string]string{"currency": "JPY", "value": "5000"}))
	tr := e.pay(l.ID, "paid", "creditcard")
	if err := e.sim.Refund(tr, "1500"); err != nil {
		t.Fatal(err)
	}
	if p := e.getPayment(tr); p.AmountRefunded.Value != "1500" || p.AmountRemaining.Value != "3500" || p.AmountRefunded.Currency != "JPY" {
		t.Errorf("JPY refund %+v %+v", p.AmountRefunded, p.AmountRemaining)
	}
}

func TestRefundAndChargebackResources(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(linkRequest("60.00"))
	tr := e.pay(l.ID, "paid", "ideal")
	if got := e.getPayment(tr); got.AmountChargedBack != nil {
		t.Errorf("amountChargedBack without a chargeback: %+v", got.AmountChargedBack)
	}

	var created struct {
		ID, Status, PaymentID string
	}
	e.call("POST", "/v2/payments/"+tr+"/refunds", map[string]any{"amount": eur("20.00")}, http.StatusCreated, &created)
	if created.Status != "pending" || created.PaymentID != tr {
		t.Fatalf("created refund %+v", created)
	}
	if got := e.getPayment(tr); got.AmountRefunded.Value != "20.00" || got.AmountRemaining.Value != "40.00" {
		t.Errorf("after refund: %+v %+v", got.AmountRefunded, got.AmountRemaining)
	}
	if err := e.sim.SetRefundStatus(created.ID, "failed"); err != nil {
		t.Fatal(err)
	}
	if got := e.getPayment(tr); got.AmountRefunded.Value != "0.00" || got.AmountRemaining.Value != "60.00" {
		t.Errorf("a failed refund still counts: %+v %+v", got.AmountRefunded, got.AmountRemaining)
	}
	var one struct{ Status string }
	e.call("GET", "/v2/payments/"+tr+"/refunds/"+created.ID, nil, http.StatusOK, &one)
	if one.Status != "failed" {
		t.Errorf("refund status %q, want failed", one.Status)
	}

	e.call("POST", "/v2/payments/"+tr+"/refunds", map[string]any{"amount": eur("5.00")}, http.StatusCreated, &created)
	e.call("DELETE", "/v2/payments/"+tr+"/refunds/"+created.ID, nil, http.StatusNoContent, nil)
	if got := e.getPayment(tr); got.AmountRefunded.Value != "0.00" {
		t.Errorf("a canceled refund still counts: %+v", got.AmountRefunded)
	}
	resp, raw := e.request("POST", "/v2/payments/"+tr+"/refunds", e.sim.TestKey(), map[string]any{"amount": eur("60.01")}, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("refund above the remaining: %d %s", resp.StatusCode, raw)
	}

	cb, err := e.sim.CreateChargeback(tr, "60.00")
	if err != nil {
		t.Fatal(err)
	}
	if got := e.getPayment(tr); got.AmountChargedBack == nil || got.AmountChargedBack.Value != "60.00" {
		t.Errorf("after chargeback: %+v", got.AmountChargedBack)
	}
	if err := e.sim.ReverseChargeback(cb); err != nil {
		t.Fatal(err)
	}
	var cbs listView[struct {
		ID         string
		ReversedAt *string
	}]
	e.call("GET", "/v2/chargebacks", nil, http.StatusOK, &cbs)
	if cbs.Count != 1 || cbs.Embedded["chargebacks"][0].ReversedAt == nil {
		t.Errorf("chargebacks list %+v", cbs)
	}
	if got := e.getPayment(tr); got.AmountChargedBack != nil || got.AmountRemaining.Value != "60.00" {
		t.Errorf("a reversed chargeback still counts: %+v %+v", got.AmountChargedBack, got.AmountRemaining)
	}
	var refunds listView[struct{ ID string }]
	e.call("GET", "/v2/refunds", nil, http.StatusOK, &refunds)
	if refunds.Count != 2 {
		t.Errorf("%d refunds listed, want 2", refunds.Count)
	}
}
