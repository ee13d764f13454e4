package tui

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// TestSortOrders checks the keyed sorts against plain comparisons of the
// invoices, on a book the store did not hand over in number order.
func TestSortOrders(t *testing.T) {
	invs := manyInvoices(3000)
	for i := range invs {
		if i%7 == 0 {
			invs[i].DueDate = invs[i].DueDate.AddDate(0, 0, -i%5) // many equal due dates
		}
		if i%13 == 0 {
			invs[i].DueDate = time.Time{} // no due date
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(invs), func(i, j int) { invs[i], invs[j] = invs[j], invs[i] })
	set := newInvoiceSet(invs, domain.ModeTest, testNow, sortNumber)

	byNumber := func(a, b domain.Invoice) int { return cmp.Compare(a.Number, b.Number) }
	want := map[sortOrder]func(a, b domain.Invoice) int{
		sortNumber: byNumber,
		sortDue: func(a, b domain.Invoice) int {
			switch {
			case a.DueDate.IsZero() != b.DueDate.IsZero():
				if a.DueDate.IsZero() {
					return 1
				}
				return -1
			case !a.DueDate.Equal(b.DueDate):
				return a.DueDate.Compare(b.DueDate)
			}
			return byNumber(a, b)
		},
		sortAmount: func(a, b domain.Invoice) int {
			if c := cmp.Compare(b.Outstanding(domain.ModeTest).Minor, a.Outstanding(domain.ModeTest).Minor); c != 0 {
				return c
			}
			return byNumber(a, b)
		},
	}
	for by, compare := range want {
		ref := slices.Clone(invs)
		slices.SortStableFunc(ref, compare)
		got := set.order(by)
		for j, i := range got {
			if invs[i].Number != ref[j].Number {
				t.Fatalf("order %d, row %d: %s, want %s", by, j, invs[i].Number, ref[j].Number)
			}
		}
	}
}

func TestAmountWidth(t *testing.T) {
	for _, m := range []domain.Money{eur(0), eur(5), eur(-5), eur(99), eur(100), eur(123456), eur(-123456), eur(100000000),
		eur(99999999999), domain.NewMoney(185000, "JPY"), domain.NewMoney(1000, "JPY"), domain.NewMoney(-999, "JPY")} {
		if got, want := amountWidth(m), len(m.Format('.', ',')); got != want {
			t.Errorf("amountWidth(%s) = %d, formatted %q", m, got, m.Format('.', ','))
		}
	}
}
