package domain

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestInvoiceState(t *testing.T) {
	today := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	base := Invoice{Number: "S-1", Currency: "EUR", Total: NewMoney(10000, "EUR"), PaidOutside: Zero("EUR"), Kind: KindInvoice}
	with := func(f func(*Invoice)) Invoice { inv := base; f(&inv); return inv }
	open := &PaymentRef{Mode: ModeTest, Status: StatusOpen}
	tests := []struct {
		name  string
		inv   Invoice
		want  InvoiceState
		under []InvoiceState // the filters it is listed under
	}{
		{"owed, not due", with(func(i *Invoice) { i.DueDate = Date(today.AddDate(0, 0, 5)) }), StateUnpaid, []InvoiceState{StateUnpaid}},
		{"owed, no due date", base, StateUnpaid, []InvoiceState{StateUnpaid}},
		{"owed after the due date", with(func(i *Invoice) { i.DueDate = Date(today.AddDate(0, 0, -1)) }), StateOverdue, []InvoiceState{StateUnpaid, StateOverdue}},
		{"due today is not overdue", with(func(i *Invoice) { i.DueDate = Date(today) }), StateUnpaid, []InvoiceState{StateUnpaid}},
		{"link open", with(func(i *Invoice) { i.LastPayment = open }), StateAwaiting, []InvoiceState{StateUnpaid, StateAwaiting}},
		{"link open in the other mode", with(func(i *Invoice) { i.LastPayment = &PaymentRef{Mode: ModeLive, Status: StatusOpen} }), StateUnpaid, []InvoiceState{StateUnpaid}},
		{"late with a link open", with(func(i *Invoice) { i.DueDate = Date(today.AddDate(0, 0, -1)); i.LastPayment = open }), StateOverdue,
			[]InvoiceState{StateUnpaid, StateOverdue, StateAwaiting}},
		{"paid", with(func(i *Invoice) { i.PaidOutside = NewMoney(10000, "EUR") }), StatePaid, []InvoiceState{StatePaid}},
		{"paid through Mollie", with(func(i *Invoice) { i.Test.Paid = NewMoney(10000, "EUR") }), StatePaid, []InvoiceState{StatePaid}},
		{"overpaid", with(func(i *Invoice) { i.PaidOutside = NewMoney(15000, "EUR") }), StateOverpaid, []InvoiceState{StatePaid, StateOverpaid}},
		{"credit note", with(func(i *Invoice) { i.Kind = KindCreditNote; i.Total = NewMoney(-5000, "EUR") }), StateCredit, []InvoiceState{StateCredit}},
		{"nothing to pay", with(func(i *Invoice) { i.Total = Zero("EUR") }), StatePaid, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.inv.State(ModeTest, today); got != tt.want {
				t.Errorf("State = %s, want %s", got, tt.want)
			}
			for _, f := range InvoiceStates {
				want := false
				for _, u := range tt.under {
					want = want || u == f
				}
				if got := tt.inv.Is(f, ModeTest, today); got != want {
					t.Errorf("Is(%s) = %v, want %v", f, got, want)
				}
			}
		})
	}
}

func TestParseInvoiceState(t *testing.T) {
	for _, st := range InvoiceStates {
		if got, err := ParseInvoiceState(string(st)); err != nil || got != st {
			t.Errorf("ParseInvoiceState(%s) = %s, %v", st, got, err)
		}
	}
	if got, err := ParseInvoiceState(" Awaiting Payment "); err != nil || got != StateAwaiting {
		t.Errorf("awaiting payment with a space = %s, %v", got, err)
	}
	if _, err := ParseInvoiceState("settled"); err == nil {
		t.Error("an unknown status was accepted")
	}
}

func TestInvoiceIdentityAndBounds(t *testing.T) {
	base := Invoice{Number: "K-15", Currency: "EUR", Total: NewMoney(100, "EUR"), PaidOutside: Zero("EUR"), Kind: KindInvoice}
	problems := func(inv Invoice) string {
		var s []string
		for _, fe := range inv.Validate() {
			s = append(s, fe.Error())
		}
		return strings.Join(s, "; ")
	}
	if p := problems(base); p != "" {
		t.Fatalf("a good invoice: %s", p)
	}
	for _, tt := range []struct {
		name string
		edit func(*Invoice)
		want string
	}{
		{"zero-width space in the number", func(i *Invoice) { i.Number = "K\u200b-15" }, "number: number_character [U+200B]"},
		{"bidi override in the number", func(i *Invoice) { i.Number = "K-15\u202e" }, "U+202E"},
		{"escape in the number", func(i *Invoice) { i.Number = "K-15\x1b[2J" }, "U+001B"},
		{"unknown currency", func(i *Invoice) { i.Currency, i.Total, i.PaidOutside = "XYZ", Zero("XYZ"), Zero("XYZ") }, "currency: currency_no_money [XYZ]"},
		{"no currency", func(i *Invoice) { i.Currency, i.Total, i.PaidOutside = "XXX", Zero("XXX"), Zero("XXX") }, "currency: currency_no_money [XXX]"},
		{"ISO but not Mollie", func(i *Invoice) { i.Currency, i.Total, i.PaidOutside = "KRW", Zero("KRW"), Zero("KRW") }, "currency: currency_mollie [KRW, AED, AUD,"},
		{"near the int64 limit", func(i *Invoice) { i.Total = NewMoney(math.MaxInt64-1, "EUR") }, "total: beyond_bound [EUR 92233720368547758.06, EUR 100000000000.00]"},
		{"just beyond the bound", func(i *Invoice) { i.Total = NewMoney(MaxAmountMinor+1, "EUR") }, "total:"},
		{"paid beyond the bound", func(i *Invoice) { i.PaidOutside = NewMoney(-MaxAmountMinor-1, "EUR") }, "paid:"},
	} {
		inv := base
		tt.edit(&inv)
		if p := problems(inv); !strings.Contains(p, tt.want) {
			t.Errorf("%s: problems %q, want %q", tt.name, p, tt.want)
		}
	}
	at := base
	at.Total = NewMoney(MaxAmountMinor, "EUR")
	if p := problems(at); p != "" {
		t.Errorf("the bound itself is refused: %s", p)
	}
	if got := NormalizeNumber(" Cafe\u0301-1 "); got != "Caf\u00e9-1" {
		t.Errorf("NormalizeNumber = %q", got)
	}
	clashes := CaseClashes([]string{"K-14", "k-14", "A-1", "A-1", "b-2"}, []string{"B-2"})
	var first, second *Error
	if len(clashes) != 2 || !errors.As(clashes[0], &first) || !errors.As(clashes[1], &second) || !errors.Is(clashes[0], ErrConflict) ||
		first.Why != WhyNumberClash || first.Facts[0] != "k-14" || first.Facts[1] != "K-14" || second.Facts[0] != "b-2" || second.Facts[1] != "B-2" {
		t.Errorf("clashes = %v", clashes)
	}
}
