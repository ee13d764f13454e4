package persistence

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
)

func TestImportAddsUpdatesAndCounts(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	res := mustImport(t, s, testInvoice("A-1", 1000), testInvoice("A-2", 2000))
	if res != (domain.ImportResult{Added: 2}) {
		t.Fatalf("first import: %+v", res)
	}

	changed := testInvoice("A-2", 2500)
	changed.Customer = "Renamed BV"
	moved := testInvoice("A-1", 1000)
	moved.SourceFile, moved.SourceLine = "other.csv", 40 // where it was read from is not content
	later := t0.Add(time.Hour)
	res, err := s.ImportInvoices(ctx, []domain.Invoice{moved, changed, testInvoice("A-3", 3000)}, later)
	if err != nil {
		t.Fatal(err)
	}
	if res != (domain.ImportResult{Added: 1, Updated: 1, Unchanged: 1}) {
		t.Fatalf("second import: %+v", res)
	}
	got := mustInvoice(t, s, "A-2")
	if got.Total != eur(2500) || got.Customer != "Renamed BV" || !got.UpdatedAt.Equal(later) || !got.ImportedAt.Equal(t0) {
		t.Fatalf("updated invoice: %+v", got)
	}
	if !got.IssueDate.Equal(changed.IssueDate) || !got.DueDate.Equal(changed.DueDate) || got.Kind != domain.KindInvoice {
		t.Fatalf("dates or kind lost: %+v", got)
	}
	if got.Live != (domain.Settlement{Paid: eur(0), Refunded: eur(0), ChargedBack: eur(0)}) || got.LastPayment != nil {
		t.Fatalf("fresh invoice has settlement %+v, last payment %+v", got.Live, got.LastPayment)
	}
}

func TestImportKeepsZeroDueDateAndCreditNotes(t *testing.T) {
	s := openTest(t)
	cn := testInvoice("CN-1", -500)
	cn.Kind, cn.DueDate = domain.KindCreditNote, time.Time{}
	mustImport(t, s, cn)
	got := mustInvoice(t, s, "CN-1")
	if got.Kind != domain.KindCreditNote || !got.DueDate.IsZero() || got.Total != eur(-500) {
		t.Fatalf("credit note: %+v", got)
	}
}

func TestImportKeepsDiscounts(t *testing.T) {
	s := openTest(t)
	inv := testInvoice("SK-1", 10000)
	inv.Discounts = []domain.Discount{{Hundredths: 300, Until: inv.IssueDate.AddDate(0, 0, 7)}, {Hundredths: 200, Until: inv.IssueDate.AddDate(0, 0, 14)}}
	mustImport(t, s, inv)
	if got := mustInvoice(t, s, "SK-1"); !domain.SameDiscounts(got.Discounts, inv.Discounts) || got.Customer != inv.Customer {
		t.Fatalf("discounts %v read back as %v (%+v)", inv.Discounts, got.Discounts, got)
	}
	if res := mustImport(t, s, inv); res != (domain.ImportResult{Unchanged: 1}) {
		t.Errorf("the same discounts again: %+v", res)
	}
	inv.Discounts = inv.Discounts[1:]
	if res := mustImport(t, s, inv); res != (domain.ImportResult{Updated: 1}) {
		t.Errorf("one discount less: %+v", res)
	}
	if got := mustInvoice(t, s, "SK-1"); !domain.SameDiscounts(got.Discounts, inv.Discounts) {
		t.Errorf("after the update: %v", got.Discounts)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("A-1", 1000))

	bad := testInvoice("A-3", 3000)
	bad.Total = domain.NewMoney(3000, "USD") // not the invoice's currency
	_, err := s.ImportInvoices(ctx, []domain.Invoice{testInvoice("A-2", 2000), testInvoice("A-1", 1111), bad}, t0)
	if err == nil || !strings.Contains(err.Error(), "A-3") {
		t.Fatalf("err = %v, want the invalid invoice named", err)
	}
	invs, _ := s.Invoices(ctx, domain.InvoiceFilter{})
	if len(invs) != 1 || invs[0].Total != eur(1000) {
		t.Fatalf("a failed import changed the store: %+v", invs)
	}
}

func TestImportRefusesDifferentDuplicatesInOneBatch(t *testing.T) {
	s := openTest(t)
	a, b := testInvoice("A-1", 1000), testInvoice("A-1", 2000)
	b.SourceLine = 9
	if _, err := s.ImportInvoices(context.Background(), []domain.Invoice{a, b}, t0); err == nil || !strings.Contains(err.Error(), "import_twice [invoices.csv, 9, A-1, invoices.csv, 2]") {
		t.Fatalf("err = %v, want both places named", err)
	}
	res := mustImport(t, s, a, a)
	if res != (domain.ImportResult{Added: 1, Unchanged: 1}) {
		t.Fatalf("identical repeat: %+v", res)
	}
}

