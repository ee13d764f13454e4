package main

import (
	"os"
	"path/filepath"
	"reflect"
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

// dbFiles reads the database and its write-ahead log, to show that a
// command wrote nothing. (A reader may leave SQLite's shared-memory index
// and an empty log beside the database; neither holds data.)
func dbFiles(t *testing.T, h *harness) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, f := range []string{h.db, h.db + "-wal"} {
		data, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		got[filepath.Base(f)] = string(data)
	}
	return got
}

func TestImportDryRunWritesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-1,Acme,10.00")
	xero, err := os.ReadFile(filepath.Join("..", "..", "importer", "testdata", "exports", "xero.csv"))
	if err != nil {
		t.Fatal(err)
	}
	h.write("xero.csv", string(xero))
	h.write("bad.csv", "number,customer,total\nB-1,Acme,12.3x\n")
	before := dbFiles(t, h)

	out := h.ok("import", "--dry-run", "xero.csv")
	for _, want := range []string{"CSV export of Xero (UTF-8, separated by ',')", "number ← InvoiceNumber", "outstanding ← InvoiceAmountDue",
		"INV-0107", "Brightside Bakery", "GBP 440.00", "CN-0012", "credit_note", "first rows as read (2 invoices in the file)",
		"dry run: would import 2 invoices (2 new, 0 already in the books", "nothing was written"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	r := h.fails("import", "--dry-run", "xero.csv", "bad.csv")
	if !strings.Contains(r.stderr, "bad.csv:2: total: ") || !strings.Contains(r.stderr, "the import would be refused: 1 problem; nothing was written") ||
		!strings.Contains(r.stdout, "bad.csv") {
		t.Errorf("dry run with a problem:\n%s", r)
	}
	if after := dbFiles(t, h); !reflect.DeepEqual(before, after) {
		t.Errorf("the dry run changed the database or its log (%d and %d bytes before, %d and %d after)",
			len(before["paydesk.db"]), len(before["paydesk.db-wal"]), len(after["paydesk.db"]), len(after["paydesk.db-wal"]))
	}
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 1 {
		t.Errorf("%d invoices after dry runs, want the 1 imported before", len(rows))
	}
}

func TestImportMapIsRememberedPerHeader(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.write("nov.csv", "Beleg;Auftraggeber;Endsumme;Eingang\nB-1;Kanzlei Roth;1.190,00;190,00\n")
	h.write("dec.csv", "Beleg;Auftraggeber;Endsumme;Eingang\nB-2;Praxis Lenz;595,00;0,00\n")
	if r := h.fails("import", "nov.csv"); !strings.Contains(r.stderr, "--map") {
		t.Fatalf("an unknown header should point to --map:\n%s", r)
	}
	out := h.ok("import", "--map", "number=Beleg,customer=Auftraggeber,total=Endsumme,paid=Eingang", "nov.csv")
	if !strings.Contains(out, "imported 1 invoice") || !strings.Contains(out, "remembered the mapping") {
		t.Fatalf("import with --map said %q", out)
	}
	if out := h.ok("import", "dec.csv"); !strings.Contains(out, "imported 1 invoice (1 added") {
		t.Fatalf("the remembered mapping was not used: %q", out)
	}
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 2 || rows[0].Outstanding.Value != "1000.00" || deref(rows[1].Customer) != "Praxis Lenz" {
		t.Errorf("rows %+v", rows)
	}
	if r := h.fails("import", "--map", "amount=Endsumme", "dec.csv"); r.code != 2 || !strings.Contains(r.stderr, `"amount" is not a field`) {
		t.Errorf("a bad --map:\n%s", r)
	}
}

func TestImportDateOrder(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.write("us.csv", "Invoice Number,Customer,Invoice Date,Due Date,Total\nA-1,Acme,03/04/2026,05/04/2026,10.00\n")
	if r := h.fails("import", "us.csv"); !strings.Contains(r.stderr, "--date-order") {
		t.Fatalf("ambiguous dates:\n%s", r)
	}
	h.ok("import", "--date-order", "mdy", "us.csv")
	var rows []invoiceRow
	h.jsonOut(&rows, "invoices", "--json")
	if len(rows) != 1 || deref(rows[0].DueDate) != "2026-05-04" {
		t.Errorf("rows %+v", rows)
	}
	if r := h.fails("import", "--date-order", "ymd", "us.csv"); r.code != 2 {
		t.Errorf("a bad --date-order:\n%s", r)
	}
}

// The import's own words come from the catalogue, in the reader's language;
// the problems name the file, line and field as before.
func TestImportSpeaksTheReadersLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.write("rechnungen.csv", "Rechnungsnummer;Kunde;Betrag\nRE-1;Müller GmbH;119,00\nRE-2;Vogel KG;59,50\n")
	h.write("kaputt.csv", "Rechnungsnummer;Kunde;Betrag\nRE-3;Berger;12,3x\n")
	if out := h.ok("--lang", "de", "import", "--dry-run", "rechnungen.csv"); !strings.Contains(out, "erste Zeilen, wie gelesen (2 Rechnungen in der Datei)") ||
		!strings.Contains(out, "Probelauf: würde 2 Rechnungen importieren (2 neu, 0 schon in den Büchern") {
		t.Errorf("German dry run:\n%s", out)
	}
	if r := h.fails("--lang", "nl", "import", "kaputt.csv"); !strings.Contains(r.stderr, "kaputt.csv:2: ") ||
		!strings.Contains(r.stderr, "er is niets geïmporteerd: 1 probleem; los het op en start de import opnieuw") {
		t.Errorf("Dutch refusal:\n%s", r)
	}
	if out := h.ok("--lang", "de", "import", "rechnungen.csv"); !strings.Contains(out, "2 Rechnungen importiert (2 neu, 0 geändert, 0 unverändert)") {
		t.Errorf("German import said:\n%s", out)
	}
	if r := h.fails("--lang", "nl", "import", "--date-order", "ymd", "rechnungen.csv"); r.code != 2 || !strings.Contains(r.stderr, `niet "ymd"`) {
		t.Errorf("Dutch usage error:\n%s", r)
	}
}
