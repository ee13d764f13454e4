package tui

import (
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// x on the details reverses a manual entry: choose it, say why, confirm.
// The counter-entry goes through the service like the command line's
// record-payment --reverse, restores what is owed and is in the log.
func TestDetailsReverseAManualEntry(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	for _, minor := range []int64{1000, 2000} {
		if _, err := f.svc.RecordPayment(ctx, "INV-2026-009", eur(minor), "cash"); err != nil {
			t.Fatal(err)
		}
	}
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-009")
	d.key("enter")
	d.until("the manual entries", func(m Model) bool { return strings.Contains(d.screenText(), "Money recorded by hand") })

	d.key("x")
	rd, ok := d.m.dialog.(*reverseDialog)
	if !ok {
		t.Fatalf("x opened %T, not the reverse dialog; footer %q", d.m.dialog, d.footer())
	}
	d.key("up") // the newest entry is chosen first; choose #1
	d.key("enter")
	if !strings.Contains(rd.err, "Say why entry 1 is reversed") {
		t.Fatalf("no reason was not refused: %q", rd.err)
	}
	d.typeText("typed 10 for 1")
	d.key("enter")
	if d.m.dialog == nil || !strings.Contains(d.screenText(), "Reverse entry #1 of EUR 10.00? Press enter again") {
		t.Fatalf("the first enter did not ask to confirm:\n%s", d.screenText())
	}
	if inv, _ := f.store.Invoice(ctx, "INV-2026-009"); inv.PaidOutside != eur(3000) {
		t.Fatalf("reversed before the confirmation: paid outside %v", inv.PaidOutside)
	}
	d.key("enter")
	d.until("the reversal", notBusy)
	if want := "Reversed entry #1 of INV-2026-009; outstanding now EUR 12.50"; d.footer() != want {
		t.Fatalf("footer %q\nwant   %q", d.footer(), want)
	}
	inv, _ := f.store.Invoice(ctx, "INV-2026-009")
	if inv.Outstanding(domain.ModeTest) != eur(1250) {
		t.Fatalf("outstanding after reversing: %v", inv.Outstanding(domain.ModeTest))
	}
	entries, _ := f.svc.ManualPayments(ctx, "INV-2026-009")
	if n := len(entries); n != 3 || entries[2].Reverses != 1 || entries[2].Note != "typed 10 for 1" || entries[2].Amount != eur(-1000) {
		t.Fatalf("entries after reversing: %+v", entries)
	}
	log, _ := f.svc.Log(ctx, domain.LogFilter{InvoiceNumber: "INV-2026-009"})
	if len(log) == 0 || log[0].Says.Key != "log.reversed_payment" {
		t.Fatalf("the log does not show the reversal first: %+v", log)
	}
	d.until("the details to show the counter-entry", func(m Model) bool {
		return strings.Contains(d.screenText(), "reverses #1: typed 10 for 1")
	})

	// #1 is reversed and #2 is left; after reversing #2 too, nothing is.
	d.key("x")
	if rd, ok := d.m.dialog.(*reverseDialog); !ok || len(rd.entries) != 1 || rd.entries[0].ID != 2 {
		t.Fatalf("the dialog offers %+v", d.m.dialog)
	}
	d.key("esc")
	if d.m.dialog != nil {
		t.Fatal("esc did not close the dialog")
	}
}

// An invoice without money recorded by hand has nothing to reverse.
func TestDetailsReverseWithoutEntries(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-002")
	d.key("enter")
	d.until("the details", func(m Model) bool {
		return m.invoices.pane.status != nil && m.invoices.pane.status.Invoice.Number == "INV-2026-002"
	})
	d.key("x")
	if d.m.dialog != nil || d.footer() != "INV-2026-002 has no money recorded by hand that could be reversed." {
		t.Fatalf("dialog %T, footer %q", d.m.dialog, d.footer())
	}
}
