package main

import (
	"strings"
	"testing"
)

// Numbers that only look alike, currencies that are not money and amounts
// beyond the bound are refused at import with a message that says which.
func TestImportRefusesLookalikesAndOutOfBounds(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	head := "number,customer,email,currency,total,issue date,due date\n"
	row := func(number, currency, total string) string {
		return number + ",Acme,a@x.example," + currency + "," + total + ",2026-11-01,2099-12-01\n"
	}
	h.write("first.csv", head+row("K-14", "EUR", "10.00"))
	h.ok("import", "first.csv")
	for _, tt := range []struct{ name, rows, want string }{
		{"case", row("k-14", "EUR", "10.00"), `"k-14" differs from "K-14" only in upper and lower case`},
		{"case within the file", row("A-1", "EUR", "1.00") + row("a-1", "EUR", "1.00"), `"a-1" differs from "A-1"`},
		{"zero-width space", row("K\u200b-15", "EUR", "10.00"), "invisible or control character U+200B"},
		{"unknown currency", row("C-1", "XYZ", "10.00"), `"XYZ" is not an ISO 4217 currency`},
		{"no currency", row("C-2", "XXX", "10.00"), `"XXX" is not an ISO 4217 currency`},
		{"near the int64 limit", row("C-3", "EUR", "92233720368547758.07"), "beyond what paydesk accepts"},
	} {
		h.write("bad.csv", head+tt.rows)
		r := h.fails("import", "bad.csv")
		if !strings.Contains(r.stderr, tt.want) || !strings.Contains(strings.ToLower(r.stderr), "nothing was imported") {
			t.Errorf("%s: want %q in:\n%s", tt.name, tt.want, r)
		}
	}
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 1 {
		t.Errorf("refused imports left invoices behind: %+v", rows)
	}
	if r := h.fails("record-payment", "K-14", "92233720368547758.07", "--overpay"); !strings.Contains(r.stderr, "beyond what paydesk accepts") {
		t.Errorf("a payment beyond the bound:\n%s", r)
	}
}

// A number typed in another Unicode form (a decomposed é, spaces around it)
// finds the invoice on every path that looks one up.
func TestTypedNumbersAreNormalised(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.write("cafe.csv", "number,customer,email,currency,total,issue date,due date\n"+
		"Caf\u00e9-1,Acme,a@x.example,EUR,10.00,2026-11-01,2099-12-01\n")
	h.ok("import", "cafe.csv")
	typed := " Cafe\u0301-1 "
	if out := h.ok("status", typed); !strings.Contains(out, "Café-1") {
		t.Errorf("status:\n%s", out)
	}
	h.ok("record-payment", typed, "2.00", "--note", "cash")
	h.ok("record-payment", typed, "--reverse", "1", "--note", "typed twice")
	if out := h.ok("record-payment", typed, "--list"); !strings.Contains(out, "typed twice") {
		t.Errorf("record-payment --list:\n%s", out)
	}
	if out := h.ok("log", "--invoice", typed); !strings.Contains(out, "typed twice") {
		t.Errorf("log --invoice:\n%s", out)
	}
	for _, cmd := range []string{"copy", "qr"} {
		if r := h.fails(cmd, typed); strings.Contains(r.stderr, "was not found") || !strings.Contains(r.stderr, "Café-1") {
			t.Errorf("%s looked for another invoice:\n%s", cmd, r)
		}
	}
}
