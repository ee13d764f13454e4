package tui

import (
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// Recording money against an invoice with an open link replaces the link in
// the same action; y then copies the new one, and the old one is archived.
// More than is owed needs a second enter.
func TestRecordingReplacesTheOpenLink(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-001")
	d.key("p")
	d.key("enter")
	d.until("the link", notBusy)
	st, err := f.svc.Status(t.Context(), "INV-2026-001")
	if err != nil || st.Current == nil || st.Current.Amount != eur(125000) {
		t.Fatalf("first link: %+v, %v", st.Current, err)
	}
	old := *st.Current

	d.key("m")
	d.key("ctrl+u") // the amount owed is filled in
	d.typeText("400,00")
	d.key("enter")
	d.until("the record", notBusy)
	want := "Recorded EUR 400.00 for INV-2026-001; outstanding now EUR 850.00. The old link was archived; the new one asks for EUR 850.00."
	if got := d.footer(); got != want {
		t.Fatalf("footer %q\nwant   %q", got, want)
	}
	if l := f.mollie.Links[old.MollieID]; !l.Archived {
		t.Errorf("the old link is not archived at Mollie: %+v", l)
	}
	st, _ = f.svc.Status(t.Context(), "INV-2026-001")
	if st.Current == nil || st.Current.Amount != eur(85000) || st.Current.ID == old.ID || st.Stale() {
		t.Fatalf("current payment after recording: %+v", st.Current)
	}
	d.until("the pane to show the new link", func(m Model) bool {
		ps := m.invoices.pane.status
		return ps != nil && ps.Current != nil && ps.Current.ID == st.Current.ID
	})
	if text := d.screenText(); strings.Contains(text, "not offered") || !strings.Contains(text, "https://paymentlink") {
		t.Errorf("the pane does not offer the new link:\n%s", text)
	}
	d.key("y")
	d.until("the copy", func(m Model) bool { return strings.HasPrefix(m.footer.text, "Link copied") })
	if !strings.Contains(d.footer(), st.Current.URL) {
		t.Errorf("y copied something else: %q", d.footer())
	}

	d.until("the list to show what is owed now", func(m Model) bool {
		inv, _ := m.invoices.Selected()
		return inv.Outstanding(domain.ModeTest) == eur(85000)
	})
	d.key("m")
	d.key("ctrl+u")
	d.typeText("5000")
	d.key("enter")
	rd, ok := d.m.dialog.(*recordDialog)
	if !ok || !strings.Contains(rd.err, "more than the EUR 850.00 owed") {
		t.Fatalf("an overpayment was not questioned: %T %q", d.m.dialog, rd.err)
	}
	if inv, _ := f.store.Invoice(t.Context(), "INV-2026-001"); inv.PaidOutside != eur(40000) {
		t.Fatalf("the first enter recorded it: %v", inv.PaidOutside)
	}
	d.key("enter")
	d.until("the record", notBusy)
	inv, _ := f.store.Invoice(t.Context(), "INV-2026-001")
	if inv.Outstanding(domain.ModeTest) != eur(-415000) {
		t.Fatalf("after confirming: outstanding %v", inv.Outstanding(domain.ModeTest))
	}
	if !strings.Contains(d.footer(), "archived, so it cannot be paid twice") {
		t.Errorf("footer %q", d.footer())
	}
}

// The details list money recorded by hand with its notes and reversals.
func TestDetailsShowManualEntries(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.RecordPayment(t.Context(), "INV-2026-009", eur(1000), "cash at the counter"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ReversePayment(t.Context(), "INV-2026-009", 1, "it was 1.00"); err != nil {
		t.Fatal(err)
	}
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-009")
	d.key("enter")
	d.until("the manual entries", func(m Model) bool { return strings.Contains(d.screenText(), "Money recorded by hand") })
	text := d.screenText()
	for _, want := range []string{"#1 ", "EUR 10.00", "cash at the counter", "#2 ", "EUR -10.00", "reverses #1: it was 1.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("details lack %q:\n%s", want, text)
		}
	}
}
