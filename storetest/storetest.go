// Package storetest holds the contract suites of domain's ports: Run for
// domain.Store and RunGateway for domain.Gateway. Every implementation runs
// them, the SQL stores and the in-memory fakes of package mock alike, so a
// fake cannot drift from what it stands in for. A new Store method gets its
// cases here.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// t0 is the suite's time: the stores must give back exactly what they got,
// to the nanosecond.
var t0 = time.Date(2026, 3, 2, 9, 30, 0, 123456789, time.UTC)

// deadline bounds every wait; generous, because the machine may be busy.
const deadline = 30 * time.Second

// NewStore opens an empty store for one test; the suite closes it.
type NewStore func(t *testing.T) domain.Store

// Run runs the store contract against the stores newStore opens.
func Run(t *testing.T, newStore NewStore) {
	cases := []struct {
		name string
		run  func(*testing.T, domain.Store)
	}{
		{"Settings", testSettings},
		{"ImportAddsUpdatesAndKeepsUnchanged", testImport},
		{"ImportRefusesInvalidAndConflictingInvoices", testImportRefusals},
		{"ImportKeepsMoneyRecordedByHand", testImportKeepsRecorded},
		{"InvoiceNotFound", testInvoiceNotFound},
		{"InvoicesOrderedAndFiltered", testInvoicesFilter},
		{"RecordExternalPayment", testRecordExternal},
		{"ReserveInsertsTheNewPayment", testReserve},
		{"ReserveKeepsOneActivePaymentPerMode", testOneActive},
		{"ReserveErrorWritesNothing", testReserveError},
		{"ConcurrentReservesMakeOnePayment", testConcurrentReserve},
		{"UpdatePaymentSettlesTheInvoice", testUpdateSettles},
		{"UpdatePaymentRefusesMovesAndDuplicates", testUpdateRefusals},
		{"DeleteOnlyWhileCreating", testDelete},
		{"PaymentByMollieIDFindsAttempts", testByMollieID},
		{"PaymentsFilteredNewestFirst", testPaymentsFilter},
		{"LogAppendAndFilter", testLog},
		{"PruneLogKeepsTheNewest", testPruneLog},
		{"Leases", testLeases},
		{"ChangesSignalsWrites", testChanges},
		{"ReceivablesSumAsTheDomainRuleSays", testReceivables},
		{"InvoiceWindowsAgreeWithTheFullScan", testInvoiceWindows},
		{"InvoiceWindowsWhileRowsChange", testInvoiceWindowsUnderChange},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			t.Cleanup(func() { s.Close() })
			c.run(t, s)
		})
	}
}

func eur(minor int64) domain.Money { return domain.NewMoney(minor, "EUR") }

// Invoice is a valid invoice in EUR, for the suites and their users.
func Invoice(number string, total int64) domain.Invoice {
	return domain.Invoice{
		Number:      number,
		Customer:    "Customer of " + number,
		Email:       "billing@example.com",
		Currency:    "EUR",
		Total:       eur(total),
		PaidOutside: domain.Zero("EUR"),
		IssueDate:   time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
		DueDate:     time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Kind:        domain.KindInvoice,
		SourceFile:  "invoices.csv",
		SourceLine:  2,
	}
}

func mustImport(t *testing.T, s domain.Store, invs ...domain.Invoice) domain.ImportResult {
	t.Helper()
	res, err := s.ImportInvoices(context.Background(), invs, t0)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return res
}

func mustInvoice(t *testing.T, s domain.Store, number string) domain.Invoice {
	t.Helper()
	inv, err := s.Invoice(context.Background(), number)
	if err != nil {
		t.Fatalf("invoice %s: %v", number, err)
	}
	return inv
}

// newLink is a link intent of amount for inv in mode.
func newLink(inv domain.Invoice, mode domain.Mode, amount int64, at time.Time) *domain.Payment {
	return &domain.Payment{
		InvoiceID: inv.ID, InvoiceNumber: inv.Number, Kind: domain.KindLink, Mode: mode,
		IdempotencyKey: fmt.Sprintf("key-%s-%s-%d", inv.Number, mode, at.UnixNano()),
		Description:    "Invoice " + inv.Number, Amount: eur(amount), Status: domain.StatusCreating, Actor: "alice", CreatedAt: at,
	}
}

