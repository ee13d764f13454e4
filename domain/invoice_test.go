package domain

import (
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func eur(minor int64) Money { return NewMoney(minor, "EUR") }

func settled(paid, refunded, chargedBack int64) Settlement {
	return Settlement{Paid: eur(paid), Refunded: eur(refunded), ChargedBack: eur(chargedBack)}
}

// testInvoice is a plain EUR invoice of total (minor units) with outside paid.
func testInvoice(total, outside int64) Invoice {
	return Invoice{ID: 7, Number: "INV-2026-001", Customer: "Acme B.V.", Currency: "EUR",
		Total: eur(total), PaidOutside: eur(outside), Kind: KindInvoice,
		IssueDate: Date(t0.AddDate(0, 0, -14)), DueDate: Date(t0.AddDate(0, 0, 14))}
}

func TestOutstanding(t *testing.T) {
	tests := []struct {
		name       string
		inv        Invoice
		live, test int64
	}{
		{"nothing paid", testInvoice(10000, 0), 10000, 10000},
		{"paid outside", testInvoice(10000, 4000), 6000, 6000},
		{"paid live through Mollie", with(testInvoice(10000, 4000), settled(6000, 0, 0), Settlement{}), 0, 6000},
		{"paid in test only", with(testInvoice(10000, 4000), Settlement{}, settled(6000, 0, 0)), 6000, 0},
		{"partly refunded", with(testInvoice(10000, 4000), settled(6000, 1000, 0), Settlement{}), 1000, 6000},
		{"charged back", with(testInvoice(10000, 4000), settled(6000, 0, 6000), Settlement{}), 6000, 6000},
		{"refunded and charged back", with(testInvoice(10000, 0), settled(10000, 2500, 2500), settled(10000, 0, 0)), 5000, 0},
		{"overpaid outside", testInvoice(10000, 12000), -2000, -2000},
		{"overpaid through Mollie", with(testInvoice(10000, 4000), settled(10000, 0, 0), Settlement{}), -4000, 6000},
		{"zero invoice", testInvoice(0, 0), 0, 0},
		{"credit note", credit(testInvoice(-5000, 0)), -5000, -5000},
		{"no outside payment recorded", func() Invoice { i := testInvoice(2500, 0); i.PaidOutside = Money{}; return i }(), 2500, 2500},
	}
	for _, tt := range tests {
		if got := tt.inv.Outstanding(ModeLive); got != eur(tt.live) {
			t.Errorf("%s: Outstanding(live) = %v, want %v", tt.name, got, eur(tt.live))
		}
		if got := tt.inv.Outstanding(ModeTest); got != eur(tt.test) {
			t.Errorf("%s: Outstanding(test) = %v, want %v", tt.name, got, eur(tt.test))
		}
		for _, mode := range []Mode{ModeLive, ModeTest} {
			if sum := tt.inv.Paid(mode).Add(tt.inv.Outstanding(mode)); sum != tt.inv.Total {
				t.Errorf("%s: Paid(%s) + Outstanding(%s) = %v, want the total %v", tt.name, mode, mode, sum, tt.inv.Total)
			}
		}
	}
}

func with(inv Invoice, live, test Settlement) Invoice {
	inv.Live, inv.Test = live, test
	return inv
}

func credit(inv Invoice) Invoice {
	inv.Kind = KindCreditNote
	return inv
}

func TestPayableAndOverdue(t *testing.T) {
	due := Date(t0)
	inv := testInvoice(10000, 0)
	inv.DueDate = due
	tests := []struct {
		name             string
		inv              Invoice
		today            time.Time
		payable, overdue bool
	}{
		{"due today", inv, t0, true, false},
		{"due today, late evening", inv, due.Add(23*time.Hour + 59*time.Minute), true, false},
		{"a day late", inv, t0.AddDate(0, 0, 1), true, true},
		{"a day late, just after midnight", inv, due.Add(24 * time.Hour), true, true},
		{"a day late, seen from Amsterdam", inv, time.Date(2026, 3, 11, 0, 30, 0, 0, time.FixedZone("CET", 3600)), true, true},
		{"before the due date", inv, t0.AddDate(0, 0, -3), true, false},
		{"no due date", func() Invoice { i := inv; i.DueDate = time.Time{}; return i }(), t0.AddDate(1, 0, 0), true, false},
		{"late but paid outside", func() Invoice { i := inv; i.PaidOutside = eur(10000); return i }(), t0.AddDate(0, 1, 0), false, false},
		{"late but paid live", with(inv, settled(10000, 0, 0), Settlement{}), t0.AddDate(0, 1, 0), false, false},
		{"late and refunded", with(inv, settled(10000, 10000, 0), Settlement{}), t0.AddDate(0, 1, 0), true, true},
		{"late and overpaid", func() Invoice { i := inv; i.PaidOutside = eur(20000); return i }(), t0.AddDate(0, 1, 0), false, false},
		{"late credit note", credit(func() Invoice { i := inv; i.Total = eur(-100); return i }()), t0.AddDate(0, 1, 0), false, false},
		{"credit note with a positive total", credit(inv), t0.AddDate(0, 1, 0), false, false},
		{"zero invoice", func() Invoice { i := inv; i.Total = eur(0); return i }(), t0.AddDate(0, 1, 0), false, false},
	}
	for _, tt := range tests {
		if got := tt.inv.Payable(ModeLive); got != tt.payable {
			t.Errorf("%s: Payable = %v, want %v", tt.name, got, tt.payable)
		}
		if got := tt.inv.Overdue(ModeLive, tt.today); got != tt.overdue {
			t.Errorf("%s: Overdue = %v, want %v", tt.name, got, tt.overdue)
		}
	}
	// A test payment settles nothing in live mode.
	testPaid := with(inv, Settlement{}, settled(10000, 0, 0))
	if !testPaid.Payable(ModeLive) || testPaid.Payable(ModeTest) {
		t.Error("a test payment changed what is payable in live mode, or did not settle test mode")
	}
	if !testPaid.Overdue(ModeLive, t0.AddDate(0, 0, 2)) || testPaid.Overdue(ModeTest, t0.AddDate(0, 0, 2)) {
		t.Error("a test payment changed what is overdue in live mode, or did not settle test mode")
	}
}

func TestInvoiceValidate(t *testing.T) {
	ok := testInvoice(10000, 0)
	if errs := ok.Validate(); len(errs) != 0 {
		t.Fatalf("a valid invoice: %v", errs)
	}
	// A due date before the issue date is odd but the document's word:
	// importers warn about it, and the invoice is still valid.
	early := ok
	early.DueDate = early.IssueDate.AddDate(0, 0, -1)
	if errs := early.Validate(); len(errs) != 0 {
		t.Errorf("an invoice due before its issue date: %v", errs)
	}
	noOutside := ok
	noOutside.PaidOutside = Money{}
	if errs := noOutside.Validate(); len(errs) != 0 {
		t.Errorf("an invoice without outside payment: %v", errs)
	}
	tests := []struct {
		field  string
		change func(*Invoice)
	}{
		{"number", func(i *Invoice) { i.Number = "" }},
		{"currency", func(i *Invoice) { i.Currency, i.Total, i.PaidOutside = "eur", NewMoney(1, "eur"), NewMoney(0, "eur") }},
		{"total", func(i *Invoice) { i.Total = NewMoney(100, "USD") }},
		{"paid", func(i *Invoice) { i.PaidOutside = NewMoney(100, "USD") }},
		{"kind", func(i *Invoice) { i.Kind = "receipt" }},
		{"discount", func(i *Invoice) { i.Discounts = []Discount{{Hundredths: 10000, Until: i.IssueDate}} }},
		{"discount", func(i *Invoice) { i.Discounts = []Discount{{Hundredths: 200}} }},
	}
	for _, tt := range tests {
		inv := ok
		tt.change(&inv)
		errs := inv.Validate()
		if len(errs) != 1 || errs[0].Field != tt.field {
			t.Errorf("%s broken: Validate() = %v, want one problem with %s", tt.field, errs, tt.field)
			continue
		}
		if msg := errs[0].Error(); !strings.HasPrefix(msg, tt.field+": ") || len(msg) < len(tt.field)+10 {
			t.Errorf("%s: message %q does not explain the problem", tt.field, msg)
		}
	}
}

func TestDate(t *testing.T) {
	in := time.Date(2026, 3, 10, 23, 30, 0, 0, time.FixedZone("X", -5*3600))
	if got, want := Date(in), time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Date(%v) = %v, want %v", in, got, want)
	}
}

