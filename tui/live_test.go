package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// TestStatusWrittenElsewhereShowsUp: another process (here: another
// Service over the same store) changes a payment; the screen follows
// without a key press.
func TestStatusWrittenElsewhereShowsUp(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 200, 40)
	d.selectInvoice("INV-2026-006")
	_, err := f.store.UpdatePayment(context.Background(), 4, func(p *domain.Payment) error {
		p.Status, p.PaidAt = domain.StatusPaid, at(10, 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d.until("the paid status", func(m Model) bool {
		st := m.invoices.pane.status
		inv, _ := m.invoices.Selected()
		return st != nil && st.Current != nil && st.Current.Status == domain.StatusPaid &&
			!inv.Outstanding(domain.ModeTest).IsPositive()
	})
	if text := d.screenText(); !strings.Contains(text, "Paid on 2026-11-20 by bank transfer") {
		t.Fatalf("pane:\n%s", text)
	}
	d.until("the payments screen", func(m Model) bool {
		for _, p := range m.payments.rows {
			if p.ID == 4 {
				return p.Status == domain.StatusPaid
			}
		}
		return false
	})
}

func TestHeaderSyncState(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	if !strings.Contains(d.screenText(), "sync: here") {
		t.Fatalf("header:\n%s", d.screenText())
	}
	f.store.SetLease(syncLease, "desk02:77:beefbeef", testNow.Add(time.Hour))
	d.until("the next clock tick", func(m Model) bool { return m.sh.sync.Holder == "desk02:77:beefbeef" })
	if !strings.Contains(d.screenText(), "sync: other process (desk02:77)") {
		t.Fatalf("header:\n%s", d.screenText())
	}
	f.store.SetLease(syncLease, "", time.Time{})
	d.until("the next clock tick", func(m Model) bool { return m.sh.sync.Holder == "" })
	if !strings.Contains(d.screenText(), "sync: none") {
		t.Fatalf("header:\n%s", d.screenText())
	}
}

func TestHeaderBadges(t *testing.T) {
	f := newFixture(t)
	f.set(t, domain.SettingAPIKey, "live_Wq8Er5Ty2Ui9Op4As7Df1Gh6Jk3Lz")
	d := f.start(t, Options{Lang: "en", Color: "never", Demo: true}, 120, 40)
	text := strings.Split(d.screenText(), "\n")[0]
	for _, want := range []string{"paydesk", "Acme Bookkeeping [LIVE]", "[DEMO]", "user: anna@desk"} {
		if !strings.Contains(text, want) {
			t.Errorf("header lacks %q: %q", want, text)
		}
	}
}

func TestReadErrorsAppearInTheFooter(t *testing.T) {
	f := newFixture(t)
	f.store.FailInvoices(errString("disk I/O error"))
	d := newDriver(t, f.model(t, en(), 120, 40))
	d.until("the error", func(m Model) bool { return m.footer.kind == footerError })
	if !strings.Contains(d.screenText(), "✗ Could not read the database: list invoices: disk I/O error") {
		t.Fatalf("screen:\n%s", d.screenText())
	}
	f.store.FailInvoices(nil)
	f.svc.Note(context.Background(), domain.LogEntry{Message: "a write that wakes the screens"})
	d.until("the invoices", func(m Model) bool { return m.invoices.list.loaded })
}

// TestLeaseRenewalsDoNotRereadInvoices: a sync process writes its lease
// every second; that alone must not make every screen read all invoices.
func TestLeaseRenewalsDoNotRereadInvoices(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	// The root's reads of the invoices, not the store's calls: a count the
	// first frame no longer needed may still be finishing in the store.
	reads := d.m.invoicesRead.gen
	for i := 0; i < 3; i++ {
		pays := f.store.PaymentReads.Load()
		if _, err := f.store.AcquireLease(context.Background(), "sync", testHolder, testNow, time.Minute); err != nil {
			t.Fatal(err)
		}
		d.until("the small reads after the write", func(m Model) bool {
			return f.store.PaymentReads.Load() >= pays+2 && !m.paymentsRead.running && !m.logRead.running
		})
	}
	if got := d.m.invoicesRead.gen; got != reads {
		t.Fatalf("lease renewals read the invoices %d times", got-reads)
	}
	f.svc.Note(context.Background(), domain.LogEntry{Event: domain.EventImport, Message: "imported more invoices"})
	d.until("the invoices read again", func(m Model) bool { return m.invoicesRead.gen > reads })
}

func TestStalenessSafetyNet(t *testing.T) {
	var s staleness
	for i := 0; i < 2*staleAfter; i++ {
		if s.tick() {
			t.Fatal("a quiet database made the invoices stale")
		}
	}
	s.changed()
	for i := 1; i < staleAfter; i++ {
		if s.tick() {
			t.Fatalf("stale after %d ticks", i)
		}
	}
	if !s.tick() {
		t.Fatalf("not stale after %d ticks", staleAfter)
	}
	s.reading()
	if s.tick() {
		t.Fatal("stale right after a read")
	}
	rows := samplePayments()
	if s.payments(rows) {
		t.Fatal("the first payments read counts as a change")
	}
	if s.payments(rows) {
		t.Fatal("the same payments count as a change")
	}
	rows[1].Attempts[0].AmountRefunded = eur(100)
	if !s.payments(rows) {
		t.Fatal("a refund under a link went unnoticed")
	}
}

// With the integration off there is nothing to poll: the header says sync
// is paused rather than failing or running.
func TestHeaderSyncPausedWhileOff(t *testing.T) {
	f := newFixture(t)
	f.set(t, domain.SettingIntegration, "off")
	d := f.start(t, en(), 120, 40)
	d.until("the connection facts", func(m Model) bool { return m.sh.connOK })
	header := strings.Split(d.screenText(), "\n")[0]
	if !strings.Contains(header, "sync: paused") || strings.Contains(header, "failing") {
		t.Fatalf("header: %q", header)
	}
}
