package tui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// Amounts owed sort within their currency, largest first: JPY 185,000 never
// lands between GBP 1,865.40 and EUR 1,716.88.
func TestSortByAmountGroupsCurrencies(t *testing.T) {
	f := newFixture(t)
	more := []domain.Invoice{
		invoice("X-JPY", "Tanaka K.K.", 185_000, day(2026, 12, 1)),
		invoice("X-GBP", "Brixton Ltd", 186_540, day(2026, 12, 1)),
		invoice("X-EUR", "Zeeman", 171_688, day(2026, 12, 1)),
	}
	more[0].Currency, more[0].Total, more[0].PaidOutside = "JPY", domain.NewMoney(185_000, "JPY"), domain.Zero("JPY")
	more[1].Currency, more[1].Total, more[1].PaidOutside = "GBP", domain.NewMoney(186_540, "GBP"), domain.Zero("GBP")
	if _, err := f.store.ImportInvoices(context.Background(), more, testNow); err != nil {
		t.Fatal(err)
	}
	d := f.start(t, en(), 120, 40)
	d.key("s")
	var currencies []string
	var last *domain.Invoice
	for i := range d.m.invoices.list.rows {
		inv := &d.m.invoices.list.rows[i]
		if last == nil || last.Currency != inv.Currency {
			if slices.Contains(currencies, inv.Currency) {
				t.Fatalf("%s comes back after another currency: %v", inv.Currency, visibleNumbers(d.m))
			}
			currencies = append(currencies, inv.Currency)
		} else if last.Outstanding(domain.ModeTest).Minor < inv.Outstanding(domain.ModeTest).Minor {
			t.Fatalf("%s owes more than %s above it: %v", inv.Number, last.Number, visibleNumbers(d.m))
		}
		last = inv
	}
	if len(currencies) != 3 {
		t.Fatalf("currencies in order: %v", currencies)
	}
}

// S reverses the order, the header says which way, and the choice is the
// user's: another user keeps their own, the same user finds it again.
func TestSortReversesAndIsRemembered(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.key("s")
	d.key("s") // by number
	d.key("S")
	got := visibleNumbers(d.m)
	if !slices.IsSortedFunc(got, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Fatalf("reversed number order: %v", got)
	}
	if text := d.screenText(); !strings.Contains(text, "sort: number ↓") || !strings.Contains(text, "Number ↓") {
		t.Fatalf("the header does not say the order:\n%s", text)
	}
	d.until("the order to be stored", func(m Model) bool {
		v, _ := f.svc.UserPreference(context.Background(), prefInvoiceSort)
		return !m.invoices.savingSort && v == "number:reverse"
	})

	again := f.start(t, en(), 120, 40)
	again.until("the remembered order", func(m Model) bool { return m.invoices.list.sortBy == sortNumber && m.invoices.list.reverse })

	bob := *f
	bob.svc = f.svc.WithActor("bob@desk")
	od := bob.start(t, en(), 120, 40)
	if od.m.invoices.list.sortBy != sortDue || od.m.invoices.list.reverse {
		t.Fatalf("another user got %v reversed=%v", od.m.invoices.list.sortBy, od.m.invoices.list.reverse)
	}
}
