package main

import (
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/mollie/molliesim"
)

// linkAt finds a link the simulator holds by id.
func (h *harness) linkAt(id string) (archived bool, amount string, ok bool) {
	h.t.Helper()
	for _, l := range h.remoteLinks() {
		if l.ID == id {
			return l.Archived, l.Amount.Value(), true
		}
	}
	return false, "", false
}

// Money recorded against an invoice with an open link replaces the link
// at once: copy hands out one for the rest, the old one is archived at
// Mollie, and paying the new one settles the invoice at exactly zero.
func TestRecordedMoneyReplacesTheOpenLink(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("R-1,Acme B.V.,1400.00")
	h.connect()
	old := h.pay("R-1")
	if old.Amount.Value != "1400.00" {
		t.Fatalf("first link = %+v", old)
	}

	out := h.ok("record-payment", "R-1", "400.00", "--note", "bank transfer")
	if !strings.Contains(out, "EUR 1,000.00") || !strings.Contains(out, "archived") {
		t.Errorf("record-payment does not say the link was replaced:\n%s", out)
	}
	url := strings.TrimSpace(h.ok("copy", "R-1"))
	if url == old.URL || !strings.HasPrefix(url, h.url) {
		t.Fatalf("copy gave %q; the old link was %q", url, old.URL)
	}
	if archived, _, ok := h.linkAt(old.MollieID); !ok || !archived {
		t.Errorf("the 1,400.00 link is not archived at the simulator (found %v)", ok)
	}
	var st statusJSON
	h.jsonOut(&st, "status", "R-1", "--json")
	if st.Payment == nil || st.Payment.URL == nil || st.Payment.MollieID == nil || *st.Payment.URL != url || st.Payment.Amount.Value != "1000.00" {
		t.Fatalf("status after recording = %+v", st)
	}
	if archived, amount, ok := h.linkAt(*st.Payment.MollieID); !ok || archived || amount != "1000.00" {
		t.Errorf("the new link at the simulator: found %v, archived %v, amount %s", ok, archived, amount)
	}

	customerPays(t, url, "paid", "ideal")
	h.jsonOut(&st, "status", "R-1", "--refresh", "--json")
	if st.Outstanding.Value != "0.00" || st.Paid.Value != "1400.00" || st.Status == nil || *st.Status != "paid" {
		t.Errorf("after paying the new link: outstanding %s, paid %s, status %v", st.Outstanding.Value, st.Paid.Value, st.Status)
	}
	var log []logJSON
	h.jsonOut(&log, "log", "--json", "--invoice", "R-1")
	want := []string{"record_payment", "archive", "create"}
	var steps []string
	for _, e := range log {
		steps = append(steps, e.Event)
		if len(want) > 0 && e.Event == want[0] {
			want = want[1:]
		}
	}
	if len(want) > 0 {
		t.Errorf("the log does not show record, archive, create in order: %s", strings.Join(steps, " "))
	}
}

// A pay killed while Mollie made the link, then money recorded: the
// interrupted link is finished and replaced in the same action, so the
// next pay hands out one for the rest instead of the old amount.
func TestKilledPayThenRecordThenPay(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("C-059,Umbrella,159.59")
	h.connect()

	h.sim.SetFaults(molliesim.Faults{Latency: 5 * time.Second})
	cmd := h.command(t.Context(), "", "pay", "C-059")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the link request to reach Mollie", func() bool { return h.sim.Counters()["POST /v2/payment-links"] > 0 })
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	h.sim.SetFaults(molliesim.Faults{})

	h.ok("record-payment", "C-059", "50.00")
	p := h.pay("C-059")
	if p.Amount.Value != "109.59" {
		t.Fatalf("pay after the kill and 50.00 recorded asks for %s, want 109.59", p.Amount.Value)
	}
	open := 0
	for _, l := range h.remoteLinks() {
		if !l.Archived {
			open++
			if l.Amount.Value() != "109.59" {
				t.Errorf("an open link at Mollie asks for %s", l.Amount.Value())
			}
		}
	}
	if open != 1 {
		t.Errorf("%d open links at Mollie, want 1", open)
	}
}

// More than is owed is refused unless confirmed, and nothing is recorded.
func TestOverpaymentNeedsConfirmation(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("O-1,Acme B.V.,1840.50")
	r := h.fails("record-payment", "O-1", "5000.00")
	if !strings.Contains(r.stderr, "--overpay") || !strings.Contains(r.stderr, "1,840.50") {
		t.Errorf("refusal does not explain:\n%s", r)
	}
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 1 || rows[0].Outstanding.Value != "1840.50" {
		t.Fatalf("a refused overpayment changed the invoice: %+v", rows)
	}
	h.ok("record-payment", "O-1", "5000.00", "--overpay")
	h.jsonOut(&rows, "invoices", "--json")
	if rows[0].Outstanding.Value != "-3159.50" || rows[0].Status != "overpaid" {
		t.Errorf("after a confirmed overpayment: %+v", rows[0])
	}
}
