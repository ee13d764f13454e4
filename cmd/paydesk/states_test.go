package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
)

// Every invoice status reads the same in the table, in --json, in status
// and under --status.
func TestStatusesAgreeEverywhere(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.write("states.csv", "number,customer,email,currency,total,issue date,due date,kind\n"+
		"S-UNPAID,A,a@x.example,EUR,100.00,2026-01-01,2099-01-01,invoice\n"+
		"S-OVERDUE,B,b@x.example,EUR,100.00,2020-01-01,2020-02-01,invoice\n"+
		"S-AWAIT,C,c@x.example,EUR,100.00,2026-01-01,2099-01-01,invoice\n"+
		"S-PAID,D,d@x.example,EUR,100.00,2026-01-01,2099-01-01,invoice\n"+
		"S-OVER,E,e@x.example,EUR,100.00,2026-01-01,2099-01-01,invoice\n"+
		"S-CREDIT,F,f@x.example,EUR,25.00,2026-01-01,,credit_note\n")
	h.ok("import", "states.csv")
	h.connect()
	h.pay("S-AWAIT")
	h.ok("record-payment", "S-PAID", "100.00")
	h.ok("record-payment", "S-OVER", "150.00", "--overpay")
	want := map[string]string{"S-UNPAID": "unpaid", "S-OVERDUE": "overdue", "S-AWAIT": "awaiting_payment",
		"S-PAID": "paid", "S-OVER": "overpaid", "S-CREDIT": "credit"}

	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	table := h.ok("invoices")
	for _, r := range rows {
		if r.Status != want[r.Number] {
			t.Errorf("%s: --json says %s, want %s", r.Number, r.Status, want[r.Number])
		}
		// The table says the same status in the reader's words.
		word := i18n.New("en").State(domain.InvoiceState(want[r.Number]))
		if !regexp.MustCompile(`(?m)^` + r.Number + `\s.*\s` + regexp.QuoteMeta(word) + `\s*$`).MatchString(table) {
			t.Errorf("%s: the table does not end its row with %s:\n%s", r.Number, word, table)
		}
		var st statusJSON
		h.jsonOut(&st, "status", r.Number, "--json")
		if st.InvoiceStatus != want[r.Number] {
			t.Errorf("%s: status --json says %s, want %s", r.Number, st.InvoiceStatus, want[r.Number])
		}
	}
	// Filters take every status; unpaid is everything owed, paid includes overpaid.
	under := map[string][]string{
		"unpaid": {"S-AWAIT", "S-OVERDUE", "S-UNPAID"}, "overdue": {"S-OVERDUE"}, "awaiting_payment": {"S-AWAIT"},
		"paid": {"S-OVER", "S-PAID"}, "overpaid": {"S-OVER"}, "credit": {"S-CREDIT"},
	}
	for filter, numbers := range under {
		h.jsonOut(&rows, "invoices", "--json", "--status", filter)
		var got []string
		for _, r := range rows {
			got = append(got, r.Number)
		}
		if strings.Join(got, " ") != strings.Join(numbers, " ") {
			t.Errorf("--status %s lists %v, want %v", filter, got, numbers)
		}
	}
}
