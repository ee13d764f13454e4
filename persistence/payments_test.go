package persistence

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

func TestReservePaymentConcurrentCallersGetOneRow(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("A-1", 5000))

	const callers = 20
	var wg sync.WaitGroup
	plans := make([]domain.Plan, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Go(func() {
			plans[i], errs[i] = s.ReservePayment(ctx, "A-1", planNew(domain.ModeLive, domain.KindLink, t0.Add(time.Duration(i))))
		})
	}
	wg.Wait()

	var created []int64
	reused := map[int64]int{}
	for i := range callers {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		switch p := plans[i]; {
		case p.New != nil:
			created = append(created, p.New.ID)
		case p.Reuse != nil:
			reused[p.Reuse.ID]++
		default:
			t.Fatalf("caller %d: empty plan %+v", i, p)
		}
	}
	if len(created) != 1 {
		t.Fatalf("%d callers created a payment, want exactly 1", len(created))
	}
	if len(reused) > 1 || (len(reused) == 1 && reused[created[0]] != callers-1) {
		t.Fatalf("the others reused %v, want all of them payment %d", reused, created[0])
	}
	pays, err := s.Payments(ctx, domain.PaymentFilter{InvoiceNumber: "A-1"})
	if err != nil || len(pays) != 1 {
		t.Fatalf("payments = %d rows, %v; want 1", len(pays), err)
	}
	p := pays[0]
	if p.ID != created[0] || p.Status != domain.StatusCreating || p.Amount != eur(5000) || p.InvoiceNumber != "A-1" {
		t.Fatalf("stored payment: %+v", p)
	}
	if inv := mustInvoice(t, s, "A-1"); inv.LastPayment == nil || inv.LastPayment.ID != p.ID || inv.LastPayment.Status != domain.StatusCreating {
		t.Fatalf("last payment: %+v", inv.LastPayment)
	}
}

// alwaysNew ignores the rule the use case keeps, to reach the index.
func alwaysNew(mode domain.Mode, now time.Time) func(domain.Invoice, []domain.Payment) (domain.Plan, error) {
	return func(inv domain.Invoice, _ []domain.Payment) (domain.Plan, error) {
		return domain.Plan{Invoice: inv, New: &domain.Payment{
			Kind: domain.KindLink, Mode: mode, Amount: inv.Total, Status: domain.StatusCreating, CreatedAt: now,
		}}, nil
	}
}

func TestUniqueIndexRefusesSecondActivePayment(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("A-1", 5000))
	first, err := s.ReservePayment(ctx, "A-1", alwaysNew(domain.ModeLive, t0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ReservePayment(ctx, "A-1", alwaysNew(domain.ModeLive, t0.Add(time.Second)))
	if !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("second active live payment: err = %v, want ErrConflict", err)
	}
	// The other mode has its own slot.
	if _, err := s.ReservePayment(ctx, "A-1", alwaysNew(domain.ModeTest, t0.Add(2*time.Second))); err != nil {
		t.Fatalf("active test payment beside a live one: %v", err)
	}
	// Once the first is final, the slot is free again.
	update(t, s, first.New.ID, func(p *domain.Payment) { p.Status, p.ExpiredAt = domain.StatusExpired, t0.Add(time.Hour) })
	if _, err := s.ReservePayment(ctx, "A-1", alwaysNew(domain.ModeLive, t0.Add(3*time.Second))); err != nil {
		t.Fatalf("new payment after the old one expired: %v", err)
	}
	pays, _ := s.Payments(ctx, domain.PaymentFilter{InvoiceNumber: "A-1"})
	if len(pays) != 3 {
		t.Fatalf("%d rows, want 3", len(pays))
	}
}

