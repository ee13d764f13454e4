package integration

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// hostile stands between paydesk and the simulator and changes the objects
// in its answers, the way a broken or malicious Mollie could.
type hostile struct {
	mu    sync.Mutex
	edits []edit
}

// edit changes every object (a whole answer, or each item of a list) of
// answers to method and a path that starts with prefix.
type edit struct {
	method, prefix string
	change         func(obj map[string]any)
}

// withHostile puts a hostile proxy in front of the env's simulator. The
// simulator's links point to the proxy, the host paydesk talks to.
func withHostile(e *env) *hostile {
	target, err := url.Parse(e.base)
	if err != nil {
		e.t.Fatal(err)
	}
	h := &hostile{}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = h.rewrite
	srv := httptest.NewServer(rp)
	e.t.Cleanup(srv.Close)
	e.sim.SetBaseURL(srv.URL)
	e.base, e.mollie.BaseURL = srv.URL, srv.URL
	return h
}

func (h *hostile) add(method, prefix string, change func(map[string]any)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.edits = append(h.edits, edit{method, prefix, change})
}

func (h *hostile) rewrite(resp *http.Response) error {
	h.mu.Lock()
	var edits []edit
	for _, e := range h.edits {
		if resp.Request.Method == e.method && strings.HasPrefix(resp.Request.URL.Path, e.prefix) {
			edits = append(edits, e)
		}
	}
	h.mu.Unlock()
	if len(edits) == 0 || resp.StatusCode >= 300 {
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		return err
	}
	objects := []map[string]any{doc}
	if embedded, ok := doc["_embedded"].(map[string]any); ok {
		objects = nil
		for _, list := range embedded {
			for _, item := range list.([]any) {
				objects = append(objects, item.(map[string]any))
			}
		}
	}
	for _, obj := range objects {
		for _, e := range edits {
			e.change(obj)
		}
	}
	if body, err = json.Marshal(doc); err != nil {
		return err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return nil
}

// forID applies change only to the object with that id.
func forID(id string, change func(map[string]any)) func(map[string]any) {
	return func(obj map[string]any) {
		if obj["id"] == id {
			change(obj)
		}
	}
}

func setAmount(field, currency, value string) func(map[string]any) {
	return func(obj map[string]any) { obj[field] = map[string]any{"currency": currency, "value": value} }
}

// refusedFor tells why err refused an object from Mollie, "" if it did not.
func refusedFor(err error) domain.Why {
	var ae *domain.AnomalyError
	if errors.As(err, &ae) {
		return ae.Why
	}
	return ""
}

// anomalyLogged finds the error row that refused id.
func anomalyLogged(t *testing.T, e *env, svc *domain.Service, id string) {
	t.Helper()
	entries, err := svc.Log(e.ctx, domain.LogFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, le := range entries {
		if le.Event == domain.EventAnomaly && le.MollieID == id && le.Level == domain.LevelError && le.Says.Key == "err.anomaly" {
			return
		}
	}
	t.Errorf("no error row refusing %s:%s", id, dumpLog(entries))
}

// A link URL that is not https on Mollie's host is never stored or handed
// out; the intent stays, so no second link is made either.
func TestHostileLinkURLIsRefused(t *testing.T) {
	for name, href := range map[string]string{
		"javascript": "javascript:alert(1)",
		"other host": "https://payment-links.mollie.com.evil.example/payment/x",
		"plain http": "http://payment-links.mollie.com/payment/x",
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			h := withHostile(e)
			svc := e.connected("anna")
			e.importInvoices(svc, invoice("INV-1", 10404))
			h.add(http.MethodPost, "/v2/payment-links", func(obj map[string]any) {
				obj["_links"].(map[string]any)["paymentLink"] = map[string]any{"href": href, "type": "text/html"}
			})
			_, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindLink)
			if refusedFor(err) != domain.WhyAnomalyLinkURL {
				t.Fatalf("CreatePayment with a link at %s: %v", href, err)
			}
			ps := e.payments(svc, "INV-1")
			if len(ps) != 1 || ps[0].URL != "" || ps[0].Status != domain.StatusCreating {
				t.Errorf("rows %+v, want the intent kept without a URL", ps)
			}
			if inv := e.invoiceOf(svc, "INV-1"); inv.Outstanding(domain.ModeTest) != eur(10404) {
				t.Errorf("outstanding %v", inv.Outstanding(domain.ModeTest))
			}
			if le, ok := findLog(e.logs(svc, "INV-1"), domain.EventCreate, "not https"); !ok || le.Level != domain.LevelError || strings.Contains(le.Message, href) {
				t.Errorf("log row %+v", le)
			}
			if links := e.simLinks(e.sim.TestKey()); len(links) != 1 {
				t.Errorf("the simulator holds %d links", len(links))
			}
		})
	}
}