func TestImportRefusesAmountChangesUnderPayments(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("A-1", 1000), testInvoice("A-2", 2000), testInvoice("A-3", 3000))
	reserve(t, s, "A-1", domain.ModeLive, t0)
	reserve(t, s, "A-2", domain.ModeTest, t0)

	total := testInvoice("A-1", 1200)
	prepaid := testInvoice("A-2", 2000)
	prepaid.PaidOutside = eur(500)
	prepaid.SourceLine = 3
	free := testInvoice("A-3", 3300) // no payments: may change
	_, err := s.ImportInvoices(ctx, []domain.Invoice{total, prepaid, free, testInvoice("A-4", 4000)}, t0)
	var conflict *domain.ImportConflictError
	if !errors.As(err, &conflict) || !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("err = %v, want *ImportConflictError", err)
	}
	if len(conflict.Conflicts) != 2 {
		t.Fatalf("conflicts = %+v, want A-1 and A-2", conflict.Conflicts)
	}
	c1, c2 := conflict.Conflicts[0], conflict.Conflicts[1]
	if c1.Number != "A-1" || len(c1.Changes) != 1 || c1.Changes[0].String() != "import.change.total [EUR 10.00, EUR 12.00]" ||
		c1.SourceFile != "invoices.csv" || c1.SourceLine != 2 {
		t.Errorf("first conflict: %+v", c1)
	}
	if c2.Number != "A-2" || len(c2.Changes) != 1 || c2.Changes[0].Key != "import.change.prepaid" || c2.SourceLine != 3 {
		t.Errorf("second conflict: %+v", c2)
	}
	if inv := mustInvoice(t, s, "A-3"); inv.Total != eur(3000) {
		t.Fatalf("a refused import still changed A-3: %+v", inv)
	}
	if _, err := s.Invoice(ctx, "A-4"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("a refused import still added A-4: %v", err)
	}

	// The same amounts with other details go through.
	renamed := testInvoice("A-1", 1000)
	renamed.Customer, renamed.DueDate = "New name", renamed.DueDate.AddDate(0, 0, 14)
	res := mustImport(t, s, renamed, free)
	if res != (domain.ImportResult{Updated: 2}) {
		t.Fatalf("import without amount changes: %+v", res)
	}
	if inv := mustInvoice(t, s, "A-1"); inv.Customer != "New name" || inv.LastPayment == nil {
		t.Fatalf("A-1 after update: %+v", inv)
	}
}

func TestReimportKeepsPaymentsRecordedByHand(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	doc := testInvoice("A-1", 10000)
	doc.PaidOutside = eur(1000)
	mustImport(t, s, doc)
	inv, err := s.RecordExternalPayment(ctx, domain.ExternalPayment{InvoiceNumber: "A-1", Amount: eur(2500), Note: "bank transfer", Actor: "anna", At: t0})
	if err != nil {
		t.Fatal(err)
	}
	if inv.PaidOutside != eur(3500) || inv.Outstanding(domain.ModeLive) != eur(6500) {
		t.Fatalf("after recording: paid outside %s, outstanding %s", inv.PaidOutside, inv.Outstanding(domain.ModeLive))
	}

	doc.PaidOutside = eur(2000) // the document now says more was prepaid
	if res := mustImport(t, s, doc); res.Updated != 1 {
		t.Fatalf("re-import: %+v", res)
	}
	if got := mustInvoice(t, s, "A-1"); got.PaidOutside != eur(4500) {
		t.Fatalf("paid outside after re-import = %s, want EUR 45.00 (20.00 prepaid + 25.00 recorded)", got.PaidOutside)
	}
	if res := mustImport(t, s, doc); res.Unchanged != 1 {
		t.Fatalf("identical re-import: %+v", res)
	}

	usd := doc
	usd.Currency, usd.Total, usd.PaidOutside = "USD", domain.NewMoney(10000, "USD"), domain.Zero("USD")
	if _, err := s.ImportInvoices(ctx, []domain.Invoice{usd}, t0); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("currency change under recorded payments: err = %v", err)
	}
}

func TestRecordExternalPaymentChecks(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("A-1", 1000))
	for name, p := range map[string]domain.ExternalPayment{
		"unknown invoice": {InvoiceNumber: "NOPE", Amount: eur(1), At: t0},
		"other currency":  {InvoiceNumber: "A-1", Amount: domain.NewMoney(1, "USD"), At: t0},
		"zero":            {InvoiceNumber: "A-1", Amount: eur(0), At: t0},
		"no time":         {InvoiceNumber: "A-1", Amount: eur(1)},
	} {
		if _, err := s.RecordExternalPayment(ctx, p); err == nil {
			t.Errorf("%s: recorded", name)
		}
	}
	if _, err := s.RecordExternalPayment(ctx, domain.ExternalPayment{InvoiceNumber: "NOPE", Amount: eur(1), At: t0}); !errors.Is(err, domain.ErrNotFound) || !strings.Contains(err.Error(), "NOPE") {
		t.Errorf("unknown invoice: err = %v", err)
	}
	if inv := mustInvoice(t, s, "A-1"); !inv.PaidOutside.IsZero() {
		t.Fatalf("a refused record changed the invoice: %+v", inv)
	}
}