func TestReservePaymentErrors(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	_, err := s.ReservePayment(ctx, "NOPE", planNew(domain.ModeLive, domain.KindLink, t0))
	if !errors.Is(err, domain.ErrNotFound) || !strings.Contains(err.Error(), "NOPE") {
		t.Fatalf("unknown invoice: err = %v", err)
	}

	paid := testInvoice("A-1", 5000)
	paid.PaidOutside = eur(5000)
	mustImport(t, s, paid)
	plan, err := s.ReservePayment(ctx, "A-1", planNew(domain.ModeLive, domain.KindLink, t0))
	if !errors.Is(err, domain.ErrNotPayable) || plan.Invoice.Number != "A-1" {
		t.Fatalf("fully paid invoice: plan %+v, err = %v", plan, err)
	}
	if pays, _ := s.Payments(ctx, domain.PaymentFilter{}); len(pays) != 0 {
		t.Fatalf("a refused plan wrote %d rows", len(pays))
	}
}

// paidLink records Mollie's report of a link paid through one attempt.
func paidLink(amount, refunded int64) func(*domain.Payment) {
	return func(p *domain.Payment) {
		p.MollieID, p.URL, p.Status, p.PaidAt, p.Method = "pl_paid1", "https://paymentlink.mollie.com/payment/paid1", domain.StatusPaid, t0.Add(time.Hour), "ideal"
		p.Attempts = []domain.Attempt{{
			MollieID: "tr_paid1", Status: domain.StatusPaid, Method: "ideal", Amount: eur(amount),
			AmountRefunded: eur(refunded), CreatedAt: t0.Add(50 * time.Minute), PaidAt: t0.Add(time.Hour),
		}}
	}
}

func TestUpdatePaymentSettlesAndRefundReopens(t *testing.T) {
	s := openTest(t)
	mustImport(t, s, testInvoice("A-1", 5000))
	p := reserve(t, s, "A-1", domain.ModeLive, t0)

	got := update(t, s, p.ID, paidLink(5000, 0))
	if got.Status != domain.StatusPaid || len(got.Attempts) != 1 || got.Attempts[0].Amount != eur(5000) {
		t.Fatalf("updated payment: %+v", got)
	}
	inv := mustInvoice(t, s, "A-1")
	if !inv.Outstanding(domain.ModeLive).IsZero() || inv.Live.Paid != eur(5000) {
		t.Fatalf("after payment: outstanding %s, live %+v", inv.Outstanding(domain.ModeLive), inv.Live)
	}
	if inv.LastPayment == nil || inv.LastPayment.Status != domain.StatusPaid || inv.LastPayment.MollieID != "pl_paid1" || inv.LastPayment.URL == "" {
		t.Fatalf("last payment: %+v", inv.LastPayment)
	}

	update(t, s, p.ID, paidLink(5000, 2000))
	inv = mustInvoice(t, s, "A-1")
	if inv.Outstanding(domain.ModeLive) != eur(2000) || inv.Live.Refunded != eur(2000) {
		t.Fatalf("after refund: outstanding %s, live %+v", inv.Outstanding(domain.ModeLive), inv.Live)
	}
	if !inv.Payable(domain.ModeLive) {
		t.Fatal("a refunded invoice is not payable again")
	}
}

func TestTestModePaymentsOnlySettleTestMode(t *testing.T) {
	s := openTest(t)
	mustImport(t, s, testInvoice("A-1", 5000))
	p := reserve(t, s, "A-1", domain.ModeTest, t0)
	update(t, s, p.ID, paidLink(5000, 0))

	inv := mustInvoice(t, s, "A-1")
	if inv.Test.Paid != eur(5000) || !inv.Outstanding(domain.ModeTest).IsZero() {
		t.Fatalf("test settlement: %+v", inv.Test)
	}
	if !inv.Live.Paid.IsZero() || inv.Outstanding(domain.ModeLive) != eur(5000) {
		t.Fatalf("a test payment touched live: %+v, outstanding %s", inv.Live, inv.Outstanding(domain.ModeLive))
	}
	if inv.LastPayment == nil || inv.LastPayment.Mode != domain.ModeTest {
		t.Fatalf("last payment: %+v", inv.LastPayment)
	}
}

