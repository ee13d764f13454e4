package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// invoiceRow is a row of `invoices --json` as a script reads it.
type invoiceRow = invoiceJSON

func TestImportThenListInvoicesAsJSON(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.write("invoices.csv", "number,customer,email,currency,total,paid,issue date,due date,kind\n"+
		"INV-1,Acme B.V.,ap@acme.example,EUR,100.00,,2026-11-01,2030-12-01,invoice\n"+
		"INV-2,Bäckerei Müller,info@mueller.example,EUR,\"1.234,50\",234.50,2026-11-03,,invoice\n"+
		"CN-1,Acme B.V.,ap@acme.example,EUR,25.00,,2026-11-05,,credit_note\n")
	out := h.ok("import", "invoices.csv")
	if want := "imported 3 invoices (3 added, 0 updated, 0 unchanged)"; !strings.Contains(out, want) {
		t.Fatalf("import said %q, want %q", out, want)
	}
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 3 {
		t.Fatalf("got %d invoices, want 3: %+v", len(rows), rows)
	}
	byNumber := map[string]invoiceRow{}
	for _, r := range rows {
		byNumber[r.Number] = r
	}
	inv1 := byNumber["INV-1"]
	if deref(inv1.Customer) != "Acme B.V." || deref(inv1.Email) != "ap@acme.example" || inv1.Kind != "invoice" ||
		inv1.Total != (moneyJSON{"EUR", "100.00"}) || inv1.Paid != (moneyJSON{"EUR", "0.00"}) ||
		inv1.Outstanding != (moneyJSON{"EUR", "100.00"}) || inv1.Status != "unpaid" || inv1.PaymentStatus != nil {
		t.Errorf("INV-1 = %+v", inv1)
	}
	if inv1.IssueDate == nil || *inv1.IssueDate != "2026-11-01" || inv1.DueDate == nil || *inv1.DueDate != "2030-12-01" {
		t.Errorf("INV-1 dates = %v, %v", inv1.IssueDate, inv1.DueDate)
	}
	inv2 := byNumber["INV-2"]
	if inv2.Total.Value != "1234.50" || inv2.Paid.Value != "234.50" || inv2.Outstanding.Value != "1000.00" || inv2.DueDate != nil {
		t.Errorf("INV-2 = %+v (due %v)", inv2, inv2.DueDate)
	}
	if cn := byNumber["CN-1"]; cn.Kind != "credit_note" || cn.Status != "credit" {
		t.Errorf("CN-1 = %+v", cn)
	}

	// The same file again changes nothing.
	if out := h.ok("import", "invoices.csv"); !strings.Contains(out, "(0 added, 0 updated, 3 unchanged)") {
		t.Errorf("re-import said %q", out)
	}
	h.jsonOut(&rows, "invoices", "--json", "--status", "unpaid")
	if len(rows) != 2 {
		t.Errorf("--status unpaid gave %d invoices, want 2", len(rows))
	}
	if table := h.ok("invoices"); !strings.Contains(table, "INV-2") || !strings.Contains(table, "Outstanding") {
		t.Errorf("table for people:\n%s", table)
	}
}

func TestImportWithOneBadAmountImportsNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.write("file.csv", "number,customer,currency,total\n"+
		"INV-1,A,EUR,10.00\n"+
		"INV-2,B,EUR,20.00\n"+
		"INV-3,C,EUR,30.00\n"+
		"INV-4,D,EUR,40.00\n"+
		"INV-5,E,EUR,50.00\n"+
		"INV-6,F,EUR,12.3x\n"+
		"INV-7,G,EUR,70.00\n")
	r := h.fails("import", "file.csv")
	if r.code != 1 {
		t.Errorf("exit code %d, want 1", r.code)
	}
	if !strings.Contains(r.stderr, "file.csv:7: total: ") {
		t.Errorf("stderr does not name file.csv:7: total:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "nothing was imported") {
		t.Errorf("stderr does not say nothing was imported:\n%s", r.stderr)
	}
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 0 {
		t.Errorf("%d invoices were imported, want none", len(rows))
	}
}

// deref reads a nullable JSON string; null reads as "".
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestImportWarnsAboutADueDateBeforeTheIssueDate(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.write("early.csv", "number,customer,total,issue date,due date\nE-1,Acme,10.00,2026-11-20,2026-11-01\n")
	r := h.run("import", "early.csv")
	if r.code != 0 || !strings.Contains(r.stderr, "warning: early.csv:2: due date: 2026-11-01 is before the issue date 2026-11-20") {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 1 || rows[0].DueDate == nil || *rows[0].DueDate != "2026-11-01" {
		t.Errorf("rows %+v", rows)
	}

}

func TestImportHybridPDF(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	data, err := os.ReadFile(filepath.Join("..", "..", "importer", "testdata", "pdf", "RE-2026-1101.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	h.write("RE-2026-1101.pdf", string(data))
	if out := h.ok("import", "RE-2026-1101.pdf"); !strings.Contains(out, "imported 1 invoice (1 added") {
		t.Fatalf("import said %q", out)
	}
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 1 {
		t.Fatalf("rows %+v", rows)
	}
	r := rows[0]
	if r.Number != "RE-2026-1101" || deref(r.Customer) != "Stadtwerke Kiel AöR" || r.Total != (moneyJSON{"EUR", "1190.00"}) ||
		r.Outstanding != (moneyJSON{"EUR", "1190.00"}) || deref(r.DueDate) != "2026-12-02" || r.Kind != "invoice" {
		t.Errorf("invoice %+v", r)
	}
	if len(r.Discounts) != 1 || r.Discounts[0] != (discountJSON{"3.00", "2026-11-12"}) {
		t.Errorf("discounts %+v", r.Discounts)
	}

	h.write("scan.pdf", "%PDF-1.7\nnot a real PDF\n")
	if res := h.fails("import", "scan.pdf"); !strings.Contains(res.stderr, "scan.pdf: cannot be read as a PDF") {
		t.Errorf("stderr:\n%s", res.stderr)
	}
}
