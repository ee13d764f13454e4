package molliesim

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var mollieStamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$`)

func TestProfileAnswersPerKeyMode(t *testing.T) {
	e := newEnv(t, Options{})
	for _, tc := range []struct{ key, mode string }{{e.sim.TestKey(), "test"}, {e.sim.LiveKey(), "live"}} {
		resp, raw := e.request("GET", "/v2/profiles/me", tc.key, nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", resp.StatusCode, raw)
		}
		var p struct{ Resource, ID, Mode, Name, Website, Status string }
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
		if p.Resource != "profile" || !strings.HasPrefix(p.ID, "pfl_") || p.Mode != tc.mode || p.Name == "" || p.Status != "verified" {
			t.Errorf("profile = %+v", p)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/hal+json" {
			t.Errorf("Content-Type = %q", ct)
		}
	}
}

func TestKeysLookLikeMollieKeys(t *testing.T) {
	sim := New(Options{})
	pattern := regexp.MustCompile(`^(live|test)_\w{30,}$`)
	if !pattern.MatchString(sim.TestKey()) || !strings.HasPrefix(sim.TestKey(), "test_") {
		t.Errorf("TestKey %q", sim.TestKey())
	}
	if !pattern.MatchString(sim.LiveKey()) || !strings.HasPrefix(sim.LiveKey(), "live_") {
		t.Errorf("LiveKey %q", sim.LiveKey())
	}
	if New(Options{Seed: 7}).TestKey() == sim.TestKey() {
		t.Error("another seed gave the same key")
	}
}

func TestCreateAndGetPaymentLink(t *testing.T) {
	e := newEnv(t, Options{})
	req := linkRequest("60.00")
	req["redirectUrl"] = "https://shop.example.org/thanks"
	req["webhookUrl"] = "https://shop.example.org/hooks/mollie"
	req["expiresAt"] = "2025-04-01T00:00:00+02:00"

	resp, raw := e.request("POST", "/v2/payment-links", e.sim.TestKey(), req, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("status %d: %s", resp.StatusCode, raw)
	}
	var l linkView
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatal(err)
	}
	if l.Resource != "payment-link" || !regexp.MustCompile(`^pl_\w{21}$`).MatchString(l.ID) || l.Mode != "test" {
		t.Errorf("identity = %s %s %s", l.Resource, l.ID, l.Mode)
	}
	if l.Amount != (amountJSON{"EUR", "60.00"}) || l.Description != "INV-2025-001 Acme B.V." {
		t.Errorf("amount/description = %+v %q", l.Amount, l.Description)
	}
	if l.Archived || l.Reusable || l.PaidAt != nil {
		t.Errorf("archived=%v reusable=%v paidAt=%v", l.Archived, l.Reusable, l.PaidAt)
	}
	if l.CreatedAt != "2025-03-14T09:00:00+00:00" || l.ExpiresAt == nil || *l.ExpiresAt != "2025-03-31T22:00:00+00:00" {
		t.Errorf("createdAt=%s expiresAt=%v", l.CreatedAt, l.ExpiresAt)
	}
	if l.Links["self"].Href != e.srv.URL+"/v2/payment-links/"+l.ID || l.Links["self"].Type != "application/hal+json" {
		t.Errorf("self = %+v", l.Links["self"])
	}
	if l.Links["paymentLink"].Href != e.srv.URL+"/pay/"+l.ID || l.Links["paymentLink"].Type != "text/html" {
		t.Errorf("paymentLink = %+v", l.Links["paymentLink"])
	}
	// Mollie's entity-payment-link-response declares self and paymentLink only.
	if l.Links["documentation"] != nil || !strings.HasPrefix(l.ProfileID, "pfl_") {
		t.Errorf("undeclared documentation link or profile missing: %s", raw)
	}
	if !strings.Contains(string(raw), `"paidAt":null`) || strings.Contains(string(raw), `"status"`) || strings.Contains(string(raw), `"metadata"`) {
		t.Errorf("a link has paidAt null and neither status nor metadata: %s", raw)
	}
	if got := e.getLink(l.ID); got.ID != l.ID || got.WebhookURL != "https://shop.example.org/hooks/mollie" {
		t.Errorf("GET = %+v", got)
	}
}

func TestCreateAndGetCheckoutPayment(t *testing.T) {
	e := newEnv(t, Options{})
	req := paymentRequest("125.50")
	req["locale"] = "nl_NL"
	p := e.createPayment(req)

	if p.Resource != "payment" || !regexp.MustCompile(`^tr_\w{10}$`).MatchString(p.ID) || p.Mode != "test" || p.Status != "open" {
		t.Errorf("identity = %+v", p)
	}
	if p.CreatedAt != "2025-03-14T09:00:00+00:00" || p.ExpiresAt != "2025-03-14T09:15:00+00:00" {
		t.Errorf("createdAt=%s expiresAt=%s", p.CreatedAt, p.ExpiresAt)
	}
	if p.Links["checkout"] == nil || p.Links["checkout"].Href != e.srv.URL+"/checkout/"+p.ID {
		t.Errorf("checkout = %+v", p.Links["checkout"])
	}
	for _, name := range []string{"self", "dashboard"} {
		if p.Links[name] == nil || p.Links[name].Href == "" {
			t.Errorf("_links.%s missing", name)
		}
	}
	if p.Links["documentation"] != nil {
		t.Error("_links.documentation, which Mollie's payment object does not declare")
	}
	if p.IsCancelable || p.Method != nil || p.PaidAt != "" || p.AmountRemaining != nil {
		t.Errorf("open payment: cancelable=%v method=%v paidAt=%q remaining=%v", p.IsCancelable, p.Method, p.PaidAt, p.AmountRemaining)
	}
	if string(p.Metadata) != `{"invoice_id":"42","invoice_number":"INV-2025-002"}` {
		t.Errorf("metadata = %s", p.Metadata)
	}
	if got := e.getPayment(p.ID); got.ID != p.ID || got.Amount.Value != "125.50" {
		t.Errorf("GET = %+v", got)
	}
}

func TestCancelOnlyBankTransfer(t *testing.T) {
	e := newEnv(t, Options{})
	card := e.createPayment(paymentRequest("10.00"))
	resp, raw := e.request("DELETE", "/v2/payments/"+card.ID, e.sim.TestKey(), nil, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("cancel of an iDEAL-like payment: %d %s", resp.StatusCode, raw)
	}

	req := paymentRequest("10.00")
	req["method"] = "banktransfer"
	bt := e.createPayment(req)
	if !bt.IsCancelable || *bt.Method != "banktransfer" {
		t.Fatalf("bank transfer: cancelable=%v method=%v", bt.IsCancelable, bt.Method)
	}
	e.clock.Advance(time.Minute)
	var canceled paymentView
	e.call("DELETE", "/v2/payments/"+bt.ID, nil, http.StatusOK, &canceled)
	if canceled.Status != "canceled" || canceled.CanceledAt != "2025-03-14T09:01:00+00:00" || canceled.IsCancelable {
		t.Errorf("after cancel: %+v", canceled)
	}
	if canceled.Links["checkout"] != nil || canceled.ExpiresAt != "" {
		t.Errorf("a canceled payment has no checkout and no expiresAt: %+v", canceled)
	}
	resp, _ = e.request("DELETE", "/v2/payments/"+bt.ID, e.sim.TestKey(), nil, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("second cancel: %d", resp.StatusCode)
	}
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t, Options{})
	extra := "test_abcdefghijklmnopqrstuvwxyz0123"
	cases := []struct {
		name   string
		header map[string]string
	}{
		{"no header", nil},
		{"unknown key", map[string]string{"Authorization": "Bearer test_unknownunknownunknownunknown00"}},
		{"not bearer", map[string]string{"Authorization": "Basic " + e.sim.TestKey()}},
		{"key not yet added", map[string]string{"Authorization": "Bearer " + extra}},
	}
	for _, tc := range cases {
		resp, raw := e.request("GET", "/v2/payments", "", nil, tc.header)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: status %d", tc.name, resp.StatusCode)
			continue
		}
		ev := decodeError(t, raw)
		if ev.Status != 401 || ev.Title != "Unauthorized Request" || ev.Detail == "" || ev.Links["documentation"] == nil {
			t.Errorf("%s: body %s", tc.name, raw)
		}
		if strings.Contains(string(raw), e.sim.TestKey()) {
			t.Errorf("%s: the error repeats the key", tc.name)
		}
	}

	e.sim.AddKey(extra)
	if resp, _ := e.request("GET", "/v2/profiles/me", extra, nil, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("added key: %d", resp.StatusCode)
	}
	e.sim.RevokeKey(extra)
	if resp, _ := e.request("GET", "/v2/profiles/me", extra, nil, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoked key: %d", resp.StatusCode)
	}
	e.sim.AddKey("sk_not_a_mollie_key_at_all_000000000")
	if resp, _ := e.request("GET", "/v2/profiles/me", "sk_not_a_mollie_key_at_all_000000000", nil, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("key without a mode prefix: %d", resp.StatusCode)
	}
}

func TestModesDoNotSeeEachOther(t *testing.T) {
	e := newEnv(t, Options{})
	l := e.createLink(linkRequest("20.00"))
	p := e.createPayment(paymentRequest("20.00"))
	live := e.sim.LiveKey()

	for _, path := range []string{
		"/v2/payment-links/" + l.ID,
		"/v2/payment-links/" + l.ID + "/payments",
		"/v2/payments/" + p.ID,
	} {
		resp, raw := e.request("GET", path, live, nil, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("live GET %s: %d", path, resp.StatusCode)
		} else if ev := decodeError(t, raw); ev.Title != "Not Found" {
			t.Errorf("live GET %s: %s", path, raw)
		}
	}
	if resp, _ := e.request("DELETE", "/v2/payments/"+p.ID, live, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("live DELETE payment: %d", resp.StatusCode)
	}
	if resp, _ := e.request("PATCH", "/v2/payment-links/"+l.ID, live, map[string]any{"archived": true}, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("live PATCH link: %d", resp.StatusCode)
	}
	var links listView[linkView]
	resp, raw := e.request("GET", "/v2/payment-links", live, nil, nil)
	if err := json.Unmarshal(raw, &links); err != nil || resp.StatusCode != 200 || links.Count != 0 {
		t.Errorf("live list: %d %s", resp.StatusCode, raw)
	}
	liveLink := linkView{}
	resp, raw = e.request("POST", "/v2/payment-links", live, linkRequest("1.00"), nil)
	if err := json.Unmarshal(raw, &liveLink); err != nil || liveLink.Mode != "live" {
		t.Fatalf("live create: %d %s", resp.StatusCode, raw)
	}
	if resp, _ := e.request("GET", "/v2/payment-links/"+liveLink.ID, e.sim.TestKey(), nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("test key sees a live link: %d", resp.StatusCode)
	}
}

func TestUnknownRouteAnswersInMollieShape(t *testing.T) {
	e := newEnv(t, Options{})
	resp, raw := e.request("GET", "/v2/orders", e.sim.TestKey(), nil, nil)
	if resp.StatusCode != http.StatusNotFound || decodeError(t, raw).Status != 404 {
		t.Errorf("unknown route: %d %s", resp.StatusCode, raw)
	}
	resp, _ = e.request("PUT", "/v2/payments/tr_x", e.sim.TestKey(), "{}", nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unsupported method: %d", resp.StatusCode)
	}
}

func TestTimestampsHaveMollieForm(t *testing.T) {
	e := newEnv(t, Options{})
	e.clock.Advance(1500 * time.Millisecond)
	p := e.createPayment(paymentRequest("1.00"))
	for name, v := range map[string]string{"createdAt": p.CreatedAt, "expiresAt": p.ExpiresAt} {
		if !mollieStamp.MatchString(v) {
			t.Errorf("%s = %q", name, v)
		}
	}
}
