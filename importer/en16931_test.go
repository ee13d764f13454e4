package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// want is what a test expects of one imported invoice; discounts are
// written as domain.FormatDiscounts writes them.
type want struct {
	number, customer, currency string
	total, paid, outstanding   int64
	due                        string // "" for none
	kind                       domain.InvoiceKind
	discounts                  string
}

func (w want) check(t *testing.T, inv domain.Invoice) {
	t.Helper()
	cur := w.currency
	if cur == "" {
		cur = "EUR"
	}
	due := ""
	if !inv.DueDate.IsZero() {
		due = inv.DueDate.Format(time.DateOnly)
	}
	got := want{inv.Number, inv.Customer, inv.Currency, inv.Total.Minor, inv.PaidOutside.Minor,
		inv.Outstanding(domain.ModeLive).Minor, due, inv.Kind, domain.FormatDiscounts(inv.Discounts)}
	w.currency = cur
	if got != w {
		t.Errorf("\n got %+v\nwant %+v", got, w)
	}
	if inv.Total.Currency != cur || inv.PaidOutside.Currency != cur {
		t.Errorf("amounts in %s and %s, want %s", inv.Total.Currency, inv.PaidOutside.Currency, cur)
	}
}

const kiel = "Stadtwerke Kiel AöR"

func TestEN16931Shapes(t *testing.T) {
	tests := []struct {
		file string
		want want
	}{
		// Skonto: the net date is the due date; the discounts are kept.
		{"cii-skonto-two-terms.xml", want{"RE-2026-1101", kiel, "", 119000, 0, 119000, "2026-12-02", domain.KindInvoice, "300@2026-11-12"}},
		{"cii-xrechnung-skonto-note.xml", want{"RE-2026-1102", kiel, "", 59500, 0, 59500, "2026-12-03", domain.KindInvoice, "200@2026-11-10;150@2026-11-17"}},
		{"ubl-skonto-due-date.xml", want{"RE-2026-1103", kiel, "", 23800, 0, 23800, "2026-12-04", domain.KindInvoice, "250@2026-11-14"}},
		{"ubl-skonto-terms-only.xml", want{"RE-2026-1104", kiel, "", 47600, 0, 47600, "2026-12-05", domain.KindInvoice, "200@2026-11-15"}},
		{"zugferd1-comfort.xml", want{"RE-2014-0815", "Kunden AG Mitte", "", 23562, 3562, 20000, "2014-12-03", domain.KindInvoice, "300@2014-11-13"}},
		// Negative documents and corrections are credit notes, positive.
		{"ubl-380-negative.xml", want{"RE-2026-1105", kiel, "", 11900, 0, 11900, "", domain.KindCreditNote, ""}},
		{"cii-384-correction.xml", want{"RK-2026-0007", kiel, "", 5950, 0, 5950, "", domain.KindCreditNote, ""}},
		{"cii-avoir.xml", want{"AV-2026-0012", "Boulangerie Martin SARL", "", 24000, 0, 24000, "", domain.KindCreditNote, ""}},
		// A negative prepaid amount is not money paid.
		{"ubl-negative-prepaid.xml", want{"RE-2026-1106", kiel, "", 12000, 0, 12000, "2026-12-09", domain.KindInvoice, ""}},
		// MINIMUM has no prepaid element: a booking aid is paid, else all is due.
		{"cii-minimum-paid.xml", want{"471102", kiel, "", 52987, 52987, 0, "", domain.KindInvoice, ""}},
		{"cii-minimum-due.xml", want{"471103", kiel, "", 23562, 0, 23562, "", domain.KindInvoice, ""}},
		{"ubl-due-before-issue.xml", want{"RE-2026-1107", kiel, "", 5000, 0, 5000, "2026-11-01", domain.KindInvoice, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "en16931", tt.file)
			res, err := Read([]string{path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Invoices) != 1 {
				t.Fatalf("got %d invoices", len(res.Invoices))
			}
			inv := res.Invoices[0]
			tt.want.check(t, inv)
			if inv.SourceFile != path || !inv.IssueDate.Before(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) || inv.IssueDate.IsZero() {
				t.Errorf("source %s, issued %v", inv.SourceFile, inv.IssueDate)
			}
			wantWarnings := 0
			if strings.Contains(tt.file, "before-issue") {
				wantWarnings = 1
			}
			if len(res.Warnings) != wantWarnings {
				t.Errorf("warnings: %v", problemLines(res.Warnings))
			}
		})
	}
}

func TestOneInvoiceAsUBLAndCIIIsOne(t *testing.T) {
	dir := filepath.Join("testdata", "en16931")
	ubl, cii, other := filepath.Join(dir, "pair-ubl.xml"), filepath.Join(dir, "pair-cii.xml"), filepath.Join(dir, "pair-cii-disagrees.xml")
	invs, err := ParseFiles([]string{ubl, cii})
	if err != nil {
		t.Fatal(err)
	}
	if len(invs) != 1 || invs[0].SourceFile != ubl {
		t.Fatalf("got %+v", invs)
	}
	want{"RE-2026-1108", kiel, "", 83300, 0, 83300, "2026-12-11", domain.KindInvoice, ""}.check(t, invs[0])

	invs, err = ParseFiles([]string{ubl, other})
	wantProblems(t, refused(t, invs, err),
		other+":2: number: RE-2026-1108 appears twice and the two disagree (total 838.00 here, 833.00 there): it is already at "+ubl+":2")
}

func TestSkontoWithoutIssueDateIsAWarning(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "en16931", "ubl-skonto-due-date.xml"))
	if err != nil {
		t.Fatal(err)
	}
	noIssue := strings.Replace(string(data), "<cbc:IssueDate>2026-11-04</cbc:IssueDate>", "", 1)
	res, err := ReadData("s.xml", []byte(noIssue), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Invoices[0].Discounts) != 0 || len(res.Warnings) != 1 || !strings.Contains(message(res.Warnings[0]), "issue date") {
		t.Errorf("discounts %v, warnings %v", res.Invoices[0].Discounts, problemLines(res.Warnings))
	}
}
