package molliesim

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestLinkPageShowsAmountAndForm(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(with(linkRequest("60.00"), "description", `INV-7 <script>alert("x")</script>`))
	status, body := e.page("/pay/" + l.ID)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{
		"EUR 60.00", "INV-7 &lt;script&gt;", "TEST",
		`<form method="post" action="/pay/` + l.ID + `"`,
		`name="outcome" value="paid"`, `value="failed"`, `value="canceled"`, `value="expired"`, `value="pending"`,
		"Pending, then paid later",
		`<select name="method">`, `value="ideal"`, `value="creditcard"`, `value="banktransfer"`, `value="paypal"`, `value="bancontact"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>") {
		t.Error("description is not escaped")
	}
	resp, raw := e.request("GET", "/v2/payment-links/"+l.ID, e.sim.LiveKey(), nil, nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("live key sees the link: %s", raw)
	}
}

func TestLivePageSaysLive(t *testing.T) {
	e := newEnv(t, Options{})
	resp, raw := e.request("POST", "/v2/payment-links", e.sim.LiveKey(), linkRequest("2.50"), nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("%d %s", resp.StatusCode, raw)
	}
	id := strings.Split(strings.Split(string(raw), `"id":"`)[1], `"`)[0]
	if _, body := e.page("/pay/" + id); !strings.Contains(body, "LIVE") || strings.Contains(body, ">TEST<") {
		t.Errorf("live page does not say LIVE")
	}
}

func TestPayingALinkThroughItsPage(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(with(linkRequest("60.00"), "redirectUrl", "https://shop.example.org/thanks"))

	status, body := e.form("/pay/"+l.ID, url.Values{"outcome": {"paid"}, "method": {"ideal"}})
	if status != http.StatusOK || !strings.Contains(body, "paid") || !strings.Contains(body, "https://shop.example.org/thanks") {
		t.Fatalf("result page %d: %s", status, body)
	}

	got := e.getLink(l.ID)
	if got.PaidAt == nil || *got.PaidAt != "2025-03-14T09:00:00+00:00" {
		t.Errorf("link paidAt = %v", got.PaidAt)
	}
	var linkPays listView[paymentView]
	e.call("GET", "/v2/payment-links/"+l.ID+"/payments", nil, http.StatusOK, &linkPays)
	var all listView[paymentView]
	e.call("GET", "/v2/payments", nil, http.StatusOK, &all)
	if linkPays.Count != 1 || all.Count != 1 {
		t.Fatalf("payments: %d under the link, %d in all", linkPays.Count, all.Count)
	}
	for _, p := range []paymentView{linkPays.Embedded["payments"][0], all.Embedded["payments"][0]} {
		if p.Status != "paid" || p.Method == nil || *p.Method != "ideal" || p.PaymentLinkID != "" || p.PaidAt == "" {
			t.Errorf("payment %+v", p)
		}
		if p.Amount.Value != "60.00" || p.AmountRemaining == nil || p.AmountRemaining.Value != "60.00" || p.AmountRefunded.Value != "0.00" {
			t.Errorf("amounts %+v %+v %+v", p.Amount, p.AmountRemaining, p.AmountRefunded)
		}
		if p.Links["checkout"] != nil || p.ExpiresAt != "" {
			t.Errorf("a paid payment still offers checkout or expiry: %+v", p)
		}
	}

	status, body = e.page("/pay/" + l.ID)
	if status != http.StatusGone || !strings.Contains(body, "This payment link is no longer payable") {
		t.Errorf("paid link page: %d", status)
	}
	if status, _ := e.form("/pay/"+l.ID, url.Values{"outcome": {"paid"}, "method": {"ideal"}}); status != http.StatusGone {
		t.Errorf("paying a paid link again: %d", status)
	}
}

func TestCheckoutPage(t *testing.T) {
	e := newEnv(t, Options{})
	req := paymentRequest("12.34")
	req["method"] = "creditcard"
	p := e.createPayment(req)
	status, body := e.page(pathOf(t, p.Links["checkout"].Href))
	if status != http.StatusOK || !strings.Contains(body, "EUR 12.34") || !strings.Contains(body, `value="creditcard" selected`) {
		t.Fatalf("checkout page %d: %s", status, body)
	}
	status, _ = e.form("/checkout/"+p.ID, url.Values{"outcome": {"failed"}, "method": {"creditcard"}})
	if status != http.StatusOK {
		t.Fatalf("post: %d", status)
	}
	if got := e.getPayment(p.ID); got.Status != "failed" || got.FailedAt == "" {
		t.Errorf("after failing: %+v", got)
	}
	if status, body := e.page("/checkout/" + p.ID); status != http.StatusGone || !strings.Contains(body, "no longer payable") {
		t.Errorf("failed checkout page: %d", status)
	}
}

func TestPageFormErrors(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(linkRequest("1.00"))
	if status, _ := e.form("/pay/"+l.ID, url.Values{"outcome": {"refunded"}}); status != http.StatusBadRequest {
		t.Errorf("unknown outcome: %d", status)
	}
	if status, _ := e.form("/pay/"+l.ID, url.Values{"outcome": {"paid"}, "method": {"cash"}}); status != http.StatusBadRequest {
		t.Errorf("unknown method: %d", status)
	}
	if status, _ := e.form("/pay/pl_nothere", url.Values{"outcome": {"paid"}}); status != http.StatusNotFound {
		t.Errorf("unknown link: %d", status)
	}
	if status, _ := e.page("/checkout/tr_nothere"); status != http.StatusNotFound {
		t.Errorf("unknown payment: %d", status)
	}
}

func TestDashboardLinkLeadsSomewhere(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.createPayment(paymentRequest("3.00"))
	status, body := e.page(pathOf(t, p.Links["dashboard"].Href))
	if status != http.StatusOK || !strings.Contains(body, p.ID) || !strings.Contains(body, "open") {
		t.Errorf("dashboard %d: %s", status, body)
	}
}
