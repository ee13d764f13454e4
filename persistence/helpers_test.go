package persistence

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/storetest"
)

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 123456789, time.UTC)

func eur(minor int64) domain.Money { return domain.NewMoney(minor, "EUR") }

func openTest(t testing.TB) *Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "paydesk.db"))
}

func openAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testInvoice is a valid invoice in EUR.
func testInvoice(number string, total int64) domain.Invoice { return storetest.Invoice(number, total) }

func manyInvoices(n int) []domain.Invoice {
	invs := make([]domain.Invoice, n)
	for i := range invs {
		invs[i] = testInvoice(fmt.Sprintf("INV-%06d", i), int64(1000+i))
		invs[i].SourceLine = i + 2
	}
	return invs
}

func mustImport(t testing.TB, s *Store, invs ...domain.Invoice) domain.ImportResult {
	t.Helper()
	res, err := s.ImportInvoices(context.Background(), invs, t0)
	if err != nil {
		t.Fatalf("ImportInvoices: %v", err)
	}
	return res
}

// planNew is the decision the payment use case takes: reuse an active
// payment of the mode, else ask for the outstanding amount.
func planNew(mode domain.Mode, kind domain.PaymentKind, now time.Time) func(domain.Invoice, []domain.Payment) (domain.Plan, error) {
	return func(inv domain.Invoice, pays []domain.Payment) (domain.Plan, error) {
		return domain.PlanPayment(inv, pays, domain.PaymentRequest{
			Kind: kind, Mode: mode, Actor: "tester", Now: now, IdempotencyKey: fmt.Sprintf("key-%s-%d", inv.Number, now.UnixNano()),
		})
	}
}

// reserve creates a new payment row for the invoice and returns it.
func reserve(t testing.TB, s *Store, number string, mode domain.Mode, now time.Time) domain.Payment {
	t.Helper()
	plan, err := s.ReservePayment(context.Background(), number, planNew(mode, domain.KindLink, now))
	if err != nil {
		t.Fatalf("ReservePayment(%s): %v", number, err)
	}
	if plan.New == nil {
		t.Fatalf("ReservePayment(%s): no new payment, plan %+v", number, plan)
	}
	return *plan.New
}

func update(t testing.TB, s *Store, id int64, change func(*domain.Payment)) domain.Payment {
	t.Helper()
	p, err := s.UpdatePayment(context.Background(), id, func(p *domain.Payment) error {
		change(p)
		return nil
	})
	if err != nil {
		t.Fatalf("UpdatePayment(%d): %v", id, err)
	}
	return p
}

func mustInvoice(t testing.TB, s *Store, number string) domain.Invoice {
	t.Helper()
	inv, err := s.Invoice(context.Background(), number)
	if err != nil {
		t.Fatalf("Invoice(%s): %v", number, err)
	}
	return inv
}
