package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// windowBooks fills s with invoices that exercise every order and tab:
// equal due dates and amounts (ties broken by number), undated invoices,
// three currencies, customers that differ only in case or in letters
// beyond ASCII, credit notes, zero invoices, money recorded by hand (paid,
// part paid, overpaid), and open and paid links in both modes.
func windowBooks(t *testing.T, s domain.Store, n int) time.Time {
	ctx := context.Background()
	today := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(14, 1))
	customers := []string{"Müller GmbH", "MÜLLER GMBH", "müller gmbh", "Acme B.V.", "ACME b.v.", "Øresund A/S",
		"Zeta \"Quoted\" Ltd", "abc", "Ab", "Émile & Fils", ""}
	currencies := []string{"EUR", "EUR", "EUR", "USD", "GBP"}
	invs := make([]domain.Invoice, n)
	for i := range invs {
		inv := Invoice(fmt.Sprintf("W-%04d", rng.IntN(10*n)), 0)
		if i%17 == 0 {
			inv.Number = fmt.Sprintf("w-%03d", i) // lower case sorts after upper case, byte by byte
		}
		inv.Number += fmt.Sprintf(".%d", i) // unique
		inv.Customer = customers[rng.IntN(len(customers))]
		inv.Currency = currencies[rng.IntN(len(currencies))]
		total := int64(rng.IntN(5)) * 2500 // many equal amounts
		switch i % 13 {
		case 3:
			total = 0
		case 7:
			inv.Kind = domain.KindCreditNote
		}
		inv.Total = domain.NewMoney(total, inv.Currency)
		inv.PaidOutside = domain.Zero(inv.Currency)
		inv.DueDate = today.AddDate(0, 0, rng.IntN(20)-10)
		if i%11 == 0 {
			inv.DueDate = time.Time{}
		}
		invs[i] = inv
	}
	mustImport(t, s, invs...)
	for i, inv := range invs {
		if inv.Currency != "EUR" || inv.Kind != domain.KindInvoice || !inv.Total.IsPositive() {
			continue
		}
		switch i % 6 {
		case 1: // paid by hand, in full, in part or too much
			amount := []int64{inv.Total.Minor, inv.Total.Minor / 2, inv.Total.Minor + 100}[rng.IntN(3)]
			if _, err := s.RecordExternalPayment(ctx, domain.ExternalPayment{InvoiceNumber: inv.Number, Amount: eur(amount), At: t0}); err != nil {
				t.Fatal(err)
			}
		case 2, 4: // an open link, live or test
			mode := domain.ModeLive
			if i%6 == 4 {
				mode = domain.ModeTest
			}
			p := reserve(t, s, inv.Number, mode, inv.Total.Minor, t0.Add(time.Duration(i)*time.Second))
			update(t, s, p.ID, func(q *domain.Payment) { q.MollieID, q.Status = "pl_w"+inv.Number, domain.StatusOpen })
		case 5: // a paid link in live mode
			p := reserve(t, s, inv.Number, domain.ModeLive, inv.Total.Minor, t0.Add(time.Duration(i)*time.Second))
			update(t, s, p.ID, func(q *domain.Payment) {
				q.MollieID, q.Status, q.PaidAt = "pl_w"+inv.Number, domain.StatusPaid, t0.Add(time.Hour)
			})
		}
	}
	return today
}

// windowSearches are texts typed into the search: none, shorter than a
// trigram, case and letters beyond ASCII, a quote, and one matching nothing.
var windowSearches = []string{"", "0", "mü", "MÜLLER", "w-0", "acme b", `"quo`, "zzzz"}

// testInvoiceWindows walks every order, both ways, every tab and a few
// searches, forwards, backwards and from the end, and holds what the pages
// give to the full scan's order and counts.
func testInvoiceWindows(t *testing.T, s domain.Store) {
	ctx := context.Background()
	today := windowBooks(t, s, 150)
	all, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []domain.Mode{domain.ModeLive, domain.ModeTest} {
		for _, search := range windowSearches {
			q := domain.InvoiceQuery{Search: search, Mode: mode, Today: today}
			checkCounts(t, s, q, all)
			for _, filter := range domain.InvoiceTabs {
				q.Filter = filter
				for order := range domain.InvoiceOrders {
					for _, reverse := range []bool{false, true} {
						p := domain.InvoicePage{InvoiceQuery: q, Order: order, Reverse: reverse, Limit: 7}
						checkWalks(t, s, p, all)
					}
				}
			}
		}
	}
}

// checkCounts holds the tab counts to the full scan's: exact without a
// search, and with one exact while the search matches no more than the
// cap; past it the whole list says at least the cap, and each tab at
// least some of its matches (never more than it holds, nor than the cap)
// from one set of cap+1 matches. Caps just below, at and far above the
// number of matches are asked for.
func checkCounts(t *testing.T, s domain.Store, q domain.InvoiceQuery, all []domain.Invoice) {
	t.Helper()
	exact := domain.CountTabs(q, all, len(all))
	matches := exact[""].N
	for _, upTo := range []int{len(all), matches, matches - 1, 5, 0} {
		if upTo < 0 {
			continue
		}
		got, err := s.CountInvoices(context.Background(), q, upTo)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%s, search %q, counting up to %d", q.Mode, q.Search, upTo)
		if q.Search == "" || matches <= upTo {
			if !maps(got, exact) {
				t.Errorf("%s: counts %v, the full scan counts %v", name, got, exact)
			}
			continue
		}
		if want := (domain.TabCount{N: upTo, AtLeast: true}); got[""] != want {
			t.Errorf("%s: the list counts %v, want %v", name, got[""], want)
		}
		for _, tab := range domain.InvoiceTabs {
			if c := got[tab]; !c.AtLeast || c.N > exact[tab].N || c.N > upTo {
				t.Errorf("%s: tab %q counts %v, the full scan %v", name, tab, c, exact[tab])
			}
		}
		unpaid, awaiting, overdue := got[domain.StateUnpaid].N, got[domain.StateAwaiting].N, got[domain.StateOverdue].N
		if awaiting > unpaid || overdue > unpaid {
			t.Errorf("%s: awaiting %d or overdue %d exceed unpaid %d among the same matches", name, awaiting, overdue, unpaid)
		}
		// Of the upTo+1 matches counted, those in neither the unpaid nor
		// the paid tab are at most what the search matches outside both.
		other := matches - exact[domain.StateUnpaid].N - exact[domain.StatePaid].N
		if paid := got[domain.StatePaid].N; unpaid+paid < upTo-other {
			t.Errorf("%s: unpaid %d and paid %d leave more than the %d other matches out of %d counted",
				name, unpaid, paid, other, upTo+1)
		}
	}
}

