package persistence

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/domain"
)

// Rows written before the folded columns existed (or by any writer that
// left them empty) are folded when the database opens, so that search and
// the customer order find them.
func TestOpenFoldsRowsWithoutFoldedText(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "paydesk.db")
	s := openAt(t, path)
	inv := testInvoice("INV-Ä1", 1000)
	inv.Customer = "ÖLWERK Nord"
	mustImport(t, s, inv)
	if _, err := s.db.ExecContext(ctx, `UPDATE invoices SET number_fold = NULL, customer_fold = NULL`); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openAt(t, path)
	for _, search := range []string{"ölwerk", "werk nord", "ä1", "inv"} {
		q := domain.InvoiceQuery{Search: search, Mode: domain.ModeTest, Today: time.Now()}
		got, err := s.InvoicePage(ctx, domain.InvoicePage{InvoiceQuery: q, Order: domain.OrderCustomer, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Number != inv.Number {
			t.Errorf("search %q after reopening: %v, want %s", search, numbersOf(got), inv.Number)
		}
	}
}

func numbersOf(invs []domain.Invoice) []string {
	out := make([]string, len(invs))
	for i, inv := range invs {
		out[i] = inv.Number
	}
	return out
}

// Every order, both ways, from a key or from either end, is read through
// its index: no page sorts the table, nor does the page of a common search
// (its rows are tested as the index is walked).
func TestInvoicePagesUseIndexes(t *testing.T) {
	s := openTest(t)
	mustImport(t, s, manyInvoices(50)...)
	key := &domain.InvoiceKey{Number: "INV-00010"}
	queries := []domain.InvoiceQuery{{Mode: domain.ModeLive}, {Search: "inv-", Mode: domain.ModeLive}}
	for order := range domain.InvoiceOrders {
		for _, q := range queries {
			for _, p := range []domain.InvoicePage{{}, {After: key}, {Before: key, Reverse: true}, {Last: true}} {
				q.Today = time.Now()
				p.InvoiceQuery = q
				p.Order, p.Limit = order, 40
				checkPagePlan(t, s, p)
			}
		}
	}
	// The tabs that hold much of the book walk the order's index too,
	// rather than sorting all their rows from an owing index; by due date
	// that index is in the order already, up to the numbers of one day.
	for order := range domain.InvoiceOrders {
		if order == domain.OrderDue {
			continue
		}
		for tab := range tabWalks {
			for _, mode := range []domain.Mode{domain.ModeLive, domain.ModeTest} {
				for _, p := range []domain.InvoicePage{{}, {After: key}, {Last: true}} {
					p.InvoiceQuery = domain.InvoiceQuery{Filter: tab, Mode: mode, Today: time.Now()}
					p.Order, p.Limit = order, 40
					checkPagePlan(t, s, p)
				}
			}
		}
	}
}

// A search common enough to be answered by walking the order's index and
// one rare enough to go through the trigram index give the pages the
// in-memory answer gives, in every order, both ways, from either end and
// from a key.
func TestSearchPagesCommonAndRare(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	invs := manyInvoices(commonSearch + 100)
	for i := range invs {
		invs[i].Customer = fmt.Sprintf("Kunde Ä%d", i%3)
	}
	mustImport(t, s, invs...)
	all, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, search := range []string{"kunde ä", "INV-0012", "ä2"} {
		for order := range domain.InvoiceOrders {
			q := domain.InvoiceQuery{Search: search, Mode: domain.ModeTest, Today: time.Now()}
			key := all[len(all)/2].Key(order, q.Mode)
			for _, p := range []domain.InvoicePage{{}, {Reverse: true}, {After: &key}, {Before: &key}, {Last: true}} {
				p.InvoiceQuery, p.Order, p.Limit = q, order, 30
				got, err := s.InvoicePage(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				want := domain.PageOf(p, all)
				if len(want) == 0 && p.From() == nil || !slices.Equal(numbersOf(got), numbersOf(want)) {
					t.Errorf("search %q, order %d, page %+v:\n got %v\nwant %v", search, order, p, numbersOf(got), numbersOf(want))
				}
			}
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for search, want := range map[string]bool{"kunde ä": true, "INV-0012": false} {
		if common, err := isCommonSearch(ctx, tx, search); err != nil || common != want {
			t.Errorf("search %q: common %v (%v), want %v", search, common, err, want)
		}
	}
}

// checkPagePlan fails the test when the page of a query that walks (no
// search, or a common one) is not read through an index.
func checkPagePlan(t *testing.T, s *Store, p domain.InvoicePage) {
	t.Helper()
	query, args := pageSQL(p, true)
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(detail + "\n")
	}
	if strings.Contains(plan.String(), "TEMP B-TREE") || !strings.Contains(plan.String(), "INDEX") {
		t.Errorf("order %d, filter %q, search %q, page %+v: not read through an index:\n%s",
			p.Order, p.Filter, p.Search, p, plan.String())
	}
}

// A large import sets the indexes aside and builds them again at its end;
// the counter of invoices and the partial indexes the tab counts read must
// agree with the invoices afterwards, and the search find them.
func TestTabCountsAfterALargeImport(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	old := bulkAfter
	bulkAfter = 50
	t.Cleanup(func() { bulkAfter = old })
	invs := manyInvoices(400)
	for i := range invs {
		switch i % 5 {
		case 0:
			invs[i].PaidOutside = invs[i].Total
		case 1:
			invs[i].Kind = domain.KindCreditNote
		case 2:
			invs[i].DueDate = time.Time{}
		}
		invs[i].Customer = fmt.Sprintf("Kunde Ä%d", i%7)
	}
	mustImport(t, s, invs[:100]...)
	mustImport(t, s, invs...)
	all, err := s.Invoices(ctx, domain.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, search := range []string{"", "kunde ä3", "ä"} {
		q := domain.InvoiceQuery{Search: search, Mode: domain.ModeLive, Today: time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)}
		got, err := s.CountInvoices(ctx, q, len(all))
		if err != nil {
			t.Fatal(err)
		}
		want := domain.CountTabs(q, all, len(all))
		for _, tab := range domain.InvoiceTabs {
			if got[tab] != want[tab] {
				t.Errorf("search %q, tab %q: the store counts %v, the invoices %v", search, tab, got[tab], want[tab])
			}
		}
	}
}

// The trigram index only proposes invoices that hold every trigram of a
// search; an invoice that holds them apart (abc and bcd, not abcd) is not
// a match, in a page or in the counts.
func TestSearchHoldsTheWholeText(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	names := map[string]string{"T-1": "Abc Bcd", "T-2": "xABCDx", "T-ABCD": "Other", "T-4": "Aaa Baaa", "T-5": `Say "Quo"`}
	var invs []domain.Invoice
	for number, customer := range names {
		inv := testInvoice(number, 1000)
		inv.Customer = customer
		invs = append(invs, inv)
	}
	mustImport(t, s, invs...)
	for search, want := range map[string][]string{"abcd": {"T-2", "T-ABCD"}, "AAAA": nil, "aaa b": {"T-4"}, `"quo"`: {"T-5"}, `y "`: {"T-5"}} {
		q := domain.InvoiceQuery{Search: search, Mode: domain.ModeTest, Today: t0}
		got, err := s.InvoicePage(ctx, domain.InvoicePage{InvoiceQuery: q, Limit: 10})
		if err != nil || !slices.Equal(numbersOf(got), want) {
			t.Errorf("search %q = %v (%v), want %v", search, numbersOf(got), err, want)
		}
		counts, err := s.CountInvoices(ctx, q, domain.SearchCountCap)
		if err != nil || counts[""] != (domain.TabCount{N: len(want)}) {
			t.Errorf("search %q counts %v (%v), want %d in all", search, counts, err, len(want))
		}
	}
}

func TestSearchTrigrams(t *testing.T) {
	for folded, want := range map[string]string{
		"ab":        "",
		"abc":       `"abc"`,
		"abcd":      `"abc" AND "bcd"`,
		"aaaa":      `"aaa"`,
		"müll":      `"mül" AND "üll"`,
		`a"bc`:      `"a""b" AND """bc"`,
		"a\xffbcde": "",
	} {
		got, ok := searchTrigrams(folded)
		if got != want || ok != (want != "") {
			t.Errorf("searchTrigrams(%q) = %q, %v; want %q", folded, got, ok, want)
		}
	}
}
