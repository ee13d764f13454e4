package main

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/mollie/molliesim"
)

// remoteLinks lists the payment links the simulator holds for the test key.
func (h *harness) remoteLinks() []domain.RemoteLink {
	h.t.Helper()
	c, err := mollie.New(mollie.Config{BaseURL: h.url, APIKey: h.sim.TestKey()})
	if err != nil {
		h.t.Fatal(err)
	}
	var links []domain.RemoteLink
	for l, err := range c.ListPaymentLinks(h.t.Context()) {
		if err != nil {
			h.t.Fatal(err)
		}
		links = append(links, l)
	}
	return links
}

func (h *harness) pay(number string) payJSON {
	h.t.Helper()
	var p payJSON
	h.jsonOut(&p, "pay", number, "--json")
	return p
}

// customerPays posts the checkout form the way a browser does.
func customerPays(t *testing.T, pageURL, outcome, method string) {
	t.Helper()
	resp, err := http.PostForm(pageURL, url.Values{"outcome": {outcome}, "method": {method}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		t.Fatalf("paying at %s: HTTP %d", pageURL, resp.StatusCode)
	}
}

func TestPayRecordAndSettle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-1,Acme B.V.,100.00")
	h.connect()

	if out := h.ok("record-payment", "INV-1", "40.00", "--note", "bank transfer"); !strings.Contains(out, "EUR 60.00") {
		t.Errorf("record-payment does not show the new outstanding amount:\n%s", out)
	}
	p := h.pay("INV-1")
	if p.Amount != (moneyJSON{"EUR", "60.00"}) || p.Kind != "link" || p.Mode != "test" || p.Status != "open" ||
		p.Reused || !strings.HasPrefix(p.MollieID, "pl_") || !strings.HasPrefix(p.URL, h.url) {
		t.Fatalf("pay --json = %+v", p)
	}
	if again := h.pay("INV-1"); again.URL != p.URL || !again.Reused {
		t.Errorf("second pay = %+v, want the same link reused", again)
	}
	if out := h.ok("pay", "INV-1"); !strings.Contains(out, p.URL) || !strings.Contains(out, "Reused the open link") {
		t.Errorf("pay for people:\n%s", out)
	}

	customerPays(t, p.URL, "paid", "ideal")
	var st statusJSON
	h.jsonOut(&st, "status", "INV-1", "--refresh", "--json")
	if st.Status == nil || *st.Status != "paid" || st.CompletedAt == nil || st.Payment == nil || len(st.Payment.Attempts) != 1 {
		t.Fatalf("status after paying = %+v", st)
	}
	if st.Outstanding.Value != "0.00" || st.Paid.Value != "100.00" || !strings.Contains(st.Label, "Paid on") {
		t.Errorf("status amounts/label = %+v", st)
	}
	if a := st.Payment.Attempts[0]; a.Status != "paid" || a.Method == nil || *a.Method != "ideal" || !strings.HasPrefix(a.ID, "tr_") {
		t.Errorf("attempt = %+v", a)
	}
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 1 || rows[0].Outstanding.Value != "0.00" || rows[0].Status != "paid" || rows[0].PaymentStatus == nil || *rows[0].PaymentStatus != "paid" {
		t.Errorf("invoices after paying = %+v", rows)
	}

	var log []logJSON
	h.jsonOut(&log, "log", "--json", "--invoice", "INV-1")
	events := map[string]bool{}
	for _, e := range log {
		events[e.Event] = true
		if e.Event == "status" && strings.Contains(e.Message, "→ paid") {
			events["paid"] = true
		}
	}
	for _, want := range []string{"record_payment", "create", "reuse", "status", "paid"} {
		if !events[want] {
			t.Errorf("the log has no %q row: %+v", want, log)
		}
	}
	if r := h.fails("pay", "INV-1"); !strings.Contains(r.stderr, "fully paid") {
		t.Errorf("paying a paid invoice:\n%s", r)
	}
}

