package tui

import (
	"context"
	"slices"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// startsLikeFullScan fails unless the list holds the full scan's first
// rows, as many as it holds, and some when the scan finds any.
func startsLikeFullScan(t *testing.T, f *fixture, d *driver, what string) []string {
	t.Helper()
	want := fullOrder(t, f, d.m)
	got := visibleNumbers(d.m)
	if !d.m.invoices.list.atStart || len(got) > len(want) || !slices.Equal(got, want[:len(got)]) || len(got) == 0 && len(want) > 0 {
		t.Fatalf("%s (search %q): the list begins %v, the full scan %v", what, d.m.invoices.list.query,
			got[:min(5, len(got))], want[:min(5, len(want))])
	}
	return got
}

// Typing a search a letter at a time narrows it, and each letter's read
// starts at the previous search's first match; erasing letters goes back
// to searches read before. Either way the list shows what a full scan
// finds, in every order, for searches with many matches, few, and none.
func TestSearchNarrowsAndWidensAsAFullScan(t *testing.T) {
	f := bigFixture(t, 700)
	d := f.start(t, en(), 120, 40)
	for range sortCount {
		d.key("s")
		d.key("/")
		for _, word := range []string{"hotel oranje 12", "inv-00001", "café zz"} {
			for _, r := range word {
				d.typeText(string(r))
				startsLikeFullScan(t, f, d, "typed")
			}
			for range word {
				d.key("backspace")
				startsLikeFullScan(t, f, d, "erased")
			}
		}
		d.key("enter")
	}
}

// What the list remembers of earlier searches is dropped when the book
// changes: an invoice added before the first match of the searches read
// so far is found by the next letter typed and by the next one erased.
func TestSearchAfterAChangeFindsANewFirstMatch(t *testing.T) {
	f := bigFixture(t, 700)
	d := f.start(t, en(), 120, 40)
	d.key("/")
	d.typeText("hotel oranje 1")
	first := startsLikeFullScan(t, f, d, "typed")
	early := invoice("EARLY-1", "Hotel Oranje 12", 5000, day(2020, 1, 1))
	if len(first) == 0 || first[0] == early.Number {
		t.Fatalf("the search shows %v before the change", first)
	}
	if _, err := f.store.ImportInvoices(context.Background(), []domain.Invoice{early}, testNow); err != nil {
		t.Fatal(err)
	}
	reads := d.m.invoicesRead.gen
	d.send(d.m.loadInvoices()())
	d.until("the re-read", func(m Model) bool {
		return m.invoicesRead.gen > reads && !m.invoicesRead.running && m.invoices.list.settled()
	})
	for _, step := range []string{"2", "backspace", "backspace", "backspace"} {
		if step == "backspace" {
			d.key(step)
		} else {
			d.typeText(step)
		}
		if got := startsLikeFullScan(t, f, d, step); got[0] != early.Number {
			t.Fatalf("after %s the search %q begins %v, not with the invoice added", step, d.m.invoices.list.query, got[:min(3, len(got))])
		}
	}
}

// A read keeps the hint it was given while the memo takes in the pages of
// later reads: the hint is the memo's page as it was, not a place in it.
func TestSearchMemoHintOutlivesLaterPages(t *testing.T) {
	var m searchMemo
	page := func(search string, rows ...domain.Invoice) invoiceWindowMsg {
		return invoiceWindowMsg{read: windowRead{search: search, limit: 64}, rows: rows, atEnd: true,
			mode: domain.ModeTest, today: testNow}
	}
	a := invoice("A-1", "Hotel", 100, day(2026, 1, 1))
	b := invoice("B-1", "Hotel Oranje", 100, day(2026, 1, 2))
	m.remember(page("hotel", a, b))
	m.remember(page("hotel oranje", b))
	h := m.hint(windowRead{search: "Hotel Oranje", limit: 64}, domain.ModeTest)
	if h == nil || h.folded != "hotel oranje" {
		t.Fatalf("the hint for a search read before is %+v", h)
	}
	m.remember(page("hotel", a, b))
	m.remember(page("hotel o", b))
	if h.folded != "hotel oranje" || len(h.rows) != 1 || h.rows[0].Number != b.Number {
		t.Fatalf("the memo's later pages changed the hint given to %q (%d rows)", h.folded, len(h.rows))
	}
	n := m.hint(windowRead{search: "hotel oranje 5", limit: 64}, domain.ModeTest)
	if n == nil || n.folded != "hotel oranje" {
		t.Fatalf("a narrower search starts from %+v, not the search read whose first match is furthest on", n)
	}
	m.forget()
	if h := m.hint(windowRead{search: "hotel oranje", limit: 64}, domain.ModeTest); h != nil {
		t.Fatalf("after a change the memo still hints %+v", h)
	}
}
