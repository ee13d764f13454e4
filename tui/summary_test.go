package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mock"
)

// The summary follows writes made elsewhere without a key press: money
// recorded by hand moves an overdue amount out of its bucket.
func TestSummaryIsLive(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.key("5")
	d.until("the summary", func(m Model) bool { return m.active == screenSummary && m.summary.loaded })
	owed := func(m Model) domain.Money { return m.summary.r.Currencies[0].Owed[domain.Overdue31To60] }
	if got := owed(d.m); got != eur(1_200_000) {
		t.Fatalf("31–60 days overdue: %v, want EUR 12,000.00\n%s", got, d.screenText())
	}
	if text := d.screenText(); !strings.Contains(text, "31–60 days overdue") || !strings.Contains(text, "12,000.00") ||
		!strings.Contains(text, "Open payment links: 2") {
		t.Fatalf("summary:\n%s", text)
	}
	other := domain.NewService(domain.ServiceConfig{Store: f.store, Gateways: f.mollie.Gateways(), Clock: mock.NewClock(testNow), Actor: "bob"})
	if _, err := other.RecordPayment(context.Background(), "INV-2026-005", eur(1_200_000), "bank"); err != nil {
		t.Fatal(err)
	}
	d.until("the recorded payment in the summary", func(m Model) bool { return owed(m).IsZero() })
}
