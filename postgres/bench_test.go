package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/storetest"
)

const benchInvoices = 100_000

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 123456789, time.UTC)

func manyInvoices(n int) []domain.Invoice {
	invs := make([]domain.Invoice, n)
	for i := range invs {
		invs[i] = storetest.Invoice(fmt.Sprintf("INV-%06d", i), int64(1000+i))
		invs[i].SourceLine = i + 2
	}
	return invs
}

// BenchmarkImport100k imports 100,000 new invoices into an empty database,
// as persistence's benchmark of the same name does for SQLite.
func BenchmarkImport100k(b *testing.B) {
	invs := manyInvoices(benchInvoices)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := open(b, storetest.PostgresDSN(b))
		b.StartTimer()
		res, err := s.ImportInvoices(ctx, invs, t0)
		if err != nil || res.Added != benchInvoices {
			b.Fatalf("import: %+v, %v", res, err)
		}
	}
}

// BenchmarkInvoices100k reads the whole list the way the interface does;
// every tenth invoice has a payment, so the join is exercised.
func BenchmarkInvoices100k(b *testing.B) {
	ctx := context.Background()
	s := open(b, storetest.PostgresDSN(b))
	if _, err := s.ImportInvoices(ctx, manyInvoices(benchInvoices), t0); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < benchInvoices; i += 10 {
		_, err := s.ReservePayment(ctx, fmt.Sprintf("INV-%06d", i), func(inv domain.Invoice, _ []domain.Payment) (domain.Plan, error) {
			return domain.Plan{Invoice: inv, New: &domain.Payment{Kind: domain.KindLink, Mode: domain.ModeLive,
				Amount: inv.Total, Status: domain.StatusOpen, MollieID: fmt.Sprintf("pl_%d", i), CreatedAt: t0}}, nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		invs, err := s.Invoices(ctx, domain.InvoiceFilter{})
		if err != nil || len(invs) != benchInvoices {
			b.Fatalf("%d invoices, %v", len(invs), err)
		}
	}
}
