package persistence

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

const benchInvoices = 100_000

// cpuClock reports the CPU time the process used per operation beside the
// wall time: on a shared box the wall time says as much about the
// neighbours as about the code.
type cpuClock struct {
	b     *testing.B
	spent time.Duration
	since time.Duration
}

func startCPU(b *testing.B) *cpuClock {
	c := &cpuClock{b: b}
	c.resume()
	return c
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (c *cpuClock) pause()  { c.spent += cpuTime() - c.since; c.b.StopTimer() }
func (c *cpuClock) resume() { c.b.StartTimer(); c.since = cpuTime() }
func (c *cpuClock) report() {
	c.pause()
	c.b.ReportMetric(float64(c.spent.Milliseconds())/float64(c.b.N), "cpu-ms/op")
}

// BenchmarkImport100k imports 100,000 new invoices into an empty database.
func BenchmarkImport100k(b *testing.B) {
	invs := manyInvoices(benchInvoices)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		cpu.pause()
		s, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)), Options{})
		if err != nil {
			b.Fatal(err)
		}
		cpu.resume()
		res, err := s.ImportInvoices(ctx, invs, t0)
		if err != nil || res.Added != benchInvoices {
			b.Fatalf("import: %+v, %v", res, err)
		}
		cpu.pause()
		s.Close()
		cpu.resume()
	}
	cpu.report()
}

// BenchmarkReimport100k imports the same 100,000 invoices again: every one
// is looked up and found unchanged.
func BenchmarkReimport100k(b *testing.B) {
	invs := manyInvoices(benchInvoices)
	s := openTest(b)
	ctx := context.Background()
	mustImport(b, s, invs...)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		res, err := s.ImportInvoices(ctx, invs, t0)
		if err != nil || res.Unchanged != benchInvoices {
			b.Fatalf("import: %+v, %v", res, err)
		}
	}
	cpu.report()
}

// BenchmarkInvoices100k reads the whole list the way the TUI does; every
// tenth invoice has a payment, so the join is exercised.
func BenchmarkInvoices100k(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	mustImport(b, s, manyInvoices(benchInvoices)...)
	for i := 0; i < benchInvoices; i += 10 {
		number := fmt.Sprintf("INV-%06d", i)
		p := reserve(b, s, number, domain.ModeLive, t0)
		if i%20 == 0 {
			update(b, s, p.ID, func(p *domain.Payment) {
				p.MollieID, p.Status, p.PaidAt = fmt.Sprintf("pl_%d", i), domain.StatusPaid, t0.Add(time.Hour)
				p.URL = "https://paymentlink.mollie.com/payment/" + p.MollieID
			})
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		invs, err := s.Invoices(ctx, domain.InvoiceFilter{})
		if err != nil || len(invs) != benchInvoices {
			b.Fatalf("Invoices: %d, %v", len(invs), err)
		}
	}
	cpu.report()
}

// BenchmarkWebhookStore is what handling one webhook of a paid link asks
// of the store: find the link by its Mollie id, log the webhook, store the
// paid status with its attempt and settle the invoice, log the change. The
// links take turns, and every turn refunds one more cent, so that every
// update moves its invoice's settlement.
func BenchmarkWebhookStore(b *testing.B) {
	const links = 1000
	s := openTest(b)
	ctx := context.Background()
	mustImport(b, s, manyInvoices(links)...)
	ids := make([]int64, links)
	for i := range ids {
		p := reserve(b, s, fmt.Sprintf("INV-%06d", i), domain.ModeLive, t0)
		update(b, s, p.ID, func(p *domain.Payment) { p.MollieID, p.Status = fmt.Sprintf("pl_%d", i), domain.StatusOpen })
		ids[i] = p.ID
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		n, refunded := i%links, int64(i/links)
		linkID := fmt.Sprintf("pl_%d", n)
		p, err := s.PaymentByMollieID(ctx, linkID)
		if err != nil || p.ID != ids[n] {
			b.Fatalf("PaymentByMollieID(%s) = %d, %v", linkID, p.ID, err)
		}
		if _, err := s.AppendLog(ctx, domain.LogEntry{At: t0, Event: domain.EventWebhook, MollieID: linkID, Message: "webhook received"}); err != nil {
			b.Fatal(err)
		}
		paid := t0.Add(time.Hour)
		_, err = s.UpdatePayment(ctx, p.ID, func(p *domain.Payment) error {
			p.Status, p.PaidAt, p.Method, p.CheckedAt = domain.StatusPaid, paid, "ideal", paid
			p.AmountRefunded = eur(refunded)
			p.Attempts = []domain.Attempt{{MollieID: fmt.Sprintf("tr_%d", n), Status: domain.StatusPaid, Method: "ideal",
				Amount: p.Amount, AmountRefunded: eur(refunded), CreatedAt: t0, PaidAt: paid}}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.AppendLog(ctx, domain.LogEntry{At: t0, Event: domain.EventStatus, MollieID: linkID, Message: "link: open → paid"}); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report()
	inv := mustInvoice(b, s, "INV-000000")
	if want := eur(int64(b.N-1) / links); inv.Live.Refunded != want {
		b.Fatalf("invoice refunded %s, want %s", inv.Live.Refunded, want)
	}
}