func TestDiscountsRoundTrip(t *testing.T) {
	ds := []Discount{{Hundredths: 300, Until: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}, {Hundredths: 225, Until: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)}}
	s := FormatDiscounts(ds)
	if s != "300@2026-11-02;225@2026-11-09" {
		t.Fatalf("FormatDiscounts = %q", s)
	}
	back, err := ParseDiscounts(s)
	if err != nil || !SameDiscounts(ds, back) {
		t.Fatalf("ParseDiscounts(%q) = %v, %v", s, back, err)
	}
	if ds[1].Percent() != "2.25" {
		t.Errorf("Percent = %q", ds[1].Percent())
	}
	for _, bad := range []string{"0@2026-11-02", "200", "200@2026-13-01", "x@2026-11-02", "10000@2026-11-02"} {
		if _, err := ParseDiscounts(bad); err == nil {
			t.Errorf("ParseDiscounts(%q) accepted it", bad)
		}
	}
}

func TestLinkNeverExpiresBeforeTheNetDueDate(t *testing.T) {
	now := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	inv := testInvoice(10000, 0)
	inv.DueDate = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	endOfDue := time.Date(2026, 12, 1, 23, 59, 59, 0, time.UTC)
	if got := LinkExpiresAt(inv, LinkExpiry{Days: 7}, now); !got.Equal(endOfDue) {
		t.Errorf("7 days with a due date in 30: expires %v, want %v", got, endOfDue)
	}
	if got := LinkExpiresAt(inv, LinkExpiry{Days: 60}, now); !got.Equal(now.AddDate(0, 0, 60)) {
		t.Errorf("60 days: expires %v", got)
	}
	if got := LinkExpiresAt(inv, LinkExpiry{DueDate: true}, now); !got.Equal(endOfDue) {
		t.Errorf("due_date: expires %v", got)
	}
	if got := LinkExpiresAt(inv, LinkExpiry{}, now); !got.IsZero() {
		t.Errorf("never: expires %v", got)
	}
}
