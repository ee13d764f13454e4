package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/persistence"
)

// summary --json agrees with what invoices --json lists: per currency, the
// outstanding amounts of unpaid invoices, sorted into ageing buckets by due
// date, and their number.
func TestSummaryAgreesWithInvoicesOnTheDemoData(t *testing.T) {
	h := newHarness(t)
	h.write("demo.csv", string(assets.DemoInvoices))
	h.ok("import", "demo.csv")
	checkSummaryAgainstInvoices(t, h, 30)
}

func TestSummaryAgreesWithInvoicesOn100000Invoices(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100,000-invoice database; skipped with -short")
	}
	if raceEnabled {
		// Under the race detector listing 100,000 invoices takes minutes;
		// the run without it (CI makes one) checks the same totals.
		t.Skip("builds a 100,000-invoice database; skipped under -race")
	}
	h := newHarness(t)
	s, err := persistence.Open(context.Background(), h.db, persistence.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(13, 17))
	today := domain.Date(time.Now().UTC())
	currencies := []string{"EUR", "GBP", "USD", "JPY", "CHF"}
	invs := make([]domain.Invoice, 100_000)
	for i := range invs {
		cur := currencies[rng.IntN(len(currencies))]
		total := int64(1 + rng.IntN(5_000_000))
		inv := domain.Invoice{Number: fmt.Sprintf("B-%06d", i), Customer: "Customer", Currency: cur,
			Total: domain.NewMoney(total, cur), PaidOutside: domain.Zero(cur), Kind: domain.KindInvoice,
			IssueDate: today.AddDate(0, 0, -200), SourceFile: "big.csv", SourceLine: i + 2}
		switch rng.IntN(20) {
		case 0:
			inv.Kind = domain.KindCreditNote
		case 1:
			inv.PaidOutside = inv.Total // paid
		case 2:
			inv.PaidOutside = domain.NewMoney(total/3, cur) // partly paid
		}
		if rng.IntN(15) > 0 {
			inv.DueDate = today.AddDate(0, 0, 30-rng.IntN(150))
		}
		invs[i] = inv
	}
	if _, err := s.ImportInvoices(context.Background(), invs, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	checkSummaryAgainstInvoices(t, h, 100_000)
}

func checkSummaryAgainstInvoices(t *testing.T, h *harness, n int) {
	t.Helper()
	var rows []invoiceJSON
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != n {
		t.Fatalf("invoices --json listed %d invoices, want %d", len(rows), n)
	}
	var sum summaryJSON
	h.jsonOut(&sum, "summary", "--json")
	q := domain.NewReceivablesQuery(domain.ModeTest, time.Now())

	type tally struct {
		owed  [domain.AgeBuckets]domain.Money
		count [domain.AgeBuckets]int
	}
	want := map[string]*tally{}
	for _, r := range rows {
		switch r.Status {
		case "unpaid", "overdue", "awaiting_payment": // everything still owed
		default:
			continue
		}
		out, err := domain.ParseMollieValue(r.Outstanding.Value, r.Outstanding.Currency)
		if err != nil {
			t.Fatal(err)
		}
		var due time.Time
		if r.DueDate != nil {
			if due, err = time.Parse(time.DateOnly, *r.DueDate); err != nil {
				t.Fatal(err)
			}
		}
		c := want[out.Currency]
		if c == nil {
			c = &tally{}
			want[out.Currency] = c
		}
		b := q.Bucket(due)
		c.owed[b] = c.owed[b].Add(out)
		c.count[b]++
	}
	if len(sum.Currencies) != len(want) {
		t.Errorf("summary has %d currencies, invoices owe in %d", len(sum.Currencies), len(want))
	}
	for _, c := range sum.Currencies {
		w := want[c.Currency]
		if w == nil {
			t.Errorf("summary lists %s, which no unpaid invoice is in", c.Currency)
			continue
		}
		var total domain.Money
		var count int
		for b, a := range c.Ageing {
			if a.Bucket != bucketNames[b] {
				t.Errorf("%s: bucket %d is %q, want %q", c.Currency, b, a.Bucket, bucketNames[b])
			}
			if got := moneyOr(w.owed[b], c.Currency); a.Owed != got || a.Invoices != w.count[b] {
				t.Errorf("%s %s: summary %s in %d invoices, invoices --json %s in %d", c.Currency, a.Bucket, a.Owed.Value, a.Invoices, got.Value, w.count[b])
			}
			total, count = total.Add(w.owed[b]), count+w.count[b]
		}
		if got := moneyOr(total, c.Currency); c.Owed != got || c.Invoices != count {
			t.Errorf("%s: summary owes %s in %d invoices, invoices --json %s in %d", c.Currency, c.Owed.Value, c.Invoices, got.Value, count)
		}
	}
}

// What a customer paid through Mollie today shows as received today, this
// week and this month; the open link is counted until it is paid.
func TestSummaryCountsMollieMoneyAndOpenLinks(t *testing.T) {
	h := newHarness(t)
	h.importInvoices("INV-1,Acme,10.00", "INV-2,Globex,20.00")
	h.connect()
	h.pay("INV-1")
	p := h.pay("INV-2")
	var sum summaryJSON
	h.jsonOut(&sum, "summary", "--json")
	if sum.OpenLinks != 2 || sum.Mode != "test" {
		t.Errorf("before paying: %+v", sum)
	}
	if _, err := h.sim.Pay(p.MollieID, "paid", "ideal"); err != nil {
		t.Fatal(err)
	}
	h.ok("sync")
	h.jsonOut(&sum, "summary", "--json")
	eur := func(v string) moneyJSON { return moneyJSON{"EUR", v} }
	if len(sum.Currencies) != 1 {
		t.Fatalf("after paying: %+v", sum)
	}
	c := sum.Currencies[0]
	if sum.OpenLinks != 1 || c.Owed != eur("10.00") || c.Received != (receivedJSON{eur("20.00"), eur("20.00"), eur("20.00")}) {
		t.Errorf("after paying INV-2: %+v", sum)
	}
	if out := h.ok("summary"); !strings.Contains(out, "today EUR 20.00") || !strings.Contains(out, "1 payment link is open.") {
		t.Errorf("summary said:\n%s", out)
	}
}