// reserve writes a new link intent for the invoice unless decide's
// defaults say otherwise, and returns it with its id.
func reserve(t *testing.T, s domain.Store, number string, mode domain.Mode, amount int64, at time.Time) domain.Payment {
	t.Helper()
	plan, err := s.ReservePayment(context.Background(), number, func(inv domain.Invoice, _ []domain.Payment) (domain.Plan, error) {
		return domain.Plan{Invoice: inv, New: newLink(inv, mode, amount, at)}, nil
	})
	if err != nil {
		t.Fatalf("reserve %s: %v", number, err)
	}
	if plan.New == nil || plan.New.ID == 0 {
		t.Fatalf("reserve %s: the new payment has no id: %+v", number, plan.New)
	}
	return *plan.New
}

// update applies change to payment id and fails the test on error.
func update(t *testing.T, s domain.Store, id int64, change func(*domain.Payment)) domain.Payment {
	t.Helper()
	p, err := s.UpdatePayment(context.Background(), id, func(p *domain.Payment) error { change(p); return nil })
	if err != nil {
		t.Fatalf("update payment %d: %v", id, err)
	}
	return p
}

func testSettings(t *testing.T, s domain.Store) {
	ctx := context.Background()
	if v, err := s.Setting(ctx, "language"); err != nil || v != "" {
		t.Fatalf("unset setting = %q, %v; want empty", v, err)
	}
	for _, v := range []string{"nl", "de"} {
		if err := s.SetSetting(ctx, "language", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Setting(ctx, "language"); err != nil || got != v {
			t.Fatalf("setting = %q, %v; want %q", got, err, v)
		}
	}
	if err := s.SetSetting(ctx, "language", ""); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Setting(ctx, "language"); err != nil || v != "" {
		t.Fatalf("removed setting = %q, %v; want empty", v, err)
	}
}

func testImport(t *testing.T, s domain.Store) {
	a, b := Invoice("A-1", 1000), Invoice("B-2", 2500)
	if res := mustImport(t, s, b, a); res != (domain.ImportResult{Added: 2}) {
		t.Fatalf("first import = %+v", res)
	}
	got := mustInvoice(t, s, "A-1")
	if got.ID == 0 || got.Total != eur(1000) || got.Customer != a.Customer || !got.IssueDate.Equal(a.IssueDate) ||
		!got.DueDate.Equal(a.DueDate) || !got.ImportedAt.Equal(t0) || !got.UpdatedAt.Equal(t0) || got.Kind != domain.KindInvoice ||
		got.PaidOutside != domain.Zero("EUR") || got.LastPayment != nil {
		t.Fatalf("stored invoice = %+v", got)
	}
	if !got.Live.Paid.IsZero() || got.Live.Paid.Currency != "EUR" {
		t.Fatalf("settlement of a new invoice = %+v", got.Live)
	}
	b.Customer = "Someone else"
	res, err := s.ImportInvoices(context.Background(), []domain.Invoice{a, b, a}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if res != (domain.ImportResult{Updated: 1, Unchanged: 2}) {
		t.Fatalf("second import = %+v, want 1 updated and 2 unchanged (one a repeat)", res)
	}
	got = mustInvoice(t, s, "B-2")
	if got.Customer != "Someone else" || !got.ImportedAt.Equal(t0) || !got.UpdatedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("updated invoice = %+v", got)
	}

	// Early-payment discounts are content: kept, compared and updated.
	a.Discounts = []domain.Discount{{Hundredths: 300, Until: a.IssueDate.AddDate(0, 0, 10)}, {Hundredths: 150, Until: a.IssueDate.AddDate(0, 0, 20)}}
	if res := mustImport(t, s, a); res != (domain.ImportResult{Updated: 1}) {
		t.Fatalf("import with discounts = %+v, want 1 updated", res)
	}
	if got = mustInvoice(t, s, "A-1"); !domain.SameDiscounts(got.Discounts, a.Discounts) {
		t.Fatalf("discounts %v read back as %v", a.Discounts, got.Discounts)
	}
	if res := mustImport(t, s, a); res != (domain.ImportResult{Unchanged: 1}) {
		t.Fatalf("the same discounts again = %+v, want 1 unchanged", res)
	}
}

func testImportRefusals(t *testing.T, s domain.Store) {
	ctx := context.Background()
	bad := Invoice("", 1000)
	if _, err := s.ImportInvoices(ctx, []domain.Invoice{Invoice("OK-1", 100), bad}, t0); err == nil {
		t.Fatal("an invoice without a number was imported")
	}
	twice := Invoice("OK-1", 200)
	if _, err := s.ImportInvoices(ctx, []domain.Invoice{Invoice("OK-1", 100), twice}, t0); err == nil {
		t.Fatal("one number with two totals in one batch was imported")
	}
	if invs, err := s.Invoices(ctx, domain.InvoiceFilter{}); err != nil || len(invs) != 0 {
		t.Fatalf("after refused imports: %d invoices, %v; want none", len(invs), err)
	}
	mustImport(t, s, Invoice("A-1", 1000), Invoice("B-2", 500))
	reserve(t, s, "A-1", domain.ModeTest, 1000, t0)
	changed := Invoice("A-1", 1200)
	other := Invoice("B-2", 700)
	_, err := s.ImportInvoices(ctx, []domain.Invoice{other, changed}, t0)
	var ce *domain.ImportConflictError
	if !errors.As(err, &ce) || !errors.Is(err, domain.ErrConflict) || len(ce.Conflicts) != 1 || ce.Conflicts[0].Number != "A-1" {
		t.Fatalf("changing the total under a payment: %v; want an ImportConflictError naming A-1", err)
	}
	if got := mustInvoice(t, s, "B-2"); got.Total != eur(500) {
		t.Fatalf("a refused import changed B-2 to %s", got.Total)
	}
}

func testImportKeepsRecorded(t *testing.T, s domain.Store) {
	ctx := context.Background()
	inv := Invoice("A-1", 10000)
	inv.PaidOutside = eur(1000)
	mustImport(t, s, inv)
	if _, err := s.RecordExternalPayment(ctx, domain.ExternalPayment{InvoiceNumber: "A-1", Amount: eur(2500), Note: "bank", Actor: "alice", At: t0}); err != nil {
		t.Fatal(err)
	}
	inv.PaidOutside = eur(1500)
	mustImport(t, s, inv)
	if got := mustInvoice(t, s, "A-1"); got.PaidOutside != eur(4000) {
		t.Fatalf("paid outside after re-import = %s, want EUR 40.00 (15.00 prepaid + 25.00 recorded)", got.PaidOutside)
	}
	inv.Currency, inv.Total, inv.PaidOutside = "USD", domain.NewMoney(10000, "USD"), domain.Zero("USD")
	if _, err := s.ImportInvoices(ctx, []domain.Invoice{inv}, t0); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("changing the currency under money recorded by hand: %v; want a conflict", err)
	}
}