func TestCheckoutRefundsAndChargebacks(t *testing.T) {
	s := openTest(t)
	mustImport(t, s, testInvoice("A-1", 5000))
	plan, err := s.ReservePayment(context.Background(), "A-1", planNew(domain.ModeLive, domain.KindCheckout, t0))
	if err != nil {
		t.Fatal(err)
	}
	update(t, s, plan.New.ID, func(p *domain.Payment) {
		p.MollieID, p.Status, p.PaidAt = "tr_co1", domain.StatusPaid, t0.Add(time.Minute)
		p.AmountChargedBack = eur(5000)
	})
	inv := mustInvoice(t, s, "A-1")
	if inv.Live.ChargedBack != eur(5000) || inv.Outstanding(domain.ModeLive) != eur(5000) {
		t.Fatalf("after chargeback: %+v", inv.Live)
	}
}

func TestUpdatePaymentKeepsEveryField(t *testing.T) {
	s := openTest(t)
	mustImport(t, s, testInvoice("A-1", 5000))
	p := reserve(t, s, "A-1", domain.ModeLive, t0)
	local := time.FixedZone("CET", 3600)
	want := p
	want.MollieID, want.IdempotencyKey, want.Description = "pl_all", "idem-1", "A-1 – someone"
	want.URL, want.Status, want.Method, want.Actor = "https://pay.example/x", domain.Status("someday"), "creditcard", "anna"
	want.ExpiresAt = time.Date(2026, 4, 1, 23, 59, 59, 0, local)
	want.PaidAt, want.CanceledAt = t0.Add(1), t0.Add(2)
	want.ExpiredAt, want.FailedAt, want.CheckedAt = t0.Add(3), t0.Add(4), t0.Add(5)
	want.AmountRefunded, want.AmountChargedBack = eur(7), eur(8)
	want.Attempts = []domain.Attempt{
		{MollieID: "tr_b", Status: domain.StatusFailed, Method: "ideal", Amount: eur(5000), AmountRefunded: eur(0), AmountChargedBack: eur(0), CreatedAt: t0.Add(20), FailedAt: t0.Add(21)},
		{MollieID: "tr_a", Status: domain.StatusCanceled, Amount: eur(5000), AmountRefunded: eur(0), AmountChargedBack: eur(0), CreatedAt: t0.Add(10), CanceledAt: t0.Add(11), ExpiredAt: t0.Add(12)},
	}
	got := update(t, s, p.ID, func(q *domain.Payment) { *q = want })

	if !got.ExpiresAt.Equal(want.ExpiresAt) || got.ExpiresAt.Location() != time.UTC {
		t.Fatalf("ExpiresAt = %v, want %v in UTC", got.ExpiresAt, want.ExpiresAt)
	}
	got.ExpiresAt = want.ExpiresAt
	// Attempts come back oldest first.
	want.Attempts[0], want.Attempts[1] = want.Attempts[1], want.Attempts[0]
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Fatalf("stored payment differs\n got %+v\nwant %+v", got, want)
	}
	again, err := s.Payment(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	again.ExpiresAt = want.ExpiresAt
	if fmt.Sprintf("%+v", again) != fmt.Sprintf("%+v", want) {
		t.Fatalf("Payment differs from what UpdatePayment returned\n got %+v\nwant %+v", again, want)
	}
}

