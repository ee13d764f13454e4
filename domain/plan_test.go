package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func linkRequest() PaymentRequest {
	return PaymentRequest{Kind: KindLink, Mode: ModeTest, Actor: "anna", Now: t0,
		IdempotencyKey: "5f0c8f4e-8f7d-4c1e-9a57-3f3a3e0c2b11", Expiry: LinkExpiry{DueDate: true}}
}

func activeLink(amount int64) Payment {
	return Payment{ID: 3, InvoiceID: 7, InvoiceNumber: "INV-2026-001", Kind: KindLink, Mode: ModeTest,
		MollieID: "pl_old", Amount: eur(amount), URL: "https://payment-links.mollie.com/payment/old",
		Status: StatusOpen, CreatedAt: t0.Add(-time.Hour), ExpiresAt: t0.AddDate(0, 0, 14)}
}

func TestPlanPaymentRefuses(t *testing.T) {
	tests := []struct {
		name string
		inv  Invoice
		says string
	}{
		{"credit note", credit(testInvoice(-5000, 0)), "credit_note"},
		{"credit note with a positive amount", credit(testInvoice(5000, 0)), "credit_note"},
		{"currency Mollie does not take", func() Invoice {
			i := testInvoice(0, 0)
			i.Currency, i.Total, i.PaidOutside = "KRW", NewMoney(50000, "KRW"), Zero("KRW")
			return i
		}(), "currency_unsupported [INV-2026-001, KRW]"},
		{"zero invoice", testInvoice(0, 0), "zero_invoice"},
		{"fully paid outside", testInvoice(10000, 10000), "fully_paid"},
		{"fully paid through Mollie", with(testInvoice(10000, 4000), Settlement{}, settled(6000, 0, 0)), "fully_paid"},
		{"overpaid", testInvoice(10000, 10500), "overpaid [INV-2026-001, EUR 5.00]"},
	}
	for _, tt := range tests {
		plan, err := PlanPayment(tt.inv, nil, linkRequest())
		if err == nil {
			t.Errorf("%s: planned %+v, want a refusal", tt.name, plan)
			continue
		}
		if !errors.Is(err, ErrNotPayable) {
			t.Errorf("%s: %v does not wrap ErrNotPayable", tt.name, err)
		}
		if !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), tt.inv.Number) {
			t.Errorf("%s: %q does not say %q about %s", tt.name, err, tt.says, tt.inv.Number)
		}
		if plan.New != nil || plan.Reuse != nil || plan.Replace != nil {
			t.Errorf("%s: a refusal still planned something: %+v", tt.name, plan)
		}
	}
	// A refusal wins over an active payment: nothing is handed out for an
	// invoice that is paid.
	if _, err := PlanPayment(testInvoice(10000, 10000), []Payment{activeLink(10000)}, linkRequest()); !errors.Is(err, ErrNotPayable) {
		t.Errorf("fully paid invoice with an active link: %v, want ErrNotPayable", err)
	}
}

func TestPlanPaymentNew(t *testing.T) {
	inv := testInvoice(10000, 4000)
	req := linkRequest()
	plan, err := PlanPayment(inv, nil, req)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Reuse != nil || plan.Replace != nil || plan.New == nil {
		t.Fatalf("plan = %+v, want only New", plan)
	}
	want := Payment{InvoiceID: 7, InvoiceNumber: "INV-2026-001", Kind: KindLink, Mode: ModeTest,
		IdempotencyKey: req.IdempotencyKey, Description: "INV-2026-001 – Acme B.V.", Amount: eur(6000),
		Status: StatusCreating, Actor: "anna", CreatedAt: t0, ExpiresAt: inv.DueDate.Add(24*time.Hour - time.Second)}
	if got := *plan.New; !equalPayments(got, want) {
		t.Errorf("New =\n%+v\nwant\n%+v", got, want)
	}
	if plan.Invoice.Number != inv.Number {
		t.Errorf("plan.Invoice = %q", plan.Invoice.Number)
	}
}

func equalPayments(a, b Payment) bool {
	return a.ID == b.ID && a.InvoiceID == b.InvoiceID && a.InvoiceNumber == b.InvoiceNumber && a.Kind == b.Kind &&
		a.Mode == b.Mode && a.MollieID == b.MollieID && a.IdempotencyKey == b.IdempotencyKey &&
		a.Description == b.Description && a.Amount == b.Amount && a.URL == b.URL && a.Status == b.Status &&
		a.Actor == b.Actor && a.CreatedAt.Equal(b.CreatedAt) && a.ExpiresAt.Equal(b.ExpiresAt)
}