func testInvoiceNotFound(t *testing.T, s domain.Store) {
	if _, err := s.Invoice(context.Background(), "NOPE"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("unknown invoice: %v; want ErrNotFound", err)
	}
}

func testInvoicesFilter(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("C-3", 300), Invoice("A-1", 100), Invoice("B-2", 200), Invoice("a-0", 50))
	all, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := numbers(all); got != "A-1 B-2 C-3 a-0" {
		t.Fatalf("all invoices in order %q, want byte order", got)
	}
	some, err := s.Invoices(ctx, domain.InvoiceFilter{Numbers: []string{"C-3", "A-1", "X-9"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := numbers(some); got != "A-1 C-3" {
		t.Fatalf("filtered invoices %q, want A-1 C-3", got)
	}
	none, err := s.Invoices(ctx, domain.InvoiceFilter{Numbers: []string{}})
	if err != nil || len(none) != 0 {
		t.Fatalf("an empty list of numbers gave %d invoices, %v; want none", len(none), err)
	}
}

func numbers(invs []domain.Invoice) string {
	out := ""
	for i, inv := range invs {
		if i > 0 {
			out += " "
		}
		out += inv.Number
	}
	return out
}

func testRecordExternal(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("A-1", 10000))
	inv, err := s.RecordExternalPayment(ctx, domain.ExternalPayment{InvoiceNumber: "A-1", Amount: eur(4000), Note: "cash", Actor: "bob", At: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if inv.PaidOutside != eur(4000) || inv.Outstanding(domain.ModeLive) != eur(6000) {
		t.Fatalf("after recording: paid outside %s, outstanding %s", inv.PaidOutside, inv.Outstanding(domain.ModeLive))
	}
	if got := mustInvoice(t, s, "A-1"); got.PaidOutside != eur(4000) {
		t.Fatalf("read back: paid outside %s", got.PaidOutside)
	}
	for _, p := range []domain.ExternalPayment{
		{InvoiceNumber: "NOPE", Amount: eur(1), At: t0},
		{InvoiceNumber: "A-1", Amount: eur(0), At: t0},
		{InvoiceNumber: "A-1", Amount: eur(1)},
		{InvoiceNumber: "A-1", Amount: domain.NewMoney(1, "USD"), At: t0},
	} {
		if _, err := s.RecordExternalPayment(ctx, p); err == nil {
			t.Errorf("recording %+v was accepted", p)
		}
	}
	if _, err := s.RecordExternalPayment(ctx, domain.ExternalPayment{InvoiceNumber: "NOPE", Amount: eur(1), At: t0}); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("recording for an unknown invoice: %v; want ErrNotFound", err)
	}
	if got := mustInvoice(t, s, "A-1"); got.PaidOutside != eur(4000) {
		t.Fatalf("refused recordings changed paid outside to %s", got.PaidOutside)
	}
}

func testReserve(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("A-1", 1000))
	p := reserve(t, s, "A-1", domain.ModeTest, 1000, t0)
	got, err := s.Payment(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.InvoiceNumber != "A-1" || got.InvoiceID == 0 || got.Status != domain.StatusCreating || got.Amount != eur(1000) ||
		got.Kind != domain.KindLink || got.Mode != domain.ModeTest || got.IdempotencyKey != p.IdempotencyKey ||
		got.Actor != "alice" || !got.CreatedAt.Equal(t0) || got.MollieID != "" || len(got.Attempts) != 0 {
		t.Fatalf("stored intent = %+v", got)
	}
	inv := mustInvoice(t, s, "A-1")
	if inv.LastPayment == nil || inv.LastPayment.ID != p.ID || inv.LastPayment.Status != domain.StatusCreating {
		t.Fatalf("invoice's last payment = %+v, want %d", inv.LastPayment, p.ID)
	}
	// decide sees the invoice and its payments, newest first.
	later := update(t, s, p.ID, func(p *domain.Payment) { p.Status = domain.StatusExpired })
	q := reserve(t, s, "A-1", domain.ModeTest, 1000, t0.Add(time.Minute))
	_, err = s.ReservePayment(ctx, "A-1", func(inv domain.Invoice, ps []domain.Payment) (domain.Plan, error) {
		if inv.Number != "A-1" || len(ps) != 2 || ps[0].ID != q.ID || ps[1].ID != later.ID {
			t.Errorf("decide saw %s and %d payments %+v; want A-1 and payments %d, %d", inv.Number, len(ps), ps, q.ID, later.ID)
		}
		return domain.Plan{Invoice: inv}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReservePayment(ctx, "NOPE", func(inv domain.Invoice, _ []domain.Payment) (domain.Plan, error) {
		t.Error("decide ran for an unknown invoice")
		return domain.Plan{}, nil
	}); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("reserve for an unknown invoice: %v; want ErrNotFound", err)
	}
}

func testOneActive(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("A-1", 1000))
	reserve(t, s, "A-1", domain.ModeTest, 1000, t0)
	_, err := s.ReservePayment(ctx, "A-1", func(inv domain.Invoice, _ []domain.Payment) (domain.Plan, error) {
		return domain.Plan{Invoice: inv, New: newLink(inv, domain.ModeTest, 1000, t0.Add(time.Second))}, nil
	})
	if !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("a second active test payment: %v; want ErrConflict", err)
	}
	// The other mode has its own slot.
	reserve(t, s, "A-1", domain.ModeLive, 1000, t0.Add(2*time.Second))
	if ps, err := s.Payments(ctx, domain.PaymentFilter{InvoiceNumber: "A-1"}); err != nil || len(ps) != 2 {
		t.Fatalf("payments = %d, %v; want 2", len(ps), err)
	}
}

func testReserveError(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("A-1", 1000))
	refused := errors.New("not today")
	_, err := s.ReservePayment(ctx, "A-1", func(inv domain.Invoice, _ []domain.Payment) (domain.Plan, error) {
		return domain.Plan{Invoice: inv, New: newLink(inv, domain.ModeTest, 1000, t0)}, refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("reserve returned %v, want decide's error", err)
	}
	if ps, err := s.Payments(ctx, domain.PaymentFilter{}); err != nil || len(ps) != 0 {
		t.Fatalf("after a refused plan: %d payments, %v", len(ps), err)
	}
}

// testConcurrentReserve pays one invoice from many goroutines at once, each
// deciding like domain.PlanPayment: reuse an active payment, else insert.
// Exactly one payment may result, and every caller sees it.
func testConcurrentReserve(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("A-1", 1000))
	const n = 20
	var wg sync.WaitGroup
	ids := make(chan int64, n)
	for i := range n {
		wg.Go(func() {
			plan, err := s.ReservePayment(ctx, "A-1", func(inv domain.Invoice, ps []domain.Payment) (domain.Plan, error) {
				for _, p := range ps {
					if p.Active() && p.Mode == domain.ModeTest {
						return domain.Plan{Invoice: inv, Reuse: &p}, nil
					}
				}
				return domain.Plan{Invoice: inv, New: newLink(inv, domain.ModeTest, 1000, t0.Add(time.Duration(i)))}, nil
			})
			switch {
			case err != nil:
				t.Errorf("reserve: %v", err)
			case plan.New != nil:
				ids <- plan.New.ID
			case plan.Reuse != nil:
				ids <- plan.Reuse.ID
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		seen[id] = true
	}
	ps, err := s.Payments(ctx, domain.PaymentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || len(seen) != 1 || !seen[ps[0].ID] {
		t.Fatalf("%d concurrent reserves made %d payments and saw ids %v", n, len(ps), seen)
	}
}

func testUpdateSettles(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("A-1", 10000))
	p := reserve(t, s, "A-1", domain.ModeLive, 10000, t0)
	got := update(t, s, p.ID, func(p *domain.Payment) {
		p.MollieID, p.Status, p.URL = "pl_contract1", domain.StatusOpen, "https://paymentlink.mollie.com/payment/contract1/"
		p.ExpiresAt = t0.Add(30 * 24 * time.Hour)
		p.CheckedAt = t0.Add(time.Second)
		p.Attempts = []domain.Attempt{
			{MollieID: "tr_second", Status: domain.StatusPaid, Method: "ideal", Amount: eur(6000), CreatedAt: t0.Add(2 * time.Minute), PaidAt: t0.Add(3 * time.Minute)},
			{MollieID: "tr_first", Status: domain.StatusFailed, Method: "creditcard", Amount: eur(10000), CreatedAt: t0.Add(time.Minute), FailedAt: t0.Add(time.Minute)},
		}
	})
	if got.MollieID != "pl_contract1" || len(got.Attempts) != 2 || got.Attempts[0].MollieID != "tr_first" || got.Attempts[1].Amount != eur(6000) {
		t.Fatalf("UpdatePayment returned %+v; want the row with its attempts oldest first", got)
	}
	read, err := s.Payment(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !samePayment(read, got) {
		t.Fatalf("read back %+v\nwant       %+v", read, got)
	}
	inv := mustInvoice(t, s, "A-1")
	if inv.Live.Paid != eur(6000) || !inv.Test.Paid.IsZero() || inv.Outstanding(domain.ModeLive) != eur(4000) {
		t.Fatalf("settlement live %+v test %+v", inv.Live, inv.Test)
	}
	if inv.LastPayment == nil || inv.LastPayment.MollieID != "pl_contract1" || inv.LastPayment.Status != domain.StatusOpen {
		t.Fatalf("last payment %+v", inv.LastPayment)
	}
	update(t, s, p.ID, func(p *domain.Payment) {
		p.Attempts[1].AmountRefunded = eur(1000)
		p.Attempts = p.Attempts[1:]
	})
	inv = mustInvoice(t, s, "A-1")
	if inv.Live.Paid != eur(6000) || inv.Live.Refunded != eur(1000) || inv.Live.Net() != eur(5000) {
		t.Fatalf("after a refund: %+v", inv.Live)
	}
	if p, err := s.PaymentByMollieID(ctx, "tr_first"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("a dropped attempt is still found: %+v, %v", p, err)
	}
	// A change that fails writes nothing.
	refused := errors.New("no")
	if _, err := s.UpdatePayment(ctx, p.ID, func(p *domain.Payment) error { p.Status = domain.StatusPaid; return refused }); !errors.Is(err, refused) {
		t.Fatalf("failed change: %v", err)
	}
	if got, _ := s.Payment(ctx, p.ID); got.Status != domain.StatusOpen {
		t.Fatalf("a failed change was written: %s", got.Status)
	}
	if _, err := s.UpdatePayment(ctx, 999999, func(*domain.Payment) error { return nil }); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("update of an unknown payment: %v; want ErrNotFound", err)
	}
}

// samePayment compares payments by value, times by instant.
func samePayment(a, b domain.Payment) bool {
	ta := []time.Time{a.CreatedAt, a.ExpiresAt, a.PaidAt, a.CanceledAt, a.ExpiredAt, a.FailedAt, a.CheckedAt}
	tb := []time.Time{b.CreatedAt, b.ExpiresAt, b.PaidAt, b.CanceledAt, b.ExpiredAt, b.FailedAt, b.CheckedAt}
	for i := range ta {
		if !ta[i].Equal(tb[i]) {
			return false
		}
	}
	if len(a.Attempts) != len(b.Attempts) {
		return false
	}
	for i := range a.Attempts {
		x, y := a.Attempts[i], b.Attempts[i]
		if x.MollieID != y.MollieID || x.Status != y.Status || x.Method != y.Method || x.Amount != y.Amount ||
			x.AmountRefunded != y.AmountRefunded || x.AmountChargedBack != y.AmountChargedBack ||
			!x.CreatedAt.Equal(y.CreatedAt) || !x.PaidAt.Equal(y.PaidAt) || !x.FailedAt.Equal(y.FailedAt) {
			return false
		}
	}
	a.Attempts, b.Attempts = nil, nil
	a.CreatedAt, a.ExpiresAt, a.PaidAt, a.CanceledAt, a.ExpiredAt, a.FailedAt, a.CheckedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	b.CreatedAt, b.ExpiresAt, b.PaidAt, b.CanceledAt, b.ExpiredAt, b.FailedAt, b.CheckedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

func testUpdateRefusals(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("A-1", 1000), Invoice("B-2", 1000))
	a := reserve(t, s, "A-1", domain.ModeTest, 1000, t0)
	b := reserve(t, s, "B-2", domain.ModeTest, 1000, t0)
	update(t, s, a.ID, func(p *domain.Payment) {
		p.MollieID, p.Status = "pl_taken", domain.StatusOpen
		p.Attempts = []domain.Attempt{{MollieID: "tr_taken", Status: domain.StatusOpen, Amount: eur(1000), CreatedAt: t0}}
	})
	for name, change := range map[string]func(*domain.Payment){
		"another invoice":   func(p *domain.Payment) { p.InvoiceID = a.InvoiceID },
		"another id":        func(p *domain.Payment) { p.ID = a.ID },
		"a taken Mollie id": func(p *domain.Payment) { p.MollieID = "pl_taken" },
		"a taken attempt id": func(p *domain.Payment) {
			p.Attempts = []domain.Attempt{{MollieID: "tr_taken", Status: domain.StatusOpen, CreatedAt: t0}}
		},
	} {
		if _, err := s.UpdatePayment(ctx, b.ID, func(p *domain.Payment) error { change(p); return nil }); err == nil {
			t.Errorf("moving payment %d to %s was accepted", b.ID, name)
		}
	}
	// Reopening a finished payment beside an active one breaks the rule too.
	update(t, s, a.ID, func(p *domain.Payment) { p.Status = domain.StatusArchived })
	c := reserve(t, s, "A-1", domain.ModeTest, 1000, t0.Add(time.Minute))
	if _, err := s.UpdatePayment(ctx, a.ID, func(p *domain.Payment) error { p.Status = domain.StatusOpen; return nil }); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("reopening payment %d beside active %d: %v; want ErrConflict", a.ID, c.ID, err)
	}
}

func testDelete(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("A-1", 1000))
	p := reserve(t, s, "A-1", domain.ModeTest, 1000, t0)
	q := reserve(t, s, "A-1", domain.ModeLive, 1000, t0.Add(time.Second))
	update(t, s, q.ID, func(p *domain.Payment) { p.Status, p.MollieID = domain.StatusOpen, "pl_kept" })
	if err := s.DeletePayment(ctx, q.ID); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("deleting an open payment: %v; want ErrConflict", err)
	}
	if err := s.DeletePayment(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Payment(ctx, p.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("deleted payment read back: %v", err)
	}
	if err := s.DeletePayment(ctx, p.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("deleting twice: %v; want ErrNotFound", err)
	}
	if inv := mustInvoice(t, s, "A-1"); inv.LastPayment == nil || inv.LastPayment.ID != q.ID {
		t.Fatalf("last payment after delete = %+v, want %d", inv.LastPayment, q.ID)
	}
	// The slot is free again.
	reserve(t, s, "A-1", domain.ModeTest, 1000, t0.Add(2*time.Second))
}

func testByMollieID(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("A-1", 1000))
	p := reserve(t, s, "A-1", domain.ModeTest, 1000, t0)
	update(t, s, p.ID, func(p *domain.Payment) {
		p.MollieID, p.Status = "pl_found", domain.StatusOpen
		p.Attempts = []domain.Attempt{{MollieID: "tr_under", Status: domain.StatusOpen, Amount: eur(1000), CreatedAt: t0}}
	})
	for _, id := range []string{"pl_found", "tr_under"} {
		got, err := s.PaymentByMollieID(ctx, id)
		if err != nil || got.ID != p.ID {
			t.Fatalf("by %s: %+v, %v; want payment %d", id, got, err, p.ID)
		}
	}
	for _, id := range []string{"pl_missing", ""} {
		if _, err := s.PaymentByMollieID(ctx, id); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("by %q: %v; want ErrNotFound", id, err)
		}
	}
	if _, err := s.Payment(ctx, 999999); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("unknown payment id: %v; want ErrNotFound", err)
	}
}