func maps(a, b domain.InvoiceCounts) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// checkWalks pages through p's list forwards, backwards and from the end.
func checkWalks(t *testing.T, s domain.Store, p domain.InvoicePage, all []domain.Invoice) {
	t.Helper()
	full := p
	full.Limit = len(all) + 1
	want := numbers(domain.PageOf(full, all))
	name := fmt.Sprintf("%s %q order %d reverse %v tab %q", p.Mode, p.Search, p.Order, p.Reverse, p.Filter)
	if got := numbers(walk(t, s, p, false, nil)); got != want {
		t.Errorf("%s: forwards\n%s\nthe full scan\n%s", name, got, want)
	}
	if got := numbers(walk(t, s, p, true, nil)); got != want {
		t.Errorf("%s: backwards from the end\n%s\nthe full scan\n%s", name, got, want)
	}
	last := p
	last.Last = true
	page, err := s.InvoicePage(context.Background(), last)
	if err != nil {
		t.Fatal(err)
	}
	tail := domain.PageOf(full, all)
	tail = tail[max(0, len(tail)-p.Limit):]
	if got, want := numbers(page), numbers(tail); got != want {
		t.Errorf("%s: the last page %s, the full scan ends %s", name, got, want)
	}
}

// walk reads p's list page by page, forwards from the start or backwards
// from the end, calling between(page) after every page.
func walk(t *testing.T, s domain.Store, p domain.InvoicePage, backwards bool, between func(int)) []domain.Invoice {
	t.Helper()
	var out []domain.Invoice
	p.Last = backwards
	for i := 0; ; i++ {
		page, err := s.InvoicePage(context.Background(), p)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		if len(page) > p.Limit {
			t.Fatalf("page %d: %d rows, more than the limit %d", i, len(page), p.Limit)
		}
		if backwards {
			out = append(slices.Clone(page), out...)
		} else {
			out = append(out, page...)
		}
		if len(page) < p.Limit || i > 10000 {
			return out
		}
		if backwards {
			k := page[0].Key(p.Order, p.Mode)
			p.Last, p.Before = false, &k
		} else {
			k := page[len(page)-1].Key(p.Order, p.Mode)
			p.After = &k
		}
		if between != nil {
			between(i)
		}
	}
}

// testInvoiceWindowsUnderChange walks the list while invoices change
// underneath between pages: money recorded (so rows move in the amount
// order and between tabs), new invoices, a customer renamed. No row that
// did not change may be skipped or repeated, and they keep their order.
func testInvoiceWindowsUnderChange(t *testing.T, s domain.Store) {
	ctx := context.Background()
	today := windowBooks(t, s, 120)
	for order := range domain.InvoiceOrders {
		for _, reverse := range []bool{false, true} {
			for _, backwards := range []bool{false, true} {
				p := domain.InvoicePage{InvoiceQuery: domain.InvoiceQuery{Mode: domain.ModeLive, Today: today},
					Order: order, Reverse: reverse, Limit: 6}
				before, err := s.Invoices(ctx, domain.InvoiceFilter{})
				if err != nil {
					t.Fatal(err)
				}
				changed := map[string]bool{}
				change := func(i int) {
					inv := before[(i*37+int(order)*11)%len(before)]
					changed[inv.Number] = true
					switch i % 3 {
					case 0:
						if inv.Kind == domain.KindInvoice {
							if _, err := s.RecordExternalPayment(ctx, domain.ExternalPayment{InvoiceNumber: inv.Number,
								Amount: domain.NewMoney(1, inv.Currency), At: t0}); err != nil {
								t.Fatal(err)
							}
						}
					case 1:
						add := Invoice(fmt.Sprintf("W-new-%d-%d-%v-%v", i, order, reverse, backwards), int64(100*i))
						changed[add.Number] = true
						mustImport(t, s, add)
					case 2:
						if inv.LastPayment == nil && inv.PaidOutside.IsZero() {
							inv.Customer = fmt.Sprintf("Renamed %d", i)
							mustImport(t, s, inv)
						}
					}
				}
				got := walk(t, s, p, backwards, change)
				after, err := s.Invoices(ctx, domain.InvoiceFilter{})
				if err != nil {
					t.Fatal(err)
				}
				full := p
				full.Limit = len(after) + 1
				var want []string
				for _, inv := range domain.PageOf(full, after) {
					if !changed[inv.Number] {
						want = append(want, inv.Number)
					}
				}
				var kept []string
				for _, inv := range got {
					if !changed[inv.Number] {
						kept = append(kept, inv.Number)
					}
				}
				if !slices.Equal(kept, want) {
					t.Errorf("order %d reverse %v backwards %v: the unchanged rows walked\n%s\nthe full scan after\n%s",
						order, reverse, backwards, strings.Join(kept, " "), strings.Join(want, " "))
				}
			}
		}
	}
}
