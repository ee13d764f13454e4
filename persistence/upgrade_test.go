package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// A book written before the invoice list searched its rows has no folded
// columns and nothing in the search index; opening it with this binary
// must fold and index those rows and leave the database writable.
func TestUpgradeIndexesRowsWrittenBeforeTheSearch(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	writeVersion4Book(t, path, "Old-1", "Höfer GmbH")

	s := openAt(t, path)
	page := domain.InvoicePage{InvoiceQuery: domain.InvoiceQuery{Mode: domain.ModeTest, Search: "höf", Today: t0}, Limit: 10}
	got, err := s.InvoicePage(ctx, page)
	if err != nil || len(got) != 1 || got[0].Number != "Old-1" {
		t.Fatalf("search after upgrade = %v, %v; want Old-1", got, err)
	}
	// Writing the old row again goes through the search index's triggers.
	renamed := testInvoice("Old-1", 1000)
	renamed.Customer = "Kramer BV"
	mustImport(t, s, renamed, testInvoice("New-1", 2000))
	page.Search = "kram"
	if got, err := s.InvoicePage(ctx, page); err != nil || len(got) != 1 || got[0].Number != "Old-1" {
		t.Fatalf("search after a re-import = %v, %v; want Old-1", got, err)
	}
	page.Search = "höf"
	if got, err := s.InvoicePage(ctx, page); err != nil || len(got) != 0 {
		t.Fatalf("search for the old name = %v, %v; want nothing", got, err)
	}
	if _, err := s.db.Exec(`INSERT INTO invoices_search (invoices_search, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("search index after upgrade: %v", err)
	}
	counts, err := s.CountInvoices(ctx, domain.InvoiceQuery{Mode: domain.ModeTest, Today: t0}, domain.SearchCountCap)
	if err != nil || counts[""] != (domain.TabCount{N: 2}) {
		t.Fatalf("counts = %v, %v; want 2 invoices", counts, err)
	}
}

// writeVersion4Book makes a database as the binary of schema version 4 left
// it, holding one invoice.
func writeVersion4Book(t *testing.T, path, number, customer string) {
	t.Helper()
	db := writeBook(t, path, 4)
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO invoices (number, customer, currency, total_minor, kind, imported_at, updated_at)
VALUES (?, ?, 'EUR', 1000, 'invoice', 0, 0)`, number, customer); err != nil {
		t.Fatal(err)
	}
}

// writeBook makes a database of the given schema version, as the
// migrations up to it leave it, without invoices.
func writeBook(t *testing.T, path string, version int) *sql.DB {
	t.Helper()
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:version] {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if err := applyMigration(context.Background(), tx, m); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// A book of schema version 8 has a search index with positions; opening
// it builds the index without them from its invoices, and searching,
// counting and importing (row by row and in bulk) work on it.
func TestUpgradeRebuildsTheSearchIndexWithoutPositions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v8.db")
	db := writeBook(t, path, 8)
	for i, customer := range []string{"Höfer GmbH", "Abc Bcd", "xABCDx"} {
		number := fmt.Sprintf("V8-%d", i)
		if _, err := db.Exec(`INSERT INTO invoices (number, number_fold, customer, customer_fold, currency, total_minor, kind, imported_at, updated_at)
VALUES (?, ?, ?, ?, 'EUR', 1000, 'invoice', 0, 0)`, number, domain.Fold(number), customer, domain.Fold(customer)); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s := openAt(t, path)
	var detail string
	if err := s.db.QueryRow(`SELECT sql FROM sqlite_master WHERE name = 'invoices_search'`).Scan(&detail); err != nil || !strings.Contains(detail, "detail = none") {
		t.Fatalf("search index after the upgrade: %q, %v", detail, err)
	}
	search := func(text string, want ...string) {
		t.Helper()
		q := domain.InvoiceQuery{Mode: domain.ModeTest, Search: text, Today: t0}
		got, err := s.InvoicePage(ctx, domain.InvoicePage{InvoiceQuery: q, Limit: 10})
		if err != nil || !slices.Equal(numbersOf(got), want) {
			t.Fatalf("search %q = %v, %v; want %v", text, numbersOf(got), err, want)
		}
		if counts, err := s.CountInvoices(ctx, q, domain.SearchCountCap); err != nil || counts[""] != (domain.TabCount{N: len(want)}) {
			t.Fatalf("search %q counts %v, %v; want %d", text, counts, err, len(want))
		}
	}
	search("höf", "V8-0")
	search("abcd", "V8-2")
	renamed := testInvoice("V8-0", 1000)
	renamed.Customer = "Kramer BV"
	mustImport(t, s, renamed, testInvoice("New-1", 2000))
	search("kram", "V8-0")
	search("höf")
	old := bulkAfter
	bulkAfter = 100
	t.Cleanup(func() { bulkAfter = old })
	mustImport(t, s, manyInvoices(200)...)
	search("inv-00019", "INV-000190", "INV-000191", "INV-000192", "INV-000193", "INV-000194",
		"INV-000195", "INV-000196", "INV-000197", "INV-000198", "INV-000199")
	if _, err := s.db.Exec(`INSERT INTO invoices_search (invoices_search, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("search index after upgrade: %v", err)
	}
	counts, err := s.CountInvoices(ctx, domain.InvoiceQuery{Mode: domain.ModeTest, Today: t0}, domain.SearchCountCap)
	if err != nil || counts[""] != (domain.TabCount{N: 204}) {
		t.Fatalf("counts = %v, %v; want 204 invoices", counts, err)
	}
}
