package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

func TestImportDialogShowsThenImports(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "moneybird.csv")
	bad := filepath.Join(dir, "bad.csv")
	writeFile(t, good, "Factuurnummer;Contact;Factuurdatum;Vervaldatum;Valuta;Totaal incl. btw;Openstaand;Status\n"+
		"2026-0311;Bakkerij De Gouden Korst;04-11-2026;18-11-2026;EUR;1.512,50;1.012,50;Openstaand\n")
	writeFile(t, bad, "number,customer,total\nB-1,Acme,12.3x\n")
	before := countInvoices(t, f)

	d := f.start(t, en(), 120, 40)
	d.key("I")
	if _, ok := d.m.dialog.(*importDialog); !ok {
		t.Fatalf("I did not open the import dialog:\n%s", d.screenText())
	}
	// A file with a problem: shown, and enter imports nothing.
	d.typeText(bad)
	d.key("enter")
	d.until("the preview", func(m Model) bool { dl, ok := m.dialog.(*importDialog); return ok && dl.read != nil })
	text := d.screenText()
	if !strings.Contains(text, `total: "12.3x"`) || !strings.Contains(text, "Nothing can be imported: 1 problem") {
		t.Errorf("the preview does not show the problem:\n%s", text)
	}
	d.key("enter")
	if d.m.dialog == nil {
		t.Fatal("enter on a refused preview closed the dialog")
	}
	// Back to the files, name the good one.
	d.key("esc")
	for range len(bad) {
		d.key("backspace")
	}
	d.typeText(good)
	d.key("enter")
	d.until("the preview", func(m Model) bool { dl, ok := m.dialog.(*importDialog); return ok && dl.read != nil })
	text = d.screenText()
	for _, want := range []string{"CSV export of Moneybird", "number←Factuurnummer", "2026-0311", "Bakkerij De Gouden Korst", "Enter imports 1 invoice"} {
		if !strings.Contains(text, want) {
			t.Errorf("the preview lacks %q:\n%s", want, text)
		}
	}
	if n := countInvoices(t, f); n != before {
		t.Fatalf("the preview wrote: %d invoices, %d before", n, before)
	}
	d.key("enter")
	d.until("the import", func(m Model) bool { return strings.Contains(m.footer.text, "Imported 1 invoice") })
	if d.m.dialog != nil {
		t.Error("the dialog stayed open after the import")
	}
	if n := countInvoices(t, f); n != before+1 {
		t.Errorf("%d invoices after the import, want %d", n, before+1)
	}
}

func countInvoices(t *testing.T, f *fixture) int {
	t.Helper()
	invs, err := f.store.Invoices(context.Background(), domain.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(invs)
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
