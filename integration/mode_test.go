package integration

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/mollie/molliesim"
)

// Payments made in test mode never settle the invoice in live mode, and a
// live key never touches test rows.
func TestTestModeNeverSettlesLive(t *testing.T) {
	e := newEnv(t, envOptions{})
	svc := e.connected("anna")
	e.importInvoices(svc, invoice("INV-1", 10000), invoice("INV-2", 5000))
	if _, err := svc.RecordPayment(e.ctx, "INV-1", eur(4000), ""); err != nil {
		t.Fatal(err)
	}
	testLink := e.create(svc, "INV-1").Payment
	e.payAtCheckout(testLink.URL, "paid", "ideal")
	st := e.refresh(svc, "INV-1")
	if st.Current.Status != domain.StatusPaid || st.Invoice.Outstanding(domain.ModeTest) != eur(0) {
		t.Fatalf("test payment: %s, outstanding %v", st.Current.Status, st.Invoice.Outstanding(domain.ModeTest))
	}
	// A second test link stays open and is paid after the switch to live.
	testOpen := e.create(svc, "INV-2").Payment

	e.clock.Advance(time.Minute)
	prof, err := svc.Connect(e.ctx, e.sim.LiveKey())
	if err != nil || prof.Mode != domain.ModeLive {
		t.Fatalf("connect live: %+v, %v", prof, err)
	}
	if c, _ := svc.Connection(e.ctx); c.Mode != domain.ModeLive || !strings.HasPrefix(c.MaskedKey, "live_") {
		t.Errorf("connection %+v", c)
	}
	inv := e.invoiceOf(svc, "INV-1")
	if inv.Outstanding(domain.ModeLive) != eur(6000) || !inv.Payable(domain.ModeLive) || inv.Live.Paid.Minor != 0 {
		t.Fatalf("live view of a test-paid invoice: outstanding %v, settlement %+v", inv.Outstanding(domain.ModeLive), inv.Live)
	}
	// The test payments are not this mode's: nothing to show, copy or check.
	st, err = svc.Status(e.ctx, "INV-1")
	if err != nil || st.Mode != domain.ModeLive || st.Invoice.Outstanding(st.Mode) != eur(6000) || st.Current != nil || st.Label.Key != "none" || len(st.Payments) != 1 {
		t.Errorf("status in live mode: %s, outstanding %v, current %+v, label %+v, %v", st.Mode, st.Invoice.Outstanding(st.Mode), st.Current, st.Label, err)
	}
	if url, err := svc.CopyLink(e.ctx, "INV-2"); err == nil {
		t.Errorf("live mode copied the test link %s", url)
	}
	if st, err := svc.Refresh(e.ctx, "INV-1"); err != nil || st.Current != nil {
		t.Errorf("Refresh in live mode of a test-paid invoice: %+v, %v", st.Current, err)
	}

	tr, err := e.sim.Pay(testOpen.MollieID, "paid", "ideal")
	if err != nil {
		t.Fatal(err)
	}
	e.sim.ResetCounters()
	rep, err := svc.SyncOnce(e.ctx)
	if err != nil || rep.Checked != 0 {
		t.Errorf("live sync with only test rows: %+v, %v", rep, err)
	}
	if err := svc.HandleWebhook(e.ctx, tr, ""); err != nil {
		t.Errorf("webhook for a test payment under a live key: %v", err)
	}
	inv2 := e.invoiceOf(svc, "INV-2")
	if inv2.Outstanding(domain.ModeLive) != eur(5000) || inv2.Outstanding(domain.ModeTest) != eur(5000) {
		t.Errorf("a test payment seen with the live key changed INV-2: live %v test %v", inv2.Outstanding(domain.ModeLive), inv2.Outstanding(domain.ModeTest))
	}
	if ps := e.payments(svc, "INV-2"); len(ps) != 1 || ps[0].Status != domain.StatusOpen {
		t.Errorf("the test row was touched in live mode: %+v", ps)
	}

	// Live mode gets its own link for what is owed live.
	live := e.create(svc, "INV-1")
	if live.Reused || live.Payment.Mode != domain.ModeLive || live.Payment.Amount != eur(6000) {
		t.Fatalf("live link %+v", live.Payment)
	}
	if code, _ := e.simGet(e.sim.TestKey(), "/v2/payment-links/"+live.Payment.MollieID); code != http.StatusNotFound {
		t.Errorf("the test key sees the live link: %d", code)
	}
	if n := len(e.simLinks(e.sim.LiveKey())); n != 1 {
		t.Errorf("%d live links", n)
	}
	e.payAtCheckout(live.Payment.URL, "paid", "ideal")
	if st := e.refresh(svc, "INV-1"); st.Invoice.Outstanding(domain.ModeLive) != eur(0) || st.Current.Mode != domain.ModeLive {
		t.Errorf("after paying live: %v in %s", st.Invoice.Outstanding(domain.ModeLive), st.Current.Mode)
	}
}

