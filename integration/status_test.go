package integration

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

func (e *env) refresh(svc *domain.Service, number string) domain.InvoiceStatus {
	e.t.Helper()
	st, err := svc.Refresh(e.ctx, number)
	if err != nil {
		e.t.Fatalf("Refresh(%s): %v", number, err)
	}
	if st.Current == nil {
		e.t.Fatalf("Refresh(%s): no current payment", number)
	}
	return st
}

// A customer abandons a first attempt and pays with a second; old news about
// the first changes nothing; a refund and a chargeback make the invoice
// outstanding again, and the next link asks for exactly that.
func TestAttemptsRefundsAndChargebacks(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000))
	if _, err := svc.RecordPayment(e.ctx, "INV-1", eur(4000), ""); err != nil {
		t.Fatal(err)
	}
	link := e.create(svc, "INV-1").Payment

	e.clock.Advance(time.Minute)
	abandoned, err := e.sim.Pay(link.MollieID, "expired", "creditcard")
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	st := e.refresh(svc, "INV-1")
	if st.Current.Status != domain.StatusOpen || len(st.Current.Attempts) != 1 || st.Current.Attempts[0].Status != domain.StatusExpired {
		t.Fatalf("after an abandoned attempt: %s %+v", st.Current.Status, st.Current.Attempts)
	}
	if st.Label.Key != "expired_retry" || st.Invoice.Outstanding(domain.ModeTest) != eur(6000) {
		t.Errorf("label %+v, outstanding %v", st.Label, st.Invoice.Outstanding(domain.ModeTest))
	}

	e.clock.Advance(time.Minute)
	e.payAtCheckout(link.URL, "paid", "ideal")
	e.clock.Advance(time.Minute)
	st = e.refresh(svc, "INV-1")
	if st.Current.Status != domain.StatusPaid || st.Invoice.Outstanding(domain.ModeTest) != eur(0) || st.Current.Method != "ideal" {
		t.Fatalf("after the second attempt: %s by %s, outstanding %v", st.Current.Status, st.Current.Method, st.Invoice.Outstanding(domain.ModeTest))
	}
	var paid string
	for _, a := range st.Current.Attempts {
		if a.Status == domain.StatusPaid {
			paid = a.MollieID
		}
	}
	if paid == "" || paid == abandoned || len(st.Current.Attempts) != 2 {
		t.Fatalf("attempts %+v", st.Current.Attempts)
	}

	// Mollie's late webhook for the abandoned attempt, repeated.
	before := len(e.logs(svc, "INV-1"))
	for range 2 {
		if err := svc.HandleWebhook(e.ctx, abandoned, ""); err != nil {
			t.Fatal(err)
		}
	}
	st = e.refresh(svc, "INV-1")
	if st.Current.Status != domain.StatusPaid || st.Invoice.Outstanding(domain.ModeTest) != eur(0) {
		t.Fatalf("a late webhook about the expired attempt: %s, outstanding %v", st.Current.Status, st.Invoice.Outstanding(domain.ModeTest))
	}
	for _, le := range e.logs(svc, "INV-1")[before:] {
		if le.Event == domain.EventStatus {
			t.Errorf("a stale webhook logged a status change: %s", english.Log(le))
		}
	}

	// A partial refund: 20.00 is owed again.
	e.clock.Advance(time.Hour)
	if err := e.sim.Refund(paid, "20.00"); err != nil {
		t.Fatal(err)
	}
	if err := svc.HandleWebhook(e.ctx, paid, ""); err != nil {
		t.Fatal(err)
	}
	st, err = svc.Status(e.ctx, "INV-1")
	if err != nil {
		t.Fatal(err)
	}
	if st.Invoice.Outstanding(domain.ModeTest) != eur(2000) || st.Invoice.Test.Refunded != eur(2000) || st.Label.Key != "refunded" || st.Current.Status != domain.StatusPaid {
		t.Errorf("after a refund: outstanding %v, settlement %+v, label %+v", st.Invoice.Outstanding(domain.ModeTest), st.Invoice.Test, st.Label)
	}
	if le, ok := findLog(e.logs(svc, "INV-1"), domain.EventStatus, "refund"); !ok || !strings.Contains(english.Log(le), "EUR 20.00") {
		t.Errorf("no log row about the refund:%s", dumpLog(e.logs(svc, "INV-1")))
	}

	// A chargeback of the rest: 60.00 owed again.
	e.clock.Advance(time.Hour)
	if err := e.sim.Chargeback(paid, "40.00"); err != nil {
		t.Fatal(err)
	}
	st = e.refresh(svc, "INV-1")
	if st.Invoice.Outstanding(domain.ModeTest) != eur(6000) || st.Invoice.Test.ChargedBack != eur(4000) || st.Label.Key != "charged_back" {
		t.Errorf("after a chargeback: outstanding %v, settlement %+v, label %+v", st.Invoice.Outstanding(domain.ModeTest), st.Invoice.Test, st.Label)
	}
	if _, ok := findLog(e.logs(svc, "INV-1"), domain.EventStatus, "charged back"); !ok {
		t.Errorf("no log row about the chargeback:%s", dumpLog(e.logs(svc, "INV-1")))
	}
	next := e.create(svc, "INV-1")
	if next.Reused || next.Payment.Amount != eur(6000) || next.Payment.MollieID == link.MollieID {
		t.Errorf("next link: %s for %v (reused %v)", next.Payment.MollieID, next.Payment.Amount, next.Reused)
	}
}

