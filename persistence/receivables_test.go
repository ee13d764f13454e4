package persistence

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// The SQL sums agree with domain.TallyReceivables over every invoice and
// payment: random invoices in three currencies, due across all buckets,
// partly paid by hand, with payments paid in every window, in both modes.
func TestReceivablesAgreeWithTheDomainRule(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 5))
	now := time.Date(2026, 12, 2, 15, 4, 0, 0, time.Local) // a Wednesday
	currencies := []string{"EUR", "GBP", "JPY"}
	var invs []domain.Invoice
	for i := range 120 {
		inv := testInvoice(fmt.Sprintf("R-%03d", i), int64(100+rng.IntN(100_000)))
		cur := currencies[rng.IntN(len(currencies))]
		inv.Currency, inv.Total, inv.PaidOutside = cur, domain.NewMoney(inv.Total.Minor, cur), domain.Zero(cur)
		if rng.IntN(4) == 0 {
			inv.PaidOutside = domain.NewMoney(rng.Int64N(inv.Total.Minor+50), cur) // some paid in full or over
		}
		switch rng.IntN(10) {
		case 0:
			inv.DueDate = time.Time{}
		case 1:
			inv.Kind = domain.KindCreditNote
		}
		if !inv.DueDate.IsZero() {
			inv.DueDate = domain.Date(now).AddDate(0, 0, 20-rng.IntN(140))
		}
		invs = append(invs, inv)
	}
	mustImport(t, s, invs...)
	var payable []string
	for _, inv := range invs {
		if inv.Payable(domain.ModeLive) {
			payable = append(payable, inv.Number)
		}
	}
	for i, number := range payable[:min(80, len(payable))] {
		mode := []domain.Mode{domain.ModeLive, domain.ModeTest}[rng.IntN(2)]
		p := reserve(t, s, number, mode, now.Add(-time.Duration(i)*time.Hour))
		paidAt := now.Add(-time.Duration(rng.IntN(40*24)) * time.Hour)
		update(t, s, p.ID, func(q *domain.Payment) {
			q.MollieID = fmt.Sprintf("pl_%d", i)
			switch rng.IntN(4) {
			case 0: // still open
				q.Status = domain.StatusOpen
			case 1: // paid, attempts not seen yet
				q.Status, q.PaidAt = domain.StatusPaid, paidAt
			default: // paid through an attempt for part of the amount
				q.Status, q.PaidAt = domain.StatusPaid, paidAt
				q.Attempts = []domain.Attempt{
					{MollieID: fmt.Sprintf("tr_%d", i), Status: domain.StatusPaid, Amount: domain.NewMoney(q.Amount.Minor/2, q.Amount.Currency), PaidAt: paidAt},
					{MollieID: fmt.Sprintf("tr_%d_f", i), Status: domain.StatusFailed, Amount: q.Amount, FailedAt: paidAt},
				}
			}
		})
	}
	allInvs, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	pays, err := s.Payments(ctx, domain.PaymentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []domain.Mode{domain.ModeLive, domain.ModeTest} {
		q := domain.NewReceivablesQuery(mode, now)
		got, err := s.Receivables(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want := domain.TallyReceivables(q, allInvs, pays)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s mode:\nSQL    %+v\ndomain %+v", mode, got, want)
		}
		in := false
		for _, c := range got.Currencies {
			in = in || c.Received[domain.ReceivedToday].IsPositive() || c.Received[domain.ReceivedThisWeek].IsPositive()
		}
		if len(got.Currencies) == 0 || got.OpenLinks == 0 || !in {
			t.Errorf("%s mode: the test data should owe money and have open links: %+v", mode, got)
		}
	}
}
