package importer_test

import (
	"testing"
	"time"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/importer"
)

// TestDemoInvoices: what 'paydesk demo' imports must import cleanly and show
// every state a bookkeeper meets.
func TestDemoInvoices(t *testing.T) {
	invs, err := importer.Parse("demo/invoices.csv", assets.DemoInvoices)
	if err != nil {
		t.Fatal(err)
	}
	if len(invs) < 25 {
		t.Fatalf("%d demo invoices, want at least 25", len(invs))
	}
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	var credit, partly, fullyPaid, overdue int
	currencies := map[string]int{}
	for _, inv := range invs {
		currencies[inv.Currency]++
		paid, owed := inv.PaidOutside, inv.Outstanding(domain.ModeLive)
		switch {
		case inv.Kind == domain.KindCreditNote:
			credit++
		case paid.IsPositive() && owed.IsZero():
			fullyPaid++
		case paid.IsPositive():
			partly++
		}
		if inv.Overdue(domain.ModeLive, today) {
			overdue++
		}
	}
	if credit != 1 || fullyPaid != 1 || partly < 2 || overdue < 3 {
		t.Errorf("credit notes %d, fully paid %d, partly paid %d, overdue on %s %d", credit, fullyPaid, partly, today.Format(time.DateOnly), overdue)
	}
	for _, c := range []string{"EUR", "GBP", "USD", "CHF", "JPY"} {
		if currencies[c] == 0 {
			t.Errorf("no demo invoice in %s (got %v)", c, currencies)
		}
	}
	if currencies["EUR"] <= len(invs)/2 {
		t.Errorf("most demo invoices should be in EUR: %v", currencies)
	}
}