func TestPlanPaymentWithExistingPayments(t *testing.T) {
	inv := testInvoice(10000, 4000) // 60.00 owed
	creating := activeLink(6000)
	creating.Status, creating.MollieID, creating.URL = StatusCreating, "", ""
	expired := activeLink(6000)
	expired.ExpiresAt = t0
	live := activeLink(6000)
	live.Mode = ModeLive
	liveOther := activeLink(9999)
	liveOther.Mode = ModeLive
	paid := activeLink(6000)
	paid.Status = StatusPaid
	archived := activeLink(10000)
	archived.Status = StatusArchived
	pending := activeLink(6000)
	pending.Status = StatusPending
	checkout := activeLink(6000)
	checkout.Kind, checkout.MollieID = KindCheckout, "tr_open"
	checkoutOther := checkout
	checkoutOther.Amount = eur(10000)
	ranOutCheckout := checkout
	ranOutCheckout.ExpiresAt = t0.Add(-time.Minute)
	unknown := activeLink(6000)
	unknown.Status = "processing"
	neverExpires := activeLink(6000)
	neverExpires.ExpiresAt = time.Time{}

	tests := []struct {
		name     string
		payments []Payment
		kind     PaymentKind
		want     string // reuse, replace, new, refuse
		which    *Payment
	}{
		{"same amount: reuse", []Payment{activeLink(6000)}, KindLink, "reuse", nil},
		{"same amount, link that never expires: reuse", []Payment{neverExpires}, KindLink, "reuse", nil},
		{"pending attempt, same amount: reuse", []Payment{pending}, KindLink, "reuse", nil},
		{"unknown status, same amount: reuse", []Payment{unknown}, KindLink, "reuse", nil},
		{"amount changed: replace", []Payment{activeLink(10000)}, KindLink, "replace", nil},
		{"link ran out: replace although the amount is right", []Payment{expired}, KindLink, "replace", nil},
		{"still being created: reuse it", []Payment{creating}, KindLink, "reuse", nil},
		{"being created, other amount: still complete it", []Payment{func() Payment { p := creating; p.Amount = eur(1); return p }()}, KindLink, "reuse", nil},
		{"other mode is ignored", []Payment{live}, KindLink, "new", nil},
		{"other mode with another amount is not replaced", []Payment{liveOther}, KindLink, "new", nil},
		{"final rows are ignored", []Payment{paid, archived}, KindLink, "new", nil},
		{"old archived plus active", []Payment{archived, activeLink(6000)}, KindLink, "reuse", nil},
		{"checkout for the same amount: reuse", []Payment{checkout}, KindCheckout, "reuse", nil},
		{"checkout asked while a link asks the same: replace the link", []Payment{activeLink(6000)}, KindCheckout, "replace", nil},
		{"open checkout of another amount cannot be withdrawn", []Payment{checkoutOther}, KindCheckout, "refuse", nil},
		{"checkout ran out: check it, then ask again", []Payment{ranOutCheckout}, KindCheckout, "replace", nil},
		{"checkout of another amount ran out: no refusal", []Payment{func() Payment { p := ranOutCheckout; p.Amount = eur(1); return p }()}, KindLink, "replace", nil},
		{"open checkout, link asked", []Payment{checkout}, KindLink, "refuse", nil},
	}
	for _, tt := range tests {
		req := linkRequest()
		req.Kind = tt.kind
		plan, err := PlanPayment(inv, tt.payments, req)
		got := "new"
		switch {
		case err != nil:
			got = "refuse"
			if !errors.Is(err, ErrNotPayable) {
				t.Errorf("%s: %v does not wrap ErrNotPayable", tt.name, err)
			}
		case plan.Reuse != nil:
			got = "reuse"
		case plan.Replace != nil:
			got = "replace"
		}
		if got != tt.want {
			t.Errorf("%s: %s (plan %+v, err %v), want %s", tt.name, got, plan, err, tt.want)
			continue
		}
		n := 0
		for _, p := range []*Payment{plan.New, plan.Reuse, plan.Replace} {
			if p != nil {
				n++
			}
		}
		if err == nil && n != 1 {
			t.Errorf("%s: plan has %d parts, want exactly one: %+v", tt.name, n, plan)
		}
		if plan.New != nil && (plan.New.Amount != eur(6000) || plan.New.Mode != ModeTest || plan.New.Status != StatusCreating) {
			t.Errorf("%s: New = %+v", tt.name, *plan.New)
		}
	}
}

