package persistence

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// The text columns of an invoice and of its last payment come back joined
// and are cut apart by byte length: multi-byte characters, empty fields and
// a payment without a Mollie id must all land in their own fields.
func TestInvoicesReadEveryField(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	inv := domain.Invoice{
		Number: "Ü-2026/01", Customer: "Müller & Söhne – Zweigstelle Süd", Email: "", Currency: "JPY",
		Total: domain.NewMoney(150000, "JPY"), PaidOutside: domain.NewMoney(1000, "JPY"),
		IssueDate: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), DueDate: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Kind: domain.KindCreditNote, SourceFile: "März/Rechnungen – ü.xml", SourceLine: 70000,
	}
	other := testInvoice("A-1", 5000)
	mustImport(t, s, inv, other)
	received := t0.Add(time.Hour)
	if _, err := s.RecordExternalPayment(ctx, domain.ExternalPayment{InvoiceNumber: "A-1", Amount: eur(700), At: received}); err != nil {
		t.Fatal(err)
	}
	creating := reserve(t, s, "A-1", domain.ModeTest, t0)
	plan, err := s.ReservePayment(ctx, "Ü-2026/01", alwaysNew(domain.ModeLive, t0))
	if err != nil {
		t.Fatal(err)
	}
	link := *plan.New
	update(t, s, link.ID, func(p *domain.Payment) {
		p.MollieID, p.Status, p.URL = "pl_ü1", "späť", "https://paymentlink.mollie.com/payment/ü1"
	})

	want := inv
	want.PaidOutside = domain.NewMoney(1000, "JPY")
	want.ImportedAt, want.UpdatedAt = t0, t0
	want.Live = domain.Settlement{Paid: domain.Zero("JPY"), Refunded: domain.Zero("JPY"), ChargedBack: domain.Zero("JPY")}
	want.Test = want.Live
	want.LastPayment = &domain.PaymentRef{ID: link.ID, MollieID: "pl_ü1", Kind: domain.KindLink, Mode: domain.ModeLive, Status: "späť",
		URL: "https://paymentlink.mollie.com/payment/ü1"}
	all, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("Invoices: %d, %v", len(all), err)
	}
	got := all[1]
	got.ID = 0
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read\n%+v\n%+v\nwant\n%+v\n%+v", got, got.LastPayment, want, want.LastPayment)
	}

	a := all[0]
	if a.Number != "A-1" || a.Customer != other.Customer || a.Email != other.Email || a.Currency != "EUR" || a.Kind != domain.KindInvoice ||
		a.SourceFile != other.SourceFile || a.PaidOutside != eur(700) || !a.ImportedAt.Equal(t0) || !a.UpdatedAt.Equal(received) {
		t.Fatalf("A-1 read as %+v", a)
	}
	if lp := a.LastPayment; lp == nil || lp.ID != creating.ID || lp.MollieID != "" || lp.Status != domain.StatusCreating ||
		lp.Kind != domain.KindLink || lp.Mode != domain.ModeTest || lp.URL != "" {
		t.Fatalf("A-1's payment being created read as %+v", lp)
	}
}