func testPaymentsFilter(t *testing.T, s domain.Store) {
	ctx := context.Background()
	mustImport(t, s, Invoice("A-1", 1000), Invoice("B-2", 1000))
	a := reserve(t, s, "A-1", domain.ModeTest, 1000, t0)
	update(t, s, a.ID, func(p *domain.Payment) { p.Status = domain.StatusPaid; p.PaidAt = t0 })
	b := reserve(t, s, "A-1", domain.ModeTest, 1000, t0.Add(time.Hour))
	c := reserve(t, s, "B-2", domain.ModeTest, 1000, t0.Add(time.Hour)) // same time as b: the larger id first
	for _, tc := range []struct {
		f    domain.PaymentFilter
		want []int64
	}{
		{domain.PaymentFilter{}, []int64{c.ID, b.ID, a.ID}},
		{domain.PaymentFilter{InvoiceNumber: "A-1"}, []int64{b.ID, a.ID}},
		{domain.PaymentFilter{ActiveOnly: true}, []int64{c.ID, b.ID}},
		{domain.PaymentFilter{Status: domain.StatusPaid}, []int64{a.ID}},
		{domain.PaymentFilter{Since: t0.Add(time.Minute)}, []int64{c.ID, b.ID}},
		{domain.PaymentFilter{Limit: 1}, []int64{c.ID}},
		{domain.PaymentFilter{InvoiceNumber: "NOPE"}, nil},
		{domain.PaymentFilter{BeforeID: c.ID}, []int64{b.ID, a.ID}},
		{domain.PaymentFilter{BeforeID: b.ID, Limit: 1}, []int64{a.ID}},
		{domain.PaymentFilter{BeforeID: a.ID}, nil},
	} {
		ps, err := s.Payments(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, p := range ps {
			got = append(got, p.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("Payments(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}
}

func testLog(t *testing.T, s domain.Store) {
	ctx := context.Background()
	entries := []domain.LogEntry{
		{At: t0, Actor: "alice", Event: domain.EventConnect, Message: "connected to Mollie"},
		{At: t0.Add(time.Second), Level: domain.LevelWarn, InvoiceNumber: "A-1", MollieID: "pl_abc", Event: domain.EventStatus, Message: "Link expired", HTTPStatus: 200},
		{At: t0.Add(2 * time.Second), Level: domain.LevelError, InvoiceNumber: "B-2", Event: domain.EventSync, Message: "100% failed_now", HTTPStatus: 503},
	}
	var ids []int64
	for _, e := range entries {
		got, err := s.AppendLog(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID == 0 || (len(ids) > 0 && got.ID <= ids[len(ids)-1]) {
			t.Fatalf("log ids %v then %d: want increasing", ids, got.ID)
		}
		ids = append(ids, got.ID)
	}
	all, err := s.Log(ctx, domain.LogFilter{})
	if err != nil || len(all) != 3 || all[0].ID != ids[2] || all[2].Level != domain.LevelInfo || !all[1].At.Equal(entries[1].At) ||
		all[1].MollieID != "pl_abc" || all[1].HTTPStatus != 200 || all[2].Actor != "alice" {
		t.Fatalf("log = %+v, %v", all, err)
	}
	for _, tc := range []struct {
		f    domain.LogFilter
		want []int64
	}{
		{domain.LogFilter{InvoiceNumber: "A-1"}, ids[1:2]},
		{domain.LogFilter{Level: domain.LevelWarn}, []int64{ids[2], ids[1]}},
		{domain.LogFilter{Text: "LINK EXP"}, ids[1:2]},
		{domain.LogFilter{Text: "pl_ab"}, ids[1:2]},
		{domain.LogFilter{Text: "100%"}, ids[2:3]},
		{domain.LogFilter{Text: "d_n"}, ids[2:3]},
		{domain.LogFilter{AfterID: ids[0]}, []int64{ids[2], ids[1]}},
		{domain.LogFilter{Limit: 2}, []int64{ids[2], ids[1]}},
		{domain.LogFilter{BeforeID: ids[2], Limit: 1}, ids[1:2]},
		{domain.LogFilter{BeforeID: ids[2]}, []int64{ids[1], ids[0]}},
		{domain.LogFilter{AfterID: ids[0], Limit: 1, Oldest: true}, ids[1:2]},
		{domain.LogFilter{Limit: 2, Oldest: true}, ids[0:2]},
	} {
		es, err := s.Log(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, e := range es {
			got = append(got, e.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("Log(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}
	for _, bad := range []domain.LogEntry{{Event: domain.EventSync, Message: "no time"}, {At: t0, Level: "loud", Event: domain.EventSync}} {
		if _, err := s.AppendLog(ctx, bad); err == nil {
			t.Errorf("log entry %+v was accepted", bad)
		}
	}
}

func testPruneLog(t *testing.T, s domain.Store) {
	ctx := context.Background()
	for i := range 5 {
		if _, err := s.AppendLog(ctx, domain.LogEntry{At: t0.Add(time.Duration(i) * time.Hour), Event: domain.EventSync, Message: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PruneLog(ctx, t0.Add(3*time.Hour), 3)
	if err != nil || n != 2 {
		t.Fatalf("pruned %d, %v; want 2 (older than 3h, beyond the newest 3)", n, err)
	}
	n, err = s.PruneLog(ctx, t0.Add(10*time.Hour), 2)
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1 (the newest 2 stay)", n, err)
	}
	es, _ := s.Log(ctx, domain.LogFilter{})
	if len(es) != 2 || es[0].Message != "4" || es[1].Message != "3" {
		t.Fatalf("after pruning: %+v", es)
	}
	if _, err := s.AppendLog(ctx, domain.LogEntry{At: t0, Event: domain.EventSync}); err != nil {
		t.Fatal(err)
	}
	if es, _ := s.Log(ctx, domain.LogFilter{AfterID: es[0].ID}); len(es) != 1 {
		t.Fatalf("an entry after pruning is not newer than the ones before: %+v", es)
	}
}

func testLeases(t *testing.T, s domain.Store) {
	ctx := context.Background()
	ttl := time.Minute
	if h, _, err := s.Lease(ctx, "sync"); err != nil || h != "" {
		t.Fatalf("free lease held by %q, %v", h, err)
	}
	ok, err := s.AcquireLease(ctx, "sync", "a", t0, ttl)
	if err != nil || !ok {
		t.Fatalf("first acquire: %v, %v", ok, err)
	}
	if h, until, err := s.Lease(ctx, "sync"); err != nil || h != "a" || !until.Equal(t0.Add(ttl)) {
		t.Fatalf("lease = %q until %v, %v", h, until, err)
	}
	if ok, _ := s.AcquireLease(ctx, "sync", "b", t0.Add(ttl), ttl); ok {
		t.Fatal("b took a's lease at its last instant")
	}
	if ok, _ := s.AcquireLease(ctx, "other", "b", t0, ttl); !ok {
		t.Fatal("b could not take another lease")
	}
	if ok, _ := s.AcquireLease(ctx, "sync", "a", t0.Add(30*time.Second), ttl); !ok {
		t.Fatal("a could not renew")
	}
	if err := s.ReleaseLease(ctx, "sync", "b"); err != nil {
		t.Fatal(err)
	}
	if h, _, _ := s.Lease(ctx, "sync"); h != "a" {
		t.Fatalf("b released a's lease: holder %q", h)
	}
	if ok, _ := s.AcquireLease(ctx, "sync", "b", t0.Add(ttl+31*time.Second), ttl); !ok {
		t.Fatal("b could not take a lease that ran out")
	}
	if err := s.ReleaseLease(ctx, "sync", "b"); err != nil {
		t.Fatal(err)
	}
	if h, _, _ := s.Lease(ctx, "sync"); h != "" {
		t.Fatalf("released lease held by %q", h)
	}
	if _, err := s.AcquireLease(ctx, "sync", "", t0, ttl); err == nil {
		t.Fatal("an empty holder took the lease")
	}
}

func testChanges(t *testing.T, s domain.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := s.Changes(ctx, 10*time.Millisecond)
	if err := s.SetSetting(context.Background(), "language", "nl"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
	case <-time.After(deadline):
		t.Fatal("no change signalled after a write")
	}
	cancel()
	for range ch { // closes when ctx ends
	}
}