// The plan hands out copies, not pointers into the caller's slice.
func TestPlanPaymentReuseIsACopy(t *testing.T) {
	ps := []Payment{activeLink(6000)}
	plan, err := PlanPayment(testInvoice(10000, 4000), ps, linkRequest())
	if err != nil || plan.Reuse == nil {
		t.Fatalf("plan %+v, %v", plan, err)
	}
	plan.Reuse.Status = StatusPaid
	if ps[0].Status != StatusOpen {
		t.Error("changing the plan changed the caller's payment")
	}
}

func TestPlanPaymentExpiry(t *testing.T) {
	inv := testInvoice(10000, 0) // due in 14 days
	endOfDue := inv.DueDate.Add(24*time.Hour - time.Second)
	pastDue := inv
	pastDue.DueDate = Date(t0.AddDate(0, 0, -1))
	dueToday := inv
	dueToday.DueDate = Date(t0)
	noDue := inv
	noDue.DueDate = time.Time{}
	now := t0.Add(123456789 * time.Nanosecond)
	tests := []struct {
		name   string
		inv    Invoice
		expiry LinkExpiry
		kind   PaymentKind
		want   time.Time
	}{
		{"due date in the future", inv, LinkExpiry{DueDate: true}, KindLink, endOfDue},
		{"due today: valid through the day", dueToday, LinkExpiry{DueDate: true}, KindLink, Date(t0).Add(24*time.Hour - time.Second)},
		{"due date passed: never", pastDue, LinkExpiry{DueDate: true}, KindLink, time.Time{}},
		{"no due date: never", noDue, LinkExpiry{DueDate: true}, KindLink, time.Time{}},
		{"never", inv, LinkExpiry{}, KindLink, time.Time{}},
		{"30 days, whole seconds", inv, LinkExpiry{Days: 30}, KindLink, t0.AddDate(0, 0, 30)},
		{"1 day, past due", pastDue, LinkExpiry{Days: 1}, KindLink, t0.AddDate(0, 0, 1)},
		{"checkout: Mollie decides", inv, LinkExpiry{DueDate: true}, KindCheckout, time.Time{}},
	}
	for _, tt := range tests {
		req := linkRequest()
		req.Now, req.Expiry, req.Kind = now, tt.expiry, tt.kind
		plan, err := PlanPayment(tt.inv, nil, req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := plan.New.ExpiresAt; !got.Equal(tt.want) {
			t.Errorf("%s: ExpiresAt = %v, want %v", tt.name, got, tt.want)
		}
		if got := plan.New.ExpiresAt; !got.IsZero() && !got.After(now) {
			t.Errorf("%s: a new link would expire at %v, not after now %v", tt.name, got, now)
		}
	}
}

func TestDescription(t *testing.T) {
	inv := testInvoice(100, 0)
	if got := Description(inv); got != "INV-2026-001 – Acme B.V." {
		t.Errorf("Description = %q", got)
	}
	inv.Customer = ""
	if got := Description(inv); got != "INV-2026-001" {
		t.Errorf("Description without customer = %q", got)
	}
	for _, customer := range []string{strings.Repeat("x", 300), strings.Repeat("ü", 300), strings.Repeat("日本", 200)} {
		inv.Customer = customer
		got := Description(inv)
		if n := utf8.RuneCountInString(got); n != 255 {
			t.Errorf("long description has %d characters, want 255", n)
		}
		if !utf8.ValidString(got) {
			t.Errorf("truncation broke a character: %q", got)
		}
		if !strings.HasPrefix(got, "INV-2026-001 – ") || !strings.HasSuffix(got, "…") {
			t.Errorf("long description %q does not start with the number and end with …", got)
		}
	}
	inv.Customer = strings.Repeat("y", 255-len([]rune("INV-2026-001 – ")))
	if got := Description(inv); utf8.RuneCountInString(got) != 255 || strings.HasSuffix(got, "…") {
		t.Errorf("a description of exactly 255 characters was changed: %q", got)
	}
}
