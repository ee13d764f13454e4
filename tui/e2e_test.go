package tui

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/mollie/molliesim"
	"github.com/paydesk/paydesk/persistence"
)

// TestWithSQLiteAndMollieSim runs the interface over the real database and
// the real Mollie client against the simulator, with a second process
// working on the same database file.
func TestWithSQLiteAndMollieSim(t *testing.T) {
	ctx := t.Context()
	sim := molliesim.New(molliesim.Options{})
	srv := httptest.NewServer(sim)
	sim.SetBaseURL(srv.URL)
	t.Cleanup(func() { sim.Close(); srv.Close() })
	gateways := mollie.Gateways(mollie.Config{BaseURL: srv.URL, Timeout: 10 * time.Second, RetryBudget: time.Second})
	dbPath := filepath.Join(t.TempDir(), "paydesk.db")
	open := func(actor string) *domain.Service {
		st, err := persistence.Open(ctx, dbPath, persistence.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		return domain.NewService(domain.ServiceConfig{Store: st, Gateways: gateways, Actor: actor})
	}
	anna, bob := open("anna"), open("bob")
	if err := bob.SetIntegration(ctx, true); err != nil {
		t.Fatal(err)
	}

	m := New(ctx, anna, Options{Lang: "en", Color: "never"})
	m.sh.copyNative = func(string) error { return nil }
	d := newDriver(t, m)
	d.send(tea.WindowSizeMsg{Width: 160, Height: 40})
	d.until("the setup screen", func(m Model) bool { return m.sh.connOK && m.active == screenSetup })
	if d.m.setup.at() != rowAPIKey {
		t.Fatalf("setup opens on row %d, not the API key", d.m.setup.at())
	}

	// Connect by pasting the key.
	d.key("enter")
	d.send(tea.PasteMsg{Content: sim.TestKey()})
	d.key("enter")
	d.until("the connection", func(m Model) bool { return m.sh.conn.Connected && m.busy == 0 })
	if !strings.Contains(d.screenText(), "[TEST]") {
		t.Fatalf("header:\n%s", d.screenText())
	}

	// Bob imports; Anna's screen shows the invoices without a key press.
	d.key("1")
	due := time.Now().AddDate(0, 0, 30).UTC().Truncate(24 * time.Hour)
	invs := []domain.Invoice{invoice("INV-7001", "Acme B.V.", 12100, due), invoice("INV-7002", "Hotel Oranje", 5000, due)}
	if _, err := bob.Import(ctx, invs); err != nil {
		t.Fatal(err)
	}
	d.until("the imported invoices", func(m Model) bool { return m.invoices.list.Len() == 2 })

	// Anna requests a payment for INV-7001 and copies its link.
	d.selectInvoice("INV-7001")
	d.key("p")
	d.key("enter")
	d.until("the link", func(m Model) bool { return m.busy == 0 && m.footer.text != "" })
	if !strings.HasPrefix(d.footer(), "Payment link for INV-7001: ") {
		t.Fatalf("footer %q", d.footer())
	}
	url := strings.TrimPrefix(d.footer(), "Payment link for INV-7001: ")
	d.key("y")
	d.until("the copy", func(Model) bool { return d.sawMsg(tea.SetClipboard(url)()) })

	// The customer pays; Bob's process learns it from Mollie; Anna sees it.
	st, err := anna.Status(ctx, "INV-7001")
	if err != nil || st.Current == nil {
		t.Fatalf("status: %v", err)
	}
	if _, err := sim.Pay(st.Current.MollieID, "paid", "ideal"); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.Refresh(ctx, "INV-7001"); err != nil {
		t.Fatal(err)
	}
	d.until("the paid invoice", func(m Model) bool {
		inv, _ := m.invoices.Selected()
		st := m.invoices.pane.status
		return inv.Number == "INV-7001" && !inv.Outstanding(domain.ModeTest).IsPositive() &&
			st != nil && st.Current != nil && st.Current.Status == domain.StatusPaid
	})
	if !strings.Contains(d.screenText(), "Paid on") {
		t.Fatalf("pane:\n%s", d.screenText())
	}

	// A link for the second invoice, then the key is revoked: checking it
	// reports Mollie's refusal in the footer.
	d.selectInvoice("INV-7002")
	d.key("p")
	d.key("enter")
	d.until("the second link", func(m Model) bool {
		return m.busy == 0 && strings.HasPrefix(m.footer.text, "Payment link for INV-7002")
	})
	sim.RevokeKey(sim.TestKey())
	d.key("r")
	d.until("the refusal", func(m Model) bool { return m.busy == 0 && m.footer.kind == footerError })
	if !strings.Contains(d.footer(), "Mollie refused the API key (401)") {
		t.Fatalf("footer %q", d.footer())
	}
	d.key("3")
	d.until("the log of it all", func(m Model) bool {
		text := strings.Join(shownLog(m), "\n")
		return strings.Contains(text, "created link") && strings.Contains(text, "status check failed")
	})
}

// TestRunEndsWithContextAndReleasesSync runs the real program on pipes.
func TestRunEndsWithContextAndReleasesSync(t *testing.T) {
	f := newFixture(t)
	f.store.SetLease(syncLease, "", time.Time{})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &syncBuffer{}
	in := newBlockingReader()
	defer in.Close()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, f.svc, Options{Lang: "en", Color: "never", SyncHolder: "desk09:1:run", Input: in, Output: out})
	}()
	// Without a terminal the program learns no size and draws nothing; the
	// sync lease shows that it runs.
	deadline := time.Now().Add(waitLimit)
	for f.leaseHolder() != "desk09:1:run" {
		if time.Now().After(deadline) {
			t.Fatal("the program did not take the sync lease")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("Run did not end with its context")
	}
	if h := f.leaseHolder(); h != "" {
		t.Fatalf("the sync lease is still held by %q", h)
	}
}

func TestRunQuitsOnQ(t *testing.T) {
	f := newFixture(t)
	out := &syncBuffer{}
	in := newBlockingReader()
	defer in.Close()
	done := make(chan error, 1)
	go func() { done <- Run(t.Context(), f.svc, Options{Lang: "de", Color: "never", Input: in, Output: out}) }()
	in.Write("q")
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("q did not end the program")
	}
}
