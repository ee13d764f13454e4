package persistence

import (
	"context"
	"database/sql"
	"path/filepath"
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
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, m := range ms[:4] {
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
	if _, err := db.Exec(`INSERT INTO invoices (number, customer, currency, total_minor, kind, imported_at, updated_at)
VALUES (?, ?, 'EUR', 1000, 'invoice', 0, 0)`, number, customer); err != nil {
		t.Fatal(err)
	}
}