func TestInvoicesOrderAndFilter(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustImport(t, s, testInvoice("B-2", 1), testInvoice("A-1", 1), testInvoice("C-3", 1))
	all, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if numbers(all) != "A-1 B-2 C-3" {
		t.Fatalf("all = %s", numbers(all))
	}
	some, err := s.Invoices(ctx, domain.InvoiceFilter{Numbers: []string{"C-3", "A-1", "X-9"}})
	if err != nil {
		t.Fatal(err)
	}
	if numbers(some) != "A-1 C-3" {
		t.Fatalf("filtered = %s", numbers(some))
	}
	none, err := s.Invoices(ctx, domain.InvoiceFilter{Numbers: []string{}})
	if err != nil || len(none) != 0 {
		t.Fatalf("empty filter = %v, %v", none, err)
	}
	if _, err := s.Invoice(ctx, "X-9"); !errors.Is(err, domain.ErrNotFound) || !strings.Contains(err.Error(), "X-9") {
		t.Fatalf("Invoice(X-9) err = %v", err)
	}
}

func numbers(invs []domain.Invoice) string {
	var b []string
	for _, inv := range invs {
		b = append(b, inv.Number)
	}
	return strings.Join(b, " ")
}

func TestImportRefusesTimesOutsideTheColumnRange(t *testing.T) {
	s := openTest(t)
	inv := testInvoice("A-1", 1000)
	inv.IssueDate = time.Date(202, 1, 1, 0, 0, 0, 0, time.UTC) // a typo for 2026
	inv.DueDate = time.Time{}
	_, err := s.ImportInvoices(context.Background(), []domain.Invoice{inv}, t0)
	var refused, why *domain.Error
	if !errors.As(err, &refused) || refused.Why != domain.WhyImportInvalid || !errors.As(refused.Err, &why) ||
		why.Why != domain.WhyTimeRange || !why.Facts[0].(time.Time).Equal(inv.IssueDate) {
		t.Fatalf("err = %v", err)
	}
	if words := i18n.New("en").Err(err); !strings.Contains(words, "outside the years 1678 to 2261") {
		t.Errorf("in words: %s", words)
	}
}

// A number a run added is found by the run's later batches, whether the
// book was empty when the run began (then only numbers the run added are
// looked up) or not: the same invoice again is unchanged, a changed one
// updated, and one that differs only by letter case refused.
func TestImportFindsWhatEarlierBatchesAdded(t *testing.T) {
	ctx := context.Background()
	batches := func(bs ...[]domain.Invoice) func() ([]domain.Invoice, error) {
		return func() ([]domain.Invoice, error) {
			if len(bs) == 0 {
				return nil, nil
			}
			b := bs[0]
			bs = bs[1:]
			return b, nil
		}
	}
	for _, stored := range []bool{false, true} {
		s := openTest(t)
		if stored {
			mustImport(t, s, testInvoice("Z-1", 500))
		}
		res, err := s.ImportBatches(ctx, t0, batches(
			[]domain.Invoice{testInvoice("A-1", 1000), testInvoice("A-2", 2000)},
			[]domain.Invoice{testInvoice("A-1", 1000), testInvoice("A-2", 2500), testInvoice("A-3", 3000)}))
		if err != nil || res != (domain.ImportResult{Added: 3, Updated: 1, Unchanged: 1}) {
			t.Fatalf("stored before %v: %+v, %v", stored, res, err)
		}
		if got := mustInvoice(t, s, "A-2"); got.Total != eur(2500) {
			t.Fatalf("stored before %v: A-2 total %s, want the later batch's", stored, got.Total)
		}
		_, err = s.ImportBatches(ctx, t0, batches(
			[]domain.Invoice{testInvoice("B-1", 1000)}, []domain.Invoice{testInvoice("b-1", 1000)}))
		if err == nil || !strings.Contains(err.Error(), "b-1") {
			t.Fatalf("stored before %v: err = %v, want the clash of b-1 with B-1", stored, err)
		}
		if _, err := s.Invoice(ctx, "B-1"); err == nil {
			t.Fatalf("stored before %v: a refused run kept B-1", stored)
		}
	}
	// On an empty book, too.
	s := openTest(t)
	_, err := s.ImportBatches(ctx, t0, batches(
		[]domain.Invoice{testInvoice("C-1", 1000)}, []domain.Invoice{testInvoice("c-1", 1000)}))
	if err == nil || !strings.Contains(err.Error(), "c-1") {
		t.Fatalf("empty book: err = %v, want the clash of c-1 with C-1", err)
	}
}