func TestWebhooks(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("serve")
	e.importInvoices(svc, invoice("INV-1", 10000), invoice("INV-2", 5000))
	link := e.create(svc, "INV-1").Payment
	other := e.create(svc, "INV-2").Payment

	e.clock.Advance(time.Minute)
	tr, err := e.sim.Pay(link.MollieID, "paid", "ideal")
	if err != nil {
		t.Fatal(err)
	}
	// A webhook naming the wrong link is checked against Mollie and changes
	// nothing; the one Mollie sends to the link's own URL finds the attempt.
	if err := svc.HandleWebhook(e.ctx, tr, fmt.Sprint(other.ID)); err != nil {
		t.Fatal(err)
	}
	if st := e.invoiceOf(svc, "INV-2"); st.LastPayment == nil || st.LastPayment.Status != domain.StatusOpen || st.Outstanding(domain.ModeTest) != eur(5000) {
		t.Errorf("INV-2 after a webhook naming its link for another's payment: %+v", st.LastPayment)
	}
	if _, ok := findLog(e.logs(svc, "INV-2"), domain.EventWebhook, "does not list it"); !ok {
		t.Errorf("no warning about the wrong link:%s", dumpLog(e.logs(svc, "INV-2")))
	}
	if err := svc.HandleWebhook(e.ctx, tr, fmt.Sprint(link.ID)); err != nil {
		t.Fatal(err)
	}
	st, err := svc.Status(e.ctx, "INV-1")
	if err != nil {
		t.Fatal(err)
	}
	if st.Current.Status != domain.StatusPaid || st.Invoice.Outstanding(domain.ModeTest) != eur(0) {
		t.Fatalf("after the webhook: %s, outstanding %v", st.Current.Status, st.Invoice.Outstanding(domain.ModeTest))
	}
	if le, ok := findLog(e.logs(svc, "INV-1"), domain.EventWebhook, tr); !ok || le.MollieID != tr {
		t.Errorf("no webhook log row:%s", dumpLog(e.logs(svc, "INV-1")))
	}

	// A payment paydesk never made, and an id Mollie does not know.
	stranger := e.simCheckout(t, "Donation", "5.00")
	snapshot := e.payments(svc, "")
	for _, id := range []string{"tr_unknown12345", stranger} {
		if err := svc.HandleWebhook(e.ctx, id, ""); err != nil {
			t.Errorf("HandleWebhook(%s): %v", id, err)
		}
		entries, _ := svc.Log(e.ctx, domain.LogFilter{Limit: 1})
		if len(entries) != 1 || entries[0].MollieID != id || entries[0].Level != domain.LevelWarn || entries[0].InvoiceNumber != "" {
			t.Errorf("log after an unknown webhook id %s: %+v", id, entries)
		}
	}
	after := e.payments(svc, "")
	if len(after) != len(snapshot) {
		t.Fatalf("%d rows before, %d after", len(snapshot), len(after))
	}
	for i := range after {
		if after[i].Status != snapshot[i].Status || !after[i].CheckedAt.Equal(snapshot[i].CheckedAt) || len(after[i].Attempts) != len(snapshot[i].Attempts) {
			t.Errorf("unknown webhook ids changed %s: %+v", after[i].MollieID, after[i])
		}
	}
	if st, _ := svc.Status(e.ctx, "INV-2"); st.Current.MollieID != other.MollieID || st.Current.Status != domain.StatusOpen {
		t.Errorf("INV-2 changed: %+v", st.Current)
	}
}