func TestUpdatePaymentRefusals(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("A-1", 5000), testInvoice("A-2", 5000))
	a := reserve(t, s, "A-1", domain.ModeLive, t0)
	b := reserve(t, s, "A-2", domain.ModeLive, t0)
	update(t, s, a.ID, func(p *domain.Payment) {
		p.MollieID, p.Status = "pl_a", domain.StatusOpen
		p.Attempts = []domain.Attempt{{MollieID: "tr_a1", Status: domain.StatusOpen, Amount: eur(5000), CreatedAt: t0}}
	})

	boom := errors.New("boom")
	if _, err := s.UpdatePayment(ctx, b.ID, func(p *domain.Payment) error { p.Status = domain.StatusPaid; return boom }); !errors.Is(err, boom) {
		t.Fatalf("change error: %v", err)
	}
	if got, _ := s.Payment(ctx, b.ID); got.Status != domain.StatusCreating {
		t.Fatalf("a failed change was written: %+v", got)
	}
	for name, change := range map[string]func(*domain.Payment) error{
		"taken Mollie id": func(p *domain.Payment) error { p.MollieID = "pl_a"; return nil },
		"taken attempt": func(p *domain.Payment) error {
			p.Attempts = []domain.Attempt{{MollieID: "tr_a1", Status: domain.StatusPaid, Amount: eur(5000)}}
			return nil
		},
	} {
		if _, err := s.UpdatePayment(ctx, b.ID, change); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("%s: err = %v, want ErrConflict", name, err)
		}
	}
	for name, change := range map[string]func(*domain.Payment) error{
		"other currency": func(p *domain.Payment) error { p.Amount = domain.NewMoney(5000, "USD"); return nil },
		"moved":          func(p *domain.Payment) error { p.InvoiceID = a.InvoiceID; return nil },
		"attempt no id":  func(p *domain.Payment) error { p.Attempts = []domain.Attempt{{Status: domain.StatusOpen}}; return nil },
		"bad mode":       func(p *domain.Payment) error { p.Mode = "sandbox"; return nil },
	} {
		if _, err := s.UpdatePayment(ctx, b.ID, change); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := s.UpdatePayment(ctx, 9999, func(*domain.Payment) error { return nil }); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("unknown payment: err = %v", err)
	}
	if got, _ := s.Payment(ctx, a.ID); len(got.Attempts) != 1 || got.Attempts[0].Status != domain.StatusOpen {
		t.Fatalf("payment a changed: %+v", got)
	}

	// Attempts a change drops are dropped from the store too.
	got := update(t, s, a.ID, func(p *domain.Payment) { p.Attempts = nil })
	if len(got.Attempts) != 0 {
		t.Fatalf("attempts after dropping them: %+v", got.Attempts)
	}
}

func TestDeletePaymentOnlyWhileCreating(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("A-1", 5000))
	first := reserve(t, s, "A-1", domain.ModeLive, t0)
	update(t, s, first.ID, func(p *domain.Payment) { p.MollieID, p.Status = "pl_1", domain.StatusOpen })
	if err := s.DeletePayment(ctx, first.ID); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("deleting an open payment: err = %v", err)
	}
	update(t, s, first.ID, func(p *domain.Payment) { p.Status = domain.StatusArchived })

	second := reserve(t, s, "A-1", domain.ModeLive, t0.Add(time.Hour))
	if inv := mustInvoice(t, s, "A-1"); inv.LastPayment.ID != second.ID {
		t.Fatalf("last payment = %+v, want %d", inv.LastPayment, second.ID)
	}
	if err := s.DeletePayment(ctx, second.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Payment(ctx, second.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("deleted payment still there: %v", err)
	}
	if inv := mustInvoice(t, s, "A-1"); inv.LastPayment == nil || inv.LastPayment.ID != first.ID {
		t.Fatalf("last payment after delete = %+v, want %d", inv.LastPayment, first.ID)
	}
	if err := s.DeletePayment(ctx, second.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("deleting twice: err = %v", err)
	}
}

func TestPaymentByMollieID(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("A-1", 5000))
	p := reserve(t, s, "A-1", domain.ModeLive, t0)
	update(t, s, p.ID, paidLink(5000, 0))

	for _, id := range []string{"pl_paid1", "tr_paid1"} {
		got, err := s.PaymentByMollieID(ctx, id)
		if err != nil || got.ID != p.ID || len(got.Attempts) != 1 {
			t.Errorf("PaymentByMollieID(%s) = %+v, %v", id, got, err)
		}
	}
	if _, err := s.PaymentByMollieID(ctx, "tr_unknown"); !errors.Is(err, domain.ErrNotFound) || !strings.Contains(err.Error(), "tr_unknown") {
		t.Fatalf("unknown id: err = %v", err)
	}
}

