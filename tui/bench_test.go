package tui

import (
	"context"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mock"
)

// manyInvoices makes n invoices with a spread of customers, due dates,
// amounts and payment states, as a large book would have.
func manyInvoices(n int) []domain.Invoice {
	customers := []string{"Acme B.V.", "Bakkerij de Vries", "Café Zonneveld", "Dr. Müller GmbH", "Egbert & Zonen",
		"Fietsenmaker Jansen", "Groothandel Peters", "Hotel Oranje", "IJssalon Italia", "Jachthaven Noord"}
	statuses := []domain.Status{domain.StatusOpen, domain.StatusPaid, domain.StatusExpired, domain.StatusPending}
	invs := make([]domain.Invoice, n)
	for i := range invs {
		inv := invoice(fmt.Sprintf("INV-%07d", i+1), fmt.Sprintf("%s %d", customers[i%len(customers)], i%997),
			int64(1000+(i*7919)%2000000), day(2026, 1, 1).AddDate(0, 0, i%700))
		inv.ID = int64(i + 1)
		if i%3 == 0 {
			st := statuses[i%len(statuses)]
			inv.LastPayment = &domain.PaymentRef{ID: int64(i), MollieID: fmt.Sprintf("pl_%08d", i), Kind: domain.KindLink,
				Mode: domain.ModeTest, Status: st}
			if st == domain.StatusPaid {
				inv.Test.Paid = inv.Total
			}
		}
		invs[i] = inv
	}
	return invs
}

// benchModel is the root model with n invoices fed from a slice, as they
// arrive from the Cmd that reads them, at 120×40.
func benchModel(b *testing.B, ctx context.Context, invs []domain.Invoice) Model {
	svc := domain.NewService(domain.ServiceConfig{Store: mock.NewStore(), Gateways: mock.NewMollie().Gateways(), Clock: mock.NewClock(testNow), Actor: testActor})
	m := New(ctx, svc, Options{Lang: "en", Color: "always"})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = next.(Model)
	next, _ = m.Update(invoicesLoadedMsg{gen: m.invoicesRead.gen, set: newInvoiceSet(invs, domain.ModeTest, testNow, sortDue)})
	m = next.(Model)
	if m.invoices.list.Len() != len(invs) {
		b.Fatalf("list shows %d of %d invoices", m.invoices.list.Len(), len(invs))
	}
	return m
}

func BenchmarkCursorMove100k(b *testing.B) {
	invs := manyInvoices(100_000)
	m := benchModel(b, b.Context(), invs)
	down, up := keyMsg("down"), keyMsg("up")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := down
		if i%2000 >= 1000 {
			k = up
		}
		next, _ := m.Update(k)
		m = next.(Model)
		_ = m.View()
	}
}

func BenchmarkFilterKeystroke100k(b *testing.B) {
	invs := manyInvoices(100_000)
	m := benchModel(b, b.Context(), invs)
	next, _ := m.Update(keyMsg("/"))
	m = next.(Model)
	typeA, erase := keyMsg("a"), keyMsg("backspace")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		// Every keystroke rescans all 100,000: typing the first letter, and
		// erasing it again.
		k := typeA
		if m.invoices.filter.Value() != "" {
			k = erase
		}
		next, _ := m.Update(k)
		m = next.(Model)
		_ = m.View()
	}
}

func BenchmarkFirstFrame100k(b *testing.B) {
	invs := manyInvoices(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ctx, cancel := context.WithCancel(b.Context())
		m := benchModel(b, ctx, invs)
		_ = m.View()
		cancel()
	}
}

// BenchmarkFilterNarrow100k types a whole search, each letter narrowing the
// matches of the one before.
func BenchmarkFilterNarrow100k(b *testing.B) {
	invs := manyInvoices(100_000)
	m := benchModel(b, b.Context(), invs)
	next, _ := m.Update(keyMsg("/"))
	m = next.(Model)
	word := "hotel oranje 5"
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, r := range word {
			next, _ := m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			m = next.(Model)
			_ = m.View()
		}
		next, _ := m.Update(keyMsg("esc"))
		m = next.(Model)
		next, _ = m.Update(keyMsg("/"))
		m = next.(Model)
	}
	_ = time.Second
}
