package persistence

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// A list long enough to be read in two halves comes back whole, in number
// order, each invoice exactly as reading it alone gives it, although the
// table holds the rows in another order.
func TestInvoicesReadInHalves(t *testing.T) {
	s := openTest(t)
	invs := manyInvoices(splitReadAt + 5001)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(invs), func(i, j int) { invs[i], invs[j] = invs[j], invs[i] })
	mustImport(t, s, invs...)
	paid := invs[17].Number
	p := reserve(t, s, paid, domain.ModeTest, t0)
	update(t, s, p.ID, func(p *domain.Payment) { p.MollieID, p.Status = "pl_Halves1", domain.StatusOpen })

	got, err := s.Invoices(context.Background(), domain.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(invs) {
		t.Fatalf("got %d invoices, want %d", len(got), len(invs))
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].Number >= got[i].Number {
			t.Fatalf("out of order at %d: %s then %s", i, got[i-1].Number, got[i].Number)
		}
	}
	for _, i := range []int{0, 1, len(got) / 2, len(got)/2 + 1, len(got) - 1} {
		if alone := mustInvoice(t, s, got[i].Number); !reflect.DeepEqual(alone, got[i]) {
			t.Errorf("invoice %s in the list:\n%+v\nalone:\n%+v", got[i].Number, got[i], alone)
		}
	}
	for _, inv := range got {
		if inv.Number == paid && (inv.LastPayment == nil || inv.LastPayment.MollieID != "pl_Halves1") {
			t.Errorf("the paid invoice lost its payment: %+v", inv.LastPayment)
		}
	}
}