func TestPaymentsFilters(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("A-1", 5000), testInvoice("A-2", 5000), testInvoice("A-3", 5000))
	old := reserve(t, s, "A-1", domain.ModeLive, t0)
	update(t, s, old.ID, paidLink(5000, 0))
	mid := reserve(t, s, "A-2", domain.ModeLive, t0.Add(time.Hour))
	update(t, s, mid.ID, func(p *domain.Payment) { p.MollieID, p.Status = "pl_mid", domain.StatusOpen })
	newest := reserve(t, s, "A-3", domain.ModeTest, t0.Add(2*time.Hour))

	for _, tc := range []struct {
		name string
		f    domain.PaymentFilter
		want []int64
	}{
		{"all, newest first", domain.PaymentFilter{}, []int64{newest.ID, mid.ID, old.ID}},
		{"invoice", domain.PaymentFilter{InvoiceNumber: "A-1"}, []int64{old.ID}},
		{"active", domain.PaymentFilter{ActiveOnly: true}, []int64{newest.ID, mid.ID}},
		{"status", domain.PaymentFilter{Status: domain.StatusOpen}, []int64{mid.ID}},
		{"since", domain.PaymentFilter{Since: t0.Add(time.Hour)}, []int64{newest.ID, mid.ID}},
		{"limit", domain.PaymentFilter{Limit: 1}, []int64{newest.ID}},
		{"combined", domain.PaymentFilter{ActiveOnly: true, Since: t0.Add(90 * time.Minute)}, []int64{newest.ID}},
		{"since the year 1", domain.PaymentFilter{Since: time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)}, []int64{newest.ID, mid.ID, old.ID}},
	} {
		got, err := s.Payments(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var ids []int64
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if fmt.Sprint(ids) != fmt.Sprint(tc.want) {
			t.Errorf("%s: ids %v, want %v", tc.name, ids, tc.want)
		}
	}
	all, _ := s.Payments(ctx, domain.PaymentFilter{InvoiceNumber: "A-1"})
	if len(all[0].Attempts) != 1 || all[0].Attempts[0].MollieID != "tr_paid1" {
		t.Fatalf("attempts not filled: %+v", all[0])
	}
}

// TestActiveStatusMatchesTheDomain checks the SQL list of final statuses
// against Status.Final, unknown statuses included.
func TestActiveStatusMatchesTheDomain(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	statuses := []domain.Status{
		domain.StatusCreating, domain.StatusOpen, domain.StatusPending, domain.StatusAuthorized, domain.StatusPaid,
		domain.StatusCanceled, domain.StatusExpired, domain.StatusFailed, domain.StatusArchived, "something_new",
	}
	for i, st := range statuses {
		number := fmt.Sprintf("S-%d", i)
		mustImport(t, s, testInvoice(number, 5000))
		plan, err := s.ReservePayment(ctx, number, alwaysNew(domain.ModeLive, t0))
		if err != nil {
			t.Fatal(err)
		}
		update(t, s, plan.New.ID, func(p *domain.Payment) { p.Status = st })
		active, err := s.Payments(ctx, domain.PaymentFilter{InvoiceNumber: number, ActiveOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(active) == 1; got != !st.Final() {
			t.Errorf("%s: listed as active = %v, Final() = %v", st, got, st.Final())
		}
		_, err = s.ReservePayment(ctx, number, alwaysNew(domain.ModeLive, t0.Add(time.Second)))
		if conflict := errors.Is(err, domain.ErrConflict); conflict != !st.Final() {
			t.Errorf("%s: second payment refused = %v (%v), Final() = %v", st, conflict, err, st.Final())
		}
	}
}