// A link made for another amount than asked is withdrawn at Mollie, logged
// as an anomaly and never handed out.
func TestHostileLinkAmountIsRefused(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := withHostile(e)
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10404))
	h.add(http.MethodPost, "/v2/payment-links", setAmount("amount", "EUR", "0.01"))
	_, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindLink)
	if !domain.IsAnomaly(err) || !strings.Contains(err.Error(), "EUR 0.01") {
		t.Fatalf("CreatePayment answered with 0.01: %v", err)
	}
	ps := e.payments(svc, "INV-1")
	if len(ps) != 1 || ps[0].URL != "" || ps[0].Status != domain.StatusArchived {
		t.Fatalf("rows %+v, want the refused link archived without a URL", ps)
	}
	anomalyLogged(t, e, svc, ps[0].MollieID)
	if _, remote := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+ps[0].MollieID); remote["archived"] != true {
		t.Errorf("the refused link is still payable at Mollie: %v", remote)
	}
	if inv := e.invoiceOf(svc, "INV-1"); inv.Outstanding(domain.ModeTest) != eur(10404) || inv.Test.Paid != eur(0) {
		t.Errorf("invoice %+v", inv)
	}
}

// Payments that are negative, more than the link asked, or in another
// currency are refused one by one; the sync goes on and settles the good
// one, and the refused ones leave their invoices as they were.
func TestHostilePaymentsAreRefusedAndSyncGoesOn(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := withHostile(e)
	svc := e.connected("anna")
	numbers := []string{"INV-NEG", "INV-BIG", "INV-USD", "INV-OK"}
	for _, n := range numbers {
		e.importInvoices(svc, invoice(n, 10505))
	}
	paid := map[string]string{}
	for _, n := range numbers {
		_, paid[n] = e.paidLink(svc, n)
	}
	for _, path := range []string{"/v2/payments", "/v2/payment-links/"} {
		h.add(http.MethodGet, path, forID(paid["INV-NEG"], setAmount("amount", "EUR", "-500.00")))
		h.add(http.MethodGet, path, forID(paid["INV-BIG"], setAmount("amount", "EUR", "1000000.00")))
		h.add(http.MethodGet, path, forID(paid["INV-USD"], setAmount("amount", "USD", "105.05")))
	}
	rep, err := svc.SyncOnce(e.ctx)
	if err != nil {
		t.Fatalf("sync stopped at a bad object: %v", err)
	}
	if rep.Anomalies < 3 {
		t.Errorf("report %+v, want the 3 refused payments counted", rep)
	}
	if inv := e.invoiceOf(svc, "INV-OK"); inv.Outstanding(domain.ModeTest) != eur(0) {
		t.Errorf("the good payment was not applied: outstanding %v", inv.Outstanding(domain.ModeTest))
	}
	for _, n := range numbers[:3] {
		inv := e.invoiceOf(svc, n)
		if inv.Outstanding(domain.ModeTest) != eur(10505) || inv.Test.Paid != eur(0) {
			t.Errorf("%s after a refused payment: outstanding %v, settlement %+v", n, inv.Outstanding(domain.ModeTest), inv.Test)
		}
		if ps := e.payments(svc, n); len(ps) != 1 || ps[0].Status == domain.StatusPaid {
			t.Errorf("%s rows %+v", n, ps)
		}
		anomalyLogged(t, e, svc, paid[n])
	}
	// A webhook for a refused payment refuses it again and changes nothing.
	if err := svc.HandleWebhook(e.ctx, paid["INV-BIG"], ""); err != nil && !domain.IsAnomaly(err) {
		t.Errorf("webhook: %v", err)
	}
	if inv := e.invoiceOf(svc, "INV-BIG"); inv.Outstanding(domain.ModeTest) != eur(10505) {
		t.Errorf("INV-BIG after a webhook: outstanding %v", inv.Outstanding(domain.ModeTest))
	}
}

