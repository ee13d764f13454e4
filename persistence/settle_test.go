package persistence

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// UpdatePayment returns the row it wrote without reading it again; what it
// returns must still be exactly what a read gives.
func TestUpdatePaymentReturnsWhatAReadGives(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("A-1", 5000))
	p := reserve(t, s, "A-1", domain.ModeLive, t0)
	now := time.Now() // local, with a monotonic reading
	west := time.FixedZone("west", -7*3600)

	changes := []func(*domain.Payment){
		func(q *domain.Payment) {
			q.InvoiceNumber = "not a column"
			q.MollieID, q.Status, q.Method = "pl_1", domain.StatusPaid, "ideal"
			q.PaidAt, q.CheckedAt, q.ExpiresAt = now, now.In(west), now.AddDate(0, 1, 0).In(west)
			q.AmountRefunded = domain.Money{} // nothing, in no currency
			q.Attempts = []domain.Attempt{
				{MollieID: "tr_new", Status: domain.StatusPaid, Amount: eur(5000), CreatedAt: now, PaidAt: now},
				{MollieID: "tr_old", Status: domain.StatusFailed, Amount: eur(5000), CreatedAt: now.Add(-time.Minute), FailedAt: now.Add(-time.Second)},
				{MollieID: "tr_undated", Status: domain.StatusCanceled, Amount: eur(5000)},
			}
		},
		func(q *domain.Payment) { q.AmountRefunded = eur(100) }, // attempts left alone
		func(q *domain.Payment) { q.Attempts = []domain.Attempt{} },
	}
	for i, change := range changes {
		got := update(t, s, p.ID, change)
		again, err := s.Payment(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, again) {
			t.Fatalf("change %d: UpdatePayment returned\n%+v\nbut the row reads\n%+v", i, got, again)
		}
		if i == 1 && len(got.Attempts) != 3 {
			t.Fatalf("a change that left the attempts alone lost some: %+v", got.Attempts)
		}
	}
}

// TestSettlementFollowsEveryWrite makes random inserts, updates (some
// refused) and deletes, and checks after each that the invoice's
// settlement is domain.Settle over all its payments and its last payment
// the newest.
func TestSettlementFollowsEveryWrite(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	numbers := []string{"R-0", "R-1", "R-2"}
	for _, n := range numbers {
		mustImport(t, s, testInvoice(n, 10_000))
	}
	rng := rand.New(rand.NewPCG(7, 11))
	statuses := []domain.Status{domain.StatusCreating, domain.StatusOpen, domain.StatusPending, domain.StatusPaid,
		domain.StatusFailed, domain.StatusExpired, domain.StatusArchived}
	modes := []domain.Mode{domain.ModeLive, domain.ModeTest}
	for step := range 300 {
		number := numbers[rng.IntN(len(numbers))]
		pays, err := s.Payments(ctx, domain.PaymentFilter{InvoiceNumber: number})
		if err != nil {
			t.Fatal(err)
		}
		switch op := rng.IntN(5); {
		case op == 0 || len(pays) == 0:
			at := t0.Add(time.Duration(rng.IntN(100)) * time.Minute)
			_, err = s.ReservePayment(ctx, number, alwaysNew(modes[rng.IntN(2)], at))
		case op == 1:
			err = s.DeletePayment(ctx, pays[rng.IntN(len(pays))].ID)
		default:
			_, err = s.UpdatePayment(ctx, pays[rng.IntN(len(pays))].ID, func(p *domain.Payment) error {
				randomChange(rng, p, statuses, modes)
				return nil
			})
		}
		if err != nil && !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("step %d: %v", step, err)
		}
		checkSettled(t, s, number, fmt.Sprintf("step %d", step))
	}
}

// randomChange gives p a random status, mode, creation time, amounts and
// attempts; the Mollie ids are p's own, so no other row holds them.
func randomChange(rng *rand.Rand, p *domain.Payment, statuses []domain.Status, modes []domain.Mode) {
	p.Status = statuses[rng.IntN(len(statuses))]
	p.MollieID = fmt.Sprintf("pl_%d", p.ID)
	if rng.IntN(4) == 0 {
		p.Mode = modes[rng.IntN(2)]
	}
	if rng.IntN(4) == 0 {
		p.CreatedAt = t0.Add(time.Duration(rng.IntN(100)) * time.Minute)
	}
	p.AmountRefunded, p.AmountChargedBack = eur(rng.Int64N(3)*100), eur(rng.Int64N(2)*100)
	if rng.IntN(3) == 0 {
		return // the attempts stay as they are
	}
	p.Attempts = nil
	for k := range rng.IntN(3) {
		p.Attempts = append(p.Attempts, domain.Attempt{
			MollieID: fmt.Sprintf("tr_%d_%d", p.ID, k), Status: statuses[1+rng.IntN(len(statuses)-1)],
			Amount: eur(1000 + rng.Int64N(9000)), AmountRefunded: eur(rng.Int64N(3) * 50), AmountChargedBack: eur(rng.Int64N(2) * 70),
			CreatedAt: t0.Add(time.Duration(k) * time.Minute),
		})
	}
}

func checkSettled(t *testing.T, s *Store, number, when string) {
	t.Helper()
	ctx := context.Background()
	inv := mustInvoice(t, s, number)
	pays, err := s.Payments(ctx, domain.PaymentFilter{InvoiceNumber: number})
	if err != nil {
		t.Fatal(err)
	}
	live, test := domain.Settle(inv.Currency, pays)
	if inv.Live != live || inv.Test != test {
		t.Fatalf("%s: invoice %s settled live %+v test %+v; its %d payments add up to live %+v test %+v",
			when, number, inv.Live, inv.Test, len(pays), live, test)
	}
	switch {
	case len(pays) == 0 && inv.LastPayment != nil:
		t.Fatalf("%s: invoice %s has no payments but a last one: %+v", when, number, inv.LastPayment)
	case len(pays) > 0 && (inv.LastPayment == nil || inv.LastPayment.ID != pays[0].ID):
		t.Fatalf("%s: invoice %s: last payment %+v, want the newest, %d", when, number, inv.LastPayment, pays[0].ID)
	}
}