// simCheckout creates a payment straight at Mollie, as another shop would.
func (e *env) simCheckout(t *testing.T, description, value string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"description": description, "redirectUrl": "https://shop.example/thanks",
		"amount": map[string]string{"currency": "EUR", "value": value}})
	req, _ := http.NewRequest(http.MethodPost, e.base+"/v2/payments", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.sim.TestKey())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create a payment at Mollie: %d %v %v", resp.StatusCode, out, err)
	}
	return out["id"].(string)
}

// A checkout (pay now) goes through the Payments API and settles the same way.
func TestCheckoutPayment(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 12345))
	if _, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindCheckout); err == nil || !strings.Contains(err.Error(), string(domain.WhyNeedReturnURL)) {
		t.Fatalf("a checkout without a return URL: %v", err)
	}
	if err := svc.SetSetting(e.ctx, domain.SettingReturnURL, "https://shop.example.com/thanks"); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetSetting(e.ctx, domain.SettingLanguage, "nl"); err != nil {
		t.Fatal(err)
	}
	res, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindCheckout)
	if err != nil {
		t.Fatal(err)
	}
	p := res.Payment
	if p.Kind != domain.KindCheckout || !strings.HasPrefix(p.MollieID, "tr_") || p.Status != domain.StatusOpen || p.Amount != eur(12345) || p.ExpiresAt.IsZero() {
		t.Fatalf("checkout %+v", p)
	}
	_, remote := e.simGet(e.sim.TestKey(), "/v2/payments/"+p.MollieID)
	meta, _ := remote["metadata"].(map[string]any)
	if meta["invoice_number"] != "INV-1" || remote["redirectUrl"] != "https://shop.example.com/thanks" || remote["locale"] != "nl_NL" {
		t.Errorf("Mollie has %v", remote)
	}
	e.clock.Advance(time.Minute)
	e.payAtCheckout(p.URL, "paid", "bancontact")
	rep, err := svc.SyncOnce(e.ctx)
	if err != nil || rep.Changed != 1 || rep.Fetched != 0 {
		t.Fatalf("sync: %+v, %v", rep, err)
	}
	st, _ := svc.Status(e.ctx, "INV-1")
	if st.Current.Status != domain.StatusPaid || st.Current.Method != "bancontact" || st.Invoice.Outstanding(domain.ModeTest) != eur(0) {
		t.Errorf("after paying the checkout: %+v, outstanding %v", st.Current, st.Invoice.Outstanding(domain.ModeTest))
	}
}

// A checkout lives minutes. Asked for again after it ran out, and before any
// sync noticed, paydesk confirms the expiry with Mollie and makes a new one
// instead of handing out the dead one or refusing.
func TestExpiredCheckoutIsReplaced(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000))
	if err := svc.SetSetting(e.ctx, domain.SettingReturnURL, "https://shop.example.com/thanks"); err != nil {
		t.Fatal(err)
	}
	first, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindCheckout)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	again, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindCheckout)
	if err != nil || !again.Reused || again.Payment.ID != first.Payment.ID {
		t.Fatalf("asked again within its life: %+v, %v", again.Payment, err)
	}
	if _, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindLink); !errors.Is(err, domain.ErrNotPayable) || !strings.Contains(err.Error(), string(domain.WhyCheckoutOpen)) {
		t.Errorf("a link while the checkout is open: %v", err)
	}

	e.clock.Advance(time.Hour)
	if code := e.pageStatus(first.Payment.URL); code != http.StatusGone {
		t.Fatalf("the expired checkout's page answers %d", code)
	}
	second, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindCheckout)
	if err != nil {
		t.Fatal(err)
	}
	if second.Reused || second.Payment.MollieID == first.Payment.MollieID || e.pageStatus(second.Payment.URL) != http.StatusOK {
		t.Errorf("after the first ran out: %s reused %v", second.Payment.MollieID, second.Reused)
	}
	for _, p := range e.payments(svc, "INV-1") {
		if p.ID == first.Payment.ID && p.Status != domain.StatusExpired {
			t.Errorf("the first checkout is %s", p.Status)
		}
	}
	if le, ok := findLog(e.logs(svc, "INV-1"), domain.EventStatus, "open → expired"); !ok || le.MollieID != first.Payment.MollieID {
		t.Errorf("no log row for the expiry:%s", dumpLog(e.logs(svc, "INV-1")))
	}
}

