package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// testReceivables holds a store's sums to domain.TallyReceivables over what
// it lists: invoices due in every ageing bucket, one without a due date, a
// credit note, one paid by hand, and links paid today, last week and last
// month and one still open, in both modes.
func testReceivables(t *testing.T, s domain.Store) {
	ctx := context.Background()
	now := time.Date(2026, 12, 9, 15, 4, 0, 0, time.UTC) // a Wednesday: the week began on the 7th
	today := domain.Date(now)
	var invs []domain.Invoice
	for i, days := range []int{-10, 0, 1, 30, 31, 60, 61, 90, 91, 400} {
		inv := Invoice(fmt.Sprintf("S-%02d", i), int64(1000*(i+1)))
		inv.IssueDate, inv.DueDate = today.AddDate(-2, 0, 0), today.AddDate(0, 0, -days)
		invs = append(invs, inv)
	}
	undated := Invoice("S-20", 700)
	undated.DueDate = time.Time{}
	credit := Invoice("S-21", 900)
	credit.Kind = domain.KindCreditNote
	paid := Invoice("S-22", 500)
	paid.PaidOutside = eur(500)
	mustImport(t, s, append(invs, undated, credit, paid)...)

	for i, at := range []time.Time{now.Add(-time.Hour), now.AddDate(0, 0, -2), now.AddDate(0, 0, -20), now.AddDate(0, 0, -40)} {
		for _, mode := range []domain.Mode{domain.ModeTest, domain.ModeLive} {
			p := reserve(t, s, invs[i].Number, mode, 400, at)
			update(t, s, p.ID, func(q *domain.Payment) {
				q.MollieID, q.Status, q.PaidAt = fmt.Sprintf("pl_s%d%s", i, mode), domain.StatusPaid, at
				if i%2 == 0 {
					q.Attempts = []domain.Attempt{{MollieID: fmt.Sprintf("tr_s%d%s", i, mode), Status: domain.StatusPaid, Amount: eur(300), CreatedAt: at, PaidAt: at}}
				}
			})
		}
	}
	open := reserve(t, s, invs[5].Number, domain.ModeTest, 100, now)
	update(t, s, open.ID, func(q *domain.Payment) { q.MollieID, q.Status = "pl_open", domain.StatusOpen })

	all, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	pays, err := s.Payments(ctx, domain.PaymentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []domain.Mode{domain.ModeTest, domain.ModeLive} {
		q := domain.NewReceivablesQuery(mode, now)
		got, err := s.Receivables(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want := domain.TallyReceivables(q, all, pays)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s mode:\nstore  %+v\ndomain %+v", mode, got, want)
		}
	}
	got, err := s.Receivables(ctx, domain.NewReceivablesQuery(domain.ModeTest, now))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Currencies) != 1 || got.OpenLinks != 1 || got.Currencies[0].Invoices != [domain.AgeBuckets]int{3, 2, 2, 2, 2} ||
		got.Currencies[0].Received != [domain.ReceivedWindows]domain.Money{eur(300), eur(700), eur(700)} {
		t.Errorf("test mode: %+v", got)
	}
}
