package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/importer"
	"github.com/paydesk/paydesk/mock"
	"github.com/paydesk/paydesk/persistence"
)

// generatedCSV writes an export of n invoices with mixed currencies, paid
// parts, credit notes and undated rows; bad, when not empty, replaces the
// last row.
func generatedCSV(t *testing.T, n int, bad string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("number,customer,email,currency,total,paid,issue date,due date,kind\n")
	for i := 1; i <= n; i++ {
		if i == n && bad != "" {
			b.WriteString(bad + "\n")
			continue
		}
		currency, kind, paid, due := "EUR", "invoice", "", fmt.Sprintf("2026-%02d-%02d", 1+i%12, 1+i%28)
		switch {
		case i%7 == 0:
			currency = "GBP"
		case i%11 == 0:
			kind = "credit_note"
		case i%5 == 0:
			paid = fmt.Sprintf("%d.50", i%40)
		case i%13 == 0:
			due = ""
		}
		fmt.Fprintf(&b, "INV-%06d,Kunde %d GmbH,ap%d@example.de,%s,%d.%02d,%s,2025-%02d-%02d,%s,%s\n",
			i, i%997, i, currency, 100+i%9000, i%100, paid, 1+i%12, 1+i%28, due, kind)
	}
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func openService(t *testing.T) (*domain.Service, *persistence.Store) {
	t.Helper()
	s, err := persistence.Open(context.Background(), filepath.Join(t.TempDir(), "paydesk.db"), persistence.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return domain.NewService(domain.ServiceConfig{Store: s, Gateways: mock.NewMollie().Gateways(), Actor: "test"}), s
}

// books is what an import left in the books, without the times of the run.
func books(t *testing.T, svc *domain.Service) []domain.Invoice {
	t.Helper()
	invs, err := svc.Invoices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range invs {
		invs[i].ImportedAt, invs[i].UpdatedAt = time.Time{}, time.Time{}
	}
	return invs
}

// TestStreamedImportGivesTheSameBooks imports one generated export in small
// batches and as one batch read whole: the books must be the same, the
// first time and when a changed export is imported over them.
func TestStreamedImportGivesTheSameBooks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := generatedCSV(t, 2500, "")
	streamed, _ := openService(t)
	whole, _ := openService(t)

	read, res, err := streamImport(ctx, streamed, []string{path}, importer.Options{}, 97)
	if err != nil || res.Added != 2500 || read.Files[0].Count != 2500 {
		t.Fatalf("streamed import: %+v, %v", res, err)
	}
	all, err := importer.Read([]string{path}, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := whole.Import(ctx, all.Invoices); err != nil || res.Added != 2500 {
		t.Fatalf("import read whole: %+v, %v", res, err)
	}
	a, b := books(t, streamed), books(t, whole)
	if len(a) != 2500 || !reflect.DeepEqual(a, b) {
		t.Fatalf("the streamed import gave %d invoices, the whole one %d, and they differ", len(a), len(b))
	}

	// A changed export over the same books: updates in every batch.
	changed := generatedCSV(t, 2600, "")
	data, err := os.ReadFile(changed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(changed, []byte(strings.ReplaceAll(string(data), "Kunde 1", "Client 1")), 0o600); err != nil {
		t.Fatal(err)
	}
	_, res, err = streamImport(ctx, streamed, []string{changed}, importer.Options{}, 97)
	if err != nil || res.Added != 100 || res.Updated == 0 || res.Added+res.Updated+res.Unchanged != 2600 {
		t.Fatalf("streamed re-import: %+v, %v", res, err)
	}
	all, err = importer.Read([]string{changed}, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res2, err := whole.Import(ctx, all.Invoices); err != nil || res2 != res {
		t.Fatalf("re-import read whole: %+v, %v; streamed: %+v", res2, err, res)
	}
	if a, b := books(t, streamed), books(t, whole); !reflect.DeepEqual(a, b) {
		t.Fatal("after the re-import the streamed books differ from the whole ones")
	}
}

// TestStreamedImportIsAllOrNothing: a problem in the last batch, found
// after every batch before it was written, leaves nothing in the books.
func TestStreamedImportIsAllOrNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, _ := openService(t)

	// A malformed amount in the file's last row.
	path := generatedCSV(t, 1000, "INV-LAST,Kunde,ap@example.de,EUR,12.3.4,,2025-01-01,,invoice")
	_, _, err := streamImport(ctx, svc, []string{path}, importer.Options{}, 50)
	var ie *importer.Error
	if !errors.As(err, &ie) || len(ie.Problems) != 1 || ie.Problems[0].Line != 1001 {
		t.Fatalf("a bad last row gave %v, want one problem at line 1001", err)
	}
	if n := len(books(t, svc)); n != 0 {
		t.Fatalf("a refused import left %d invoices in the books", n)
	}

	// A number that differs from one of the first batch only by letter
	// case, in the last batch: the store refuses it after writing the rest.
	path = generatedCSV(t, 1000, "inv-000001,Kunde,ap@example.de,EUR,10.00,,2025-01-01,,invoice")
	_, _, err = streamImport(ctx, svc, []string{path}, importer.Options{}, 50)
	var de *domain.Error
	if !errors.As(err, &de) || de.Why != domain.WhyNumberClash {
		t.Fatalf("a case clash in the last batch gave %v, want %s", err, domain.WhyNumberClash)
	}
	if n := len(books(t, svc)); n != 0 {
		t.Fatalf("a refused import left %d invoices in the books", n)
	}
}

// TestStreamedImportHandsBoundedBatches: the store is handed batches of at
// most the batch size, the first before the file is read to its end.
func TestStreamedImportHandsBoundedBatches(t *testing.T) {
	t.Parallel()
	path := generatedCSV(t, 3000, "")
	var sizes []int
	rowsRead, rowsAtFirst := -1, -1 // rows read as invoices, as progress last said
	opt := importer.Options{Progress: func(p importer.Progress) {
		if p.Total > 0 {
			rowsRead = p.Rows
		}
	}}
	_, err := importer.Stream([]string{path}, opt, 100, func(b []domain.Invoice) error {
		if len(sizes) == 0 {
			rowsAtFirst = rowsRead
		}
		sizes = append(sizes, len(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range sizes {
		if n > 100 {
			t.Fatalf("a batch of %d invoices, more than 100", n)
		}
		total += n
	}
	if total != 3000 || len(sizes) != 30 {
		t.Fatalf("%d invoices in %d batches, want 3000 in 30", total, len(sizes))
	}
	if rowsAtFirst == 3000 {
		t.Fatal("the first batch came only after every row was read")
	}
}

func TestImportMeterSaysHowFar(t *testing.T) {
	t.Parallel()
	m := &importMeter{p: i18n.New("en"), files: 2}
	if got := m.text(); got != "Reading 2 files…" {
		t.Errorf("before reading: %q", got)
	}
	m.set(importer.Progress{File: "/tmp/x/big.csv", Bytes: 50 << 20, Size: 200 << 20})
	if got := m.text(); got != "Reading big.csv: 50 of 200 MB…" {
		t.Errorf("counting: %q", got)
	}
	m.set(importer.Progress{File: "/tmp/x/big.csv", Rows: 4096, Total: 1400000})
	if got := m.text(); got != "Importing big.csv: 4096 of 1400000 rows…" {
		t.Errorf("importing: %q", got)
	}
	m.set(importer.Progress{File: "/tmp/x/big.csv", Rows: 1400000, Total: 1400000})
	if got := m.text(); got != "Writing the invoices into the books…" {
		t.Errorf("at the end: %q", got)
	}
}
