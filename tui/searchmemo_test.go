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
