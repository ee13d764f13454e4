package domain

import (
	"slices"
	"testing"
	"time"
)

func TestPageOfOrdersAndPages(t *testing.T) {
	today := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	inv := func(number, customer, cur string, total int64, due time.Time) Invoice {
		return Invoice{Number: number, Customer: customer, Currency: cur, Kind: KindInvoice, Total: NewMoney(total, cur),
			PaidOutside: Zero(cur), DueDate: due}
	}
	invs := []Invoice{
		inv("B", "zeta", "EUR", 500, today.AddDate(0, 0, 3)),
		inv("A", "Ärger", "USD", 900, time.Time{}),
		inv("C", "alpha", "EUR", 900, today.AddDate(0, 0, -3)),
		inv("D", "ÄRGER", "EUR", 500, today.AddDate(0, 0, 3)),
	}
	q := InvoiceQuery{Mode: ModeLive, Today: today}
	for _, c := range []struct {
		order   InvoiceOrder
		reverse bool
		want    []string
	}{
		{OrderDue, false, []string{"C", "B", "D", "A"}},
		{OrderOwed, false, []string{"C", "B", "D", "A"}},
		{OrderOwed, true, []string{"A", "D", "B", "C"}},
		{OrderNumber, false, []string{"A", "B", "C", "D"}},
		{OrderCustomer, false, []string{"C", "B", "A", "D"}}, // byte order: ä after z
	} {
		p := InvoicePage{InvoiceQuery: q, Order: c.order, Reverse: c.reverse, Limit: 10}
		if got := numbersOf(PageOf(p, invs)); !slices.Equal(got, c.want) {
			t.Errorf("order %d reverse %v: %v, want %v", c.order, c.reverse, got, c.want)
		}
		key := invs[slices.IndexFunc(invs, func(i Invoice) bool { return i.Number == c.want[1] })].Key(c.order, ModeLive)
		p.Limit = 2
		p.After = &key
		if got := numbersOf(PageOf(p, invs)); !slices.Equal(got, c.want[2:4]) {
			t.Errorf("order %d reverse %v: after %s: %v, want %v", c.order, c.reverse, c.want[1], got, c.want[2:4])
		}
		p.After, p.Before = nil, &key
		if got := numbersOf(PageOf(p, invs)); !slices.Equal(got, c.want[:1]) {
			t.Errorf("order %d reverse %v: before %s: %v, want %v", c.order, c.reverse, c.want[1], got, c.want[:1])
		}
	}
	q.Search, q.Filter = "äRG", StateUnpaid
	if got := CountTabs(q, invs, 2); got[""].N != 2 || got[StateOverdue].N != 0 || got[StateUnpaid].N != 2 || got[""].AtLeast {
		t.Errorf("counts for %q: %v", q.Search, got)
	}
	// One match past the cap: the list says at least the cap, each tab
	// at least what it holds among the matches counted.
	if got := CountTabs(q, invs, 1); got[""] != (TabCount{1, true}) || got[StateUnpaid] != (TabCount{1, true}) || got[StateOverdue] != (TabCount{0, true}) {
		t.Errorf("counts for %q up to 1: %v", q.Search, got)
	}
	q.Search = ""
	if got := CountTabs(q, invs, 1); got[""] != (TabCount{len(invs), false}) {
		t.Errorf("counts without a search up to 1: %v, want every invoice exactly", got)
	}
}

func numbersOf(invs []Invoice) []string {
	out := make([]string, len(invs))
	for i, inv := range invs {
		out[i] = inv.Number
	}
	return out
}
