package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// A customer who canceled did not fail: the pane says canceled.
func TestCanceledAttemptIsLabelledCanceled(t *testing.T) {
	f := newFixture(t)
	_, err := f.store.UpdatePayment(context.Background(), 2, func(p *domain.Payment) error {
		a := &p.Attempts[0]
		a.Status, a.FailedAt, a.CanceledAt = domain.StatusCanceled, time.Time{}, at(9, 41)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d := f.start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-002")
	d.until("the status", func(m Model) bool { return m.invoices.pane.status != nil })
	if got := d.m.sh.p.Label(d.m.invoices.pane.status.Label); got != "Canceled – the customer can try again" {
		t.Fatalf("label %q", got)
	}
	if text := d.screenText(); !strings.Contains(text, "Canceled – the") || strings.Contains(text, "Failed") {
		t.Fatalf("pane:\n%s", text)
	}
}

// With link expiry at the due date, a link for an overdue invoice has no
// expiry; the pay dialog says why instead of a bare "never".
func TestNeverExpiresSaysTheDueDateHasPassed(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-001") // overdue since 2026-11-01, no payment
	d.key("p")
	if _, ok := d.m.dialog.(*payDialog); !ok {
		t.Fatalf("no pay dialog:\n%s", d.screenText())
	}
	if text := d.screenText(); !strings.Contains(text, "never (the due date has passed)") {
		t.Fatalf("dialog:\n%s", text)
	}
}

// Before an account is connected there is no mode to name.
func TestNoModeBeforeConnecting(t *testing.T) {
	f := newFixture(t)
	f.set(t, domain.SettingAPIKey, "")
	d := f.start(t, en(), 120, 40)
	d.key("1") // it opens on the setup screen
	d.selectInvoice("INV-2026-001")
	d.until("the status", func(m Model) bool { return m.invoices.pane.status != nil && m.sh.connOK })
	text := d.screenText()
	if !strings.Contains(text, "no payment") || strings.Contains(text, "(TEST)") {
		t.Fatalf("pane before connecting:\n%s", text)
	}
}

// The amount owed is filled in as a value: enter at once records it all,
// instead of "invalid amount: empty".
func TestRecordPrefillsWhatIsOwed(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, Options{Lang: "de", Color: "never"}, 80, 24)
	d.selectInvoice("INV-2026-001")
	d.key("m")
	if v := d.m.dialog.(*recordDialog).amount.Value(); v != "1.250,00" {
		t.Fatalf("amount field %q, want 1.250,00", v)
	}
	d.key("enter")
	d.until("the record", func(m Model) bool { return m.dialog == nil && m.busy == 0 })
	inv, err := f.store.Invoice(t.Context(), "INV-2026-001")
	if err != nil || !inv.Outstanding(domain.ModeTest).IsZero() {
		t.Fatalf("after enter: outstanding %v, %v; footer %q", inv.Outstanding(domain.ModeTest), err, d.footer())
	}
}