// Text from Mollie that repeats the API key is scrubbed before paydesk
// stores, prints or logs it.
func TestMollieTextIsScrubbedOfTheKey(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := withHostile(e)
	key := e.sim.TestKey()
	h.add(http.MethodGet, "/v2/profiles/me", func(obj map[string]any) {
		obj["name"] = "Shop " + key
		obj["website"] = "https://shop.example.org/?k=" + key
	})
	svc := e.open("anna")
	if err := svc.SetIntegration(e.ctx, true); err != nil {
		t.Fatal(err)
	}
	prof, err := svc.Connect(e.ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Connection(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := svc.Log(e.ctx, domain.LogFilter{Limit: 100})
	texts := []string{prof.Name, prof.Website, c.Profile.Name, c.Profile.Website, dumpLog(entries)}
	for _, text := range texts {
		if strings.Contains(text, key) {
			t.Errorf("the key is in %q", text)
		}
	}
	if !strings.Contains(prof.Name, domain.MaskKey(key)) {
		t.Errorf("profile name %q, want the key masked", prof.Name)
	}
}

// A link withdrawn because money was recorded by hand, whose customer paid
// just before, is paid only by a payment that passes the same checks as in
// sync: Mollie's paidAt on the archived link alone settles nothing.
func TestHostilePaymentOfAWithdrawnLinkIsRefused(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := withHostile(e)
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-W", 10505))
	_, tr := e.paidLink(svc, "INV-W")
	for _, path := range []string{"/v2/payments", "/v2/payment-links/"} {
		h.add(http.MethodGet, path, forID(tr, setAmount("amount", "USD", "105.05")))
	}
	if _, err := svc.RecordPayment(e.ctx, "INV-W", eur(505), "cash"); err != nil {
		t.Fatalf("record: %v", err)
	}
	inv := e.invoiceOf(svc, "INV-W")
	if inv.Test.Paid != eur(0) || inv.Outstanding(domain.ModeTest) != eur(10000) {
		t.Errorf("after a refused payment of the withdrawn link: paid %v, outstanding %v", inv.Test.Paid, inv.Outstanding(domain.ModeTest))
	}
	for _, p := range e.payments(svc, "INV-W") {
		if p.Status == domain.StatusPaid {
			t.Errorf("row %s %s is paid by a refused payment", p.MollieID, p.Status)
		}
	}
	anomalyLogged(t, e, svc, tr)
}

// A link that asks no fixed amount (Mollie lets the customer enter one) is
// never taken for the link paydesk asked for: answered to a create, it is
// refused, withdrawn and logged; one made elsewhere in the account, even
// with the same description, is passed over by sync without a word.
func TestHostileLinkWithoutAmountIsRefused(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := withHostile(e)
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10404), invoice("INV-2", 2000))
	h.add(http.MethodPost, "/v2/payment-links", func(obj map[string]any) {
		obj["amount"], obj["minimumAmount"] = nil, map[string]any{"currency": "EUR", "value": "1.00"}
	})
	_, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindLink)
	if refusedFor(err) != domain.WhyAnomalyOpenMinimum || !strings.Contains(err.Error(), "EUR 1.00") {
		t.Fatalf("CreatePayment answered with a link without an amount: %v", err)
	}
	ps := e.payments(svc, "INV-1")
	if len(ps) != 1 || ps[0].URL != "" || ps[0].Status != domain.StatusArchived {
		t.Fatalf("rows %+v, want the refused link archived without a URL", ps)
	}
	anomalyLogged(t, e, svc, ps[0].MollieID)

	h.mu.Lock()
	h.edits = nil
	h.mu.Unlock()
	link := e.create(svc, "INV-2").Payment
	body, _ := json.Marshal(map[string]any{"description": link.Description, "minimumAmount": map[string]string{"currency": "EUR", "value": "5.00"}})
	req, _ := http.NewRequest(http.MethodPost, e.base+"/v2/payment-links", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.sim.TestKey())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("a link without an amount at Mollie: %d", resp.StatusCode)
	}
	if _, err := e.sim.Pay(link.MollieID, "paid", "ideal"); err != nil {
		t.Fatal(err)
	}
	rep, err := svc.SyncOnce(e.ctx)
	if err != nil || rep.Anomalies != 0 {
		t.Fatalf("sync beside a link without an amount: %+v, %v", rep, err)
	}
	if inv := e.invoiceOf(svc, "INV-2"); inv.Outstanding(domain.ModeTest) != eur(0) {
		t.Errorf("INV-2 after its link was paid: outstanding %v", inv.Outstanding(domain.ModeTest))
	}
}

// A refund in another currency than its payment is refused and logged; what
// was known to be given back stands until Mollie reports it rightly.
func TestHostileRefundIsRefused(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := withHostile(e)
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-R", 10000))
	_, tr := e.paidLink(svc, "INV-R")
	if _, err := svc.SyncOnce(e.ctx); err != nil {
		t.Fatal(err)
	}
	refund, err := e.sim.CreateRefund(tr, "5.00")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/v2/refunds", "/v2/payments/"} {
		h.add(http.MethodGet, path, forID(refund, setAmount("amount", "USD", "5.00")))
	}
	rep, err := svc.SyncOnce(e.ctx)
	if err != nil || rep.Anomalies == 0 {
		t.Fatalf("sync with a refund in USD: %+v, %v", rep, err)
	}
	anomalyLogged(t, e, svc, refund)
	if inv := e.invoiceOf(svc, "INV-R"); inv.Outstanding(domain.ModeTest) != eur(0) || inv.Test.Refunded != eur(0) {
		t.Errorf("after a refused refund: outstanding %v, settlement %+v", inv.Outstanding(domain.ModeTest), inv.Test)
	}
	h.mu.Lock()
	h.edits = nil
	h.mu.Unlock()
	if _, err := svc.SyncOnce(e.ctx); err != nil {
		t.Fatal(err)
	}
	if inv := e.invoiceOf(svc, "INV-R"); inv.Outstanding(domain.ModeTest) != eur(500) {
		t.Errorf("after the refund was reported rightly: outstanding %v", inv.Outstanding(domain.ModeTest))
	}
}