// Without a webhook, a refund made in Mollie's dashboard is found by the next
// full sync through the payments list, with no GET per payment.
func TestSyncFindsRefundWithoutWebhook(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000))
	link := e.create(svc, "INV-1").Payment
	e.clock.Advance(time.Minute)
	paid, err := e.sim.Pay(link.MollieID, "paid", "ideal")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SyncOnce(e.ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.invoiceOf(svc, "INV-1").Outstanding(domain.ModeTest); got != eur(0) {
		t.Fatalf("outstanding after paying: %v", got)
	}

	e.clock.Advance(24 * time.Hour)
	if err := e.sim.Refund(paid, "30.00"); err != nil {
		t.Fatal(err)
	}
	e.sim.ResetCounters()
	rep, err := svc.SyncOnce(e.ctx)
	if err != nil || rep.Changed != 1 || rep.Fetched != 0 {
		t.Fatalf("sync after a refund: %+v, %v", rep, err)
	}
	for endpoint, n := range e.sim.Counters() {
		if strings.Contains(endpoint, "{id}") && n > 0 {
			t.Errorf("%d requests to %s; the lists should have been enough", n, endpoint)
		}
	}
	inv := e.invoiceOf(svc, "INV-1")
	if inv.Outstanding(domain.ModeTest) != eur(3000) || inv.Test.Refunded != eur(3000) {
		t.Errorf("after the refund: outstanding %v, settlement %+v", inv.Outstanding(domain.ModeTest), inv.Test)
	}
	st, err := svc.Status(e.ctx, "INV-1")
	if err != nil || st.Label.Key != "refunded" {
		t.Errorf("label after refund: %+v, %v", st.Label, err)
	}
}

// A webhook reads a paid payment's refunds and chargebacks only when the
// payment object says there may be some (Mollie's document: amountRefunded
// is sent only when refunds are available for the payment, amountChargedBack
// only when something was charged back), and what was given back is still
// counted through the webhook alone.
func TestWebhookReadsOnlyTheReversalsThePaymentAnnounces(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("serve")
	e.importInvoices(svc, invoice("INV-1", 10000), invoice("INV-2", 5000))
	reads := func(step string, hook func() error, refunds, chargebacks int) {
		t.Helper()
		e.clock.Advance(time.Minute)
		e.sim.ResetCounters()
		if err := hook(); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		c := e.sim.Counters()
		if c["GET /v2/payments/{id}/refunds"] != refunds || c["GET /v2/payments/{id}/chargebacks"] != chargebacks {
			t.Errorf("%s: read refunds %d times and chargebacks %d times, want %d and %d (%v)", step,
				c["GET /v2/payments/{id}/refunds"], c["GET /v2/payments/{id}/chargebacks"], refunds, chargebacks, c)
		}
	}
	settled := func(step, number string, outstanding, refunded, chargedBack int64) {
		t.Helper()
		st, err := svc.Status(e.ctx, number)
		if err != nil {
			t.Fatal(err)
		}
		s := st.Invoice.Test
		if st.Current.Status != domain.StatusPaid || st.Invoice.Outstanding(domain.ModeTest) != eur(outstanding) || s.Refunded != eur(refunded) || s.ChargedBack != eur(chargedBack) {
			t.Errorf("%s: %s, outstanding %v, refunded %v, charged back %v; want paid, %d, %d, %d", step, st.Current.Status,
				st.Invoice.Outstanding(domain.ModeTest), s.Refunded, s.ChargedBack, outstanding, refunded, chargedBack)
		}
	}

	link, tr := e.paidLink(svc, "INV-1")
	hook := func() error { return svc.HandleWebhook(e.ctx, tr, fmt.Sprint(link.ID)) }
	reads("paid by iDEAL", hook, 1, 0)
	settled("paid by iDEAL", "INV-1", 0, 0, 0)
	if err := e.sim.Refund(tr, "20.00"); err != nil {
		t.Fatal(err)
	}
	reads("refunded", hook, 1, 0)
	settled("refunded", "INV-1", 2000, 2000, 0)
	if err := e.sim.Chargeback(tr, "30.00"); err != nil {
		t.Fatal(err)
	}
	reads("charged back", hook, 1, 1)
	settled("charged back", "INV-1", 5000, 2000, 3000)

	gift := e.create(svc, "INV-2").Payment
	gtr, err := e.sim.Pay(gift.MollieID, "paid", "giftcard")
	if err != nil {
		t.Fatal(err)
	}
	ghook := func() error { return svc.HandleWebhook(e.ctx, gtr, fmt.Sprint(gift.ID)) }
	reads("paid by gift card", ghook, 0, 0)
	settled("paid by gift card", "INV-2", 0, 0, 0)
	if err := e.sim.Chargeback(gtr, "50.00"); err != nil {
		t.Fatal(err)
	}
	reads("gift card charged back", ghook, 0, 1)
	settled("gift card charged back", "INV-2", 5000, 0, 5000)
}