func TestPayReplacesTheLinkWhenTheAmountChanges(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-2,Globex,100.00")
	h.connect()

	first := h.pay("INV-2")
	if first.Amount.Value != "100.00" {
		t.Fatalf("first link asks %v", first.Amount)
	}
	// Recording replaces the link at once; pay then hands out the new one.
	h.ok("record-payment", "INV-2", "30,00")
	second := h.pay("INV-2")
	if second.URL == first.URL || second.MollieID == first.MollieID || !second.Reused || second.Amount.Value != "70.00" {
		t.Fatalf("after recording 30.00: %+v (first %+v)", second, first)
	}
	archived := map[string]bool{}
	for _, l := range h.remoteLinks() {
		archived[l.ID] = l.Archived
	}
	if !archived[first.MollieID] || archived[second.MollieID] || len(archived) != 2 {
		t.Errorf("links at Mollie (id → archived): %v", archived)
	}
	var st statusJSON
	h.jsonOut(&st, "status", "INV-2", "--json")
	statuses := map[string]string{}
	for _, p := range st.Payments {
		statuses[*p.MollieID] = p.Status
	}
	if statuses[first.MollieID] != "archived" || statuses[second.MollieID] != "open" {
		t.Errorf("payment rows: %v", statuses)
	}

	// Settled outside Mollie: the open link is withdrawn.
	if out := h.ok("record-payment", "INV-2", "70.00"); !strings.Contains(out, "EUR 0.00") || !strings.Contains(out, "archived") {
		t.Errorf("record-payment of the rest:\n%s", out)
	}
	for _, l := range h.remoteLinks() {
		if !l.Archived {
			t.Errorf("link %s is still payable at Mollie after the invoice was settled", l.ID)
		}
	}
}

func TestConcurrentPayProcessesShareOneLink(t *testing.T) {
	t.Parallel()
	testConcurrentPay(t, newHarness(t))
}

// testConcurrentPay runs 20 pay processes on one invoice at once; they
// must share one link.
func testConcurrentPay(t *testing.T, h *harness) {
	h.importInvoices("INV-3,Initech,250.00")
	h.connect()

	const n = 20
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { results[i] = h.run("pay", "INV-3", "--json") })
	}
	wg.Wait()
	urls := map[string]int{}
	for _, r := range results {
		if r.code != 0 {
			t.Fatalf("a concurrent pay failed:\n%s", r)
		}
		var p payJSON
		decode(t, r.stdout, &p)
		urls[p.URL]++
	}
	if len(urls) != 1 {
		t.Errorf("%d processes printed %d different URLs: %v", n, len(urls), urls)
	}
	if links := h.remoteLinks(); len(links) != 1 {
		t.Errorf("Mollie holds %d links, want 1", len(links))
	}
}

func TestKilledPayIsCompletedByTheNextOne(t *testing.T) {
	t.Parallel()
	testKilledPay(t, newHarness(t))
}

// testKilledPay kills a pay process while Mollie is creating its link; the
// next pay completes the intent instead of asking for a second link.
func testKilledPay(t *testing.T, h *harness) {
	h.importInvoices("INV-4,Umbrella,80.00")
	h.connect()

	h.sim.SetFaults(molliesim.Faults{Latency: 5 * time.Second})
	h.sim.ResetCounters()
	cmd := h.command(t.Context(), "", "pay", "INV-4")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the link request to reach Mollie", func() bool { return h.sim.Counters()["POST /v2/payment-links"] > 0 })
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	h.sim.SetFaults(molliesim.Faults{})

	var st statusJSON
	h.jsonOut(&st, "status", "INV-4", "--json")
	if st.Status == nil || *st.Status != "creating" {
		t.Fatalf("after the kill the intent should wait in creating: %+v", st)
	}
	p := h.pay("INV-4")
	if p.Amount.Value != "80.00" || p.URL == "" {
		t.Fatalf("pay after the kill = %+v", p)
	}
	h.jsonOut(&st, "status", "INV-4", "--json")
	if st.Status == nil || *st.Status != "open" || st.Payment == nil || st.Payment.URL == nil || *st.Payment.URL != p.URL {
		t.Errorf("status after completing = %+v", st)
	}
	if links := h.remoteLinks(); len(links) != 1 {
		t.Errorf("Mollie holds %d links, want 1", len(links))
	}
}
