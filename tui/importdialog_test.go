package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/importer"
	"github.com/paydesk/paydesk/mock"
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

// batchLog is a store that notes the size of every batch an import hands it.
type batchLog struct {
	*mock.Store
	mu    sync.Mutex
	sizes []int
}

func (s *batchLog) ImportBatches(ctx context.Context, now time.Time, next func() ([]domain.Invoice, error)) (domain.ImportResult, error) {
	return s.Store.ImportBatches(ctx, now, func() ([]domain.Invoice, error) {
		b, err := next()
		if len(b) > 0 {
			s.mu.Lock()
			s.sizes = append(s.sizes, len(b))
			s.mu.Unlock()
		}
		return b, err
	})
}

// The dialog reads a large file as the command line does: the preview
// counts its invoices without keeping them, and the import hands them to
// the store in batches of a bounded size, not as one list of the file.
func TestImportDialogStreamsALargeFile(t *testing.T) {
	f := newFixture(t)
	books := &batchLog{Store: f.store}
	f.svc = domain.NewService(domain.ServiceConfig{Store: books, Gateways: f.mollie.Gateways(), Clock: f.clock, Actor: testActor})
	const rows = 2*importer.BatchSize + 500
	var sb strings.Builder
	sb.WriteString("number,customer,total\n")
	for i := range rows {
		fmt.Fprintf(&sb, "L-%05d,Acme,%d.00\n", i, 1+i%50)
	}
	path := filepath.Join(t.TempDir(), "large.csv")
	writeFile(t, path, sb.String())
	before := countInvoices(t, f)

	d := f.start(t, en(), 120, 40)
	d.key("I")
	d.typeText(path)
	d.key("enter")
	d.until("the preview", func(m Model) bool { dl, ok := m.dialog.(*importDialog); return ok && dl.read != nil })
	dl := d.m.dialog.(*importDialog)
	if dl.read.Invoices != nil || dl.count != rows {
		t.Fatalf("the preview kept %d invoices and counted %d, want none kept and %d counted", len(dl.read.Invoices), dl.count, rows)
	}
	if text := d.screenText(); !strings.Contains(text, fmt.Sprintf("Enter imports %d invoice", rows)) {
		t.Errorf("the preview does not offer the file's invoices:\n%s", text)
	}
	d.key("enter")
	d.until("the import", func(m Model) bool { return strings.Contains(m.footer.text, fmt.Sprintf("Imported %d invoice", rows)) })
	if n := countInvoices(t, f); n != before+rows {
		t.Errorf("%d invoices after the import, want %d", n, before+rows)
	}
	books.mu.Lock()
	defer books.mu.Unlock()
	total := 0
	for _, n := range books.sizes {
		if n > importer.BatchSize {
			t.Errorf("a batch of %d invoices, more than %d", n, importer.BatchSize)
		}
		total += n
	}
	if len(books.sizes) < 3 || total != rows {
		t.Errorf("the store was handed batches of %v, want at least 3 making %d", books.sizes, rows)
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
