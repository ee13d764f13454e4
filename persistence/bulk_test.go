package persistence

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// schemaOf lists the schema's objects with their SQL.
func schemaOf(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.db.Query(`SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	return out
}

// TestLargeImportBuildsTheIndexesAtItsEnd: a run that adds more invoices
// than were stored sets the invoices' indexes and the search index aside
// and builds them at its end; afterwards the schema is as it was, and
// search, windows and counts find what a run written row by row finds.
func TestLargeImportBuildsTheIndexesAtItsEnd(t *testing.T) {
	old := bulkAfter
	bulkAfter = 100
	t.Cleanup(func() { bulkAfter = old })
	ctx := context.Background()
	bulk, rowwise := openTest(t), openTest(t)
	schema := schemaOf(t, bulk)

	invs := manyInvoices(1000)
	for i := range invs {
		invs[i].Customer = fmt.Sprintf("Kunde %d Müller", i%37)
		switch i % 13 { // the partial indexes on the id, kept during the run
		case 3:
			invs[i].Total = eur(0)
		case 7:
			invs[i].Kind = domain.KindCreditNote
		}
	}
	batches := slices.Collect(slices.Chunk(invs, 64))
	next := func() func() ([]domain.Invoice, error) {
		i := 0
		return func() ([]domain.Invoice, error) {
			if i == len(batches) {
				return nil, nil
			}
			i++
			return batches[i-1], nil
		}
	}
	if res, err := bulk.ImportBatches(ctx, t0, next()); err != nil || res.Added != 1000 {
		t.Fatalf("bulk import: %+v, %v", res, err)
	}
	bulkAfter = len(invs) + 1
	if res, err := rowwise.ImportBatches(ctx, t0, next()); err != nil || res.Added != 1000 {
		t.Fatalf("row by row import: %+v, %v", res, err)
	}
	if got := schemaOf(t, bulk); !slices.Equal(got, schema) {
		t.Fatalf("the schema after a bulk import differs:\n%q\nwant\n%q", got, schema)
	}
	var check string
	if err := bulk.db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q, %v", check, err)
	}
	if _, err := bulk.db.Exec(`INSERT INTO invoices_search (invoices_search, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("the search index does not match the invoices: %v", err)
	}
	for _, s := range rebuildSettings {
		var v int
		if err := bulk.db.QueryRow(`SELECT v FROM invoices_search_config WHERE k = ?`, s.key).Scan(&v); err != nil || v != s.normal {
			t.Errorf("the search index's %s is %d (%v) after the bulk import, want %d", s.key, v, err, s.normal)
		}
	}
	for _, search := range []string{"", "müller", "inv-0009", "kunde 3"} {
		q := domain.InvoiceQuery{Search: search, Mode: domain.ModeTest, Today: t0}
		for order := range domain.InvoiceOrders {
			p := domain.InvoicePage{InvoiceQuery: q, Order: order, Limit: 50}
			a, errA := bulk.InvoicePage(ctx, p)
			b, errB := rowwise.InvoicePage(ctx, p)
			if errA != nil || errB != nil || len(a) == 0 || len(a) != len(b) {
				t.Fatalf("search %q order %d: %d invoices (%v) after the bulk import, %d (%v) row by row", search, order, len(a), errA, len(b), errB)
			}
			for i := range a {
				if a[i].Number != b[i].Number {
					t.Fatalf("search %q order %d: row %d is %s after the bulk import, %s row by row", search, order, i, a[i].Number, b[i].Number)
				}
			}
		}
		ca, errA := bulk.CountInvoices(ctx, q, domain.SearchCountCap)
		cb, errB := rowwise.CountInvoices(ctx, q, domain.SearchCountCap)
		if errA != nil || errB != nil || fmt.Sprint(ca) != fmt.Sprint(cb) {
			t.Fatalf("search %q: counts %v (%v) after the bulk import, %v (%v) row by row", search, ca, errA, cb, errB)
		}
	}
	// A second run, smaller than what is stored, is written row by row;
	// an update of a customer reaches the search index either way.
	bulkAfter = 100
	moved := invs[5]
	moved.Customer = "Zebra Handel"
	if res, err := bulk.ImportInvoices(ctx, []domain.Invoice{moved}, t0); err != nil || res.Updated != 1 {
		t.Fatalf("update: %+v, %v", res, err)
	}
	page, err := bulk.InvoicePage(ctx, domain.InvoicePage{InvoiceQuery: domain.InvoiceQuery{Search: "zebra", Mode: domain.ModeTest, Today: t0}, Limit: 10})
	if err != nil || len(page) != 1 || page[0].Number != moved.Number {
		t.Fatalf("search for the updated customer: %v, %v", page, err)
	}
}

// The filter of numbers a run added never misses one, and takes few
// others for one of them.
func TestNumberFilter(t *testing.T) {
	f := newNumberFilter()
	for i := range 100_000 {
		f.add(fmt.Sprintf("INV-%06d", i))
	}
	wrong := 0
	for i := range 100_000 {
		if !f.mayHold(fmt.Sprintf("inv-%06d", i)) { // the same when folded
			t.Fatalf("inv-%06d was added, folded, and is missed", i)
		}
		if f.mayHold(fmt.Sprintf("INV-%06d", 100_000+i)) {
			wrong++
		}
	}
	if wrong > 1000 {
		t.Fatalf("%d of 100,000 numbers never added are taken for added ones", wrong)
	}
}