// No log row, no error and no debug line ever holds the API key.
func TestAPIKeyAppearsNowhere(t *testing.T) {
	e := newEnv(t, envOptions{retryBudget: 1500 * time.Millisecond})
	wrong := "test_" + strings.Repeat("Wr0ngK3y", 4)
	malformed := "test_sh0rt"
	keys := []string{e.sim.TestKey(), e.sim.LiveKey(), wrong, malformed}

	var errs []error
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	svc := e.open("anna")
	note(svc.SetIntegration(e.ctx, true))
	for _, k := range []string{wrong, malformed, " " + e.sim.TestKey() + "\n"} {
		_, err := svc.Connect(e.ctx, k)
		note(err)
	}
	e.importInvoices(svc, invoice("INV-1", 10000), invoice("INV-2", 100))
	link := e.create(svc, "INV-1").Payment
	e.payAtCheckout(link.URL, "failed", "creditcard")
	_, err := svc.Refresh(e.ctx, "INV-1")
	note(err)
	for _, f := range []molliesim.Faults{{FailRate: 1}, {RateLimitRate: 1, RetryAfter: time.Second}} {
		e.sim.SetFaults(f)
		_, err := svc.CreatePayment(e.ctx, "INV-2", domain.KindLink)
		note(err)
		_, err = svc.SyncOnce(e.ctx)
		note(err)
	}
	e.sim.SetFaults(molliesim.Faults{})
	note(svc.HandleWebhook(e.ctx, "tr_unknown12345", ""))
	_, err = svc.Connect(e.ctx, e.sim.LiveKey())
	note(err)
	e.sim.RevokeKey(e.sim.LiveKey())
	_, err = svc.CreatePayment(e.ctx, "INV-2", domain.KindLink)
	note(err)
	_, err = svc.Connect(e.ctx, e.sim.LiveKey())
	note(err)
	if len(errs) < 8 {
		t.Fatalf("only %d errors collected: %v", len(errs), errs)
	}

	var texts []string
	entries, err := svc.Log(e.ctx, domain.LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, le := range entries {
		texts = append(texts, le.Message, english.Log(le), le.Actor, le.MollieID, le.InvoiceNumber)
	}
	for _, err := range errs {
		texts = append(texts, err.Error())
	}
	texts = append(texts, e.debug.snapshot()...)
	c, _ := svc.Connection(e.ctx)
	texts = append(texts, c.MaskedKey)
	if len(entries) < 10 || len(e.debug.snapshot()) < 10 {
		t.Fatalf("too little to look at: %d log rows, %d debug lines", len(entries), len(e.debug.snapshot()))
	}
	for _, k := range keys {
		secret := k[strings.Index(k, "_")+1:]
		for _, s := range texts {
			if strings.Contains(s, secret) {
				t.Errorf("the key %s appears in %q", domain.MaskKey(k), s)
			}
		}
	}
}

// With the integration off nothing reaches Mollie, even with a key at hand.
func TestIntegrationOff(t *testing.T) {
	e := newEnv(t, envOptions{})
	plain := e.open("anna")
	if _, err := plain.Connect(e.ctx, e.sim.TestKey()); !errors.Is(err, domain.ErrIntegrationOff) {
		t.Errorf("Connect: %v", err)
	}
	// The key comes from the environment; only the switch holds paydesk back.
	svc := e.openWith("anna", mollie.Gateways(e.mollie), e.sim.TestKey())
	e.importInvoices(svc, invoice("INV-1", 10000))
	if _, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindLink); !errors.Is(err, domain.ErrIntegrationOff) {
		t.Errorf("CreatePayment: %v", err)
	}
	if _, err := svc.SyncOnce(e.ctx); !errors.Is(err, domain.ErrIntegrationOff) {
		t.Errorf("SyncOnce: %v", err)
	}
	if err := svc.HandleWebhook(e.ctx, "tr_abcdefghij", ""); !errors.Is(err, domain.ErrIntegrationOff) {
		t.Errorf("HandleWebhook: %v", err)
	}
	ctx, stop := context.WithTimeout(e.ctx, 500*time.Millisecond)
	defer stop()
	if err := svc.RunSync(ctx, domain.SyncHolder()); err != nil {
		t.Errorf("RunSync: %v", err)
	}
	if n := e.sim.TotalRequests(); n != 0 {
		t.Errorf("%d requests reached Mollie: %v", n, e.sim.Counters())
	}
	if ps := e.payments(svc, "INV-1"); len(ps) != 0 {
		t.Errorf("rows: %+v", ps)
	}

	// Switched off after use: the existing link is left alone too.
	if err := svc.SetIntegration(e.ctx, true); err != nil {
		t.Fatal(err)
	}
	e.create(svc, "INV-1")
	if err := svc.SetIntegration(e.ctx, false); err != nil {
		t.Fatal(err)
	}
	e.sim.ResetCounters()
	if _, err := svc.Refresh(e.ctx, "INV-1"); !errors.Is(err, domain.ErrIntegrationOff) {
		t.Errorf("Refresh: %v", err)
	}
	if _, err := svc.CreatePayment(e.ctx, "INV-1", domain.KindLink); !errors.Is(err, domain.ErrIntegrationOff) {
		t.Errorf("CreatePayment: %v", err)
	}
	if _, err := svc.SyncOnce(e.ctx); !errors.Is(err, domain.ErrIntegrationOff) {
		t.Errorf("SyncOnce: %v", err)
	}
	if n := e.sim.TotalRequests(); n != 0 {
		t.Errorf("%d requests reached Mollie after switching off: %v", n, e.sim.Counters())
	}
	if _, ok := findLog(e.logs(svc, ""), domain.EventIntegration, "disabled"); !ok {
		t.Errorf("switching off was not logged")
	}
}
