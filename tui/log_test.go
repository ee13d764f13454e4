package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/domain"
)

// shownLog lists the messages the log screen lets through, oldest first.
func shownLog(m Model) []string {
	out := make([]string, 0, len(m.logs.index))
	for _, i := range m.logs.index {
		out = append(out, m.sh.p.Log(m.logs.entries[i]))
	}
	return out
}

func TestLogScreenKeys(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	d.key("3")
	if !d.m.logs.follow || d.m.logs.scroll.cursor != 7 {
		t.Fatalf("the log does not start at its end: follow %v, row %d", d.m.logs.follow, d.m.logs.scroll.cursor)
	}
	d.key("k")
	if d.m.logs.follow {
		t.Fatal("scrolling back still follows")
	}
	d.key("f")
	if !d.m.logs.follow || d.m.logs.scroll.cursor != 7 {
		t.Fatal("f did not follow again")
	}
	d.key("f")
	if d.m.logs.follow {
		t.Fatal("f did not stop following")
	}

	d.key("l")
	if got := shownLog(d.m); len(got) != 2 || !strings.Contains(d.screenText(), "level: WARN and worse") {
		t.Fatalf("warn and worse: %v", got)
	}
	d.key("l")
	if got := shownLog(d.m); len(got) != 1 || !strings.HasPrefix(got[0], "status sync failed") {
		t.Fatalf("errors: %v", got)
	}
	d.key("l")
	if got := shownLog(d.m); len(got) != 8 {
		t.Fatalf("l did not come back to all levels: %d rows", len(got))
	}

	d.key("/")
	d.typeText("TR_")
	if got := shownLog(d.m); len(got) != 3 {
		t.Fatalf("search tr_ finds %v", got)
	}
	d.key("enter")
	d.key("esc")
	if got := shownLog(d.m); len(got) != 8 {
		t.Fatalf("esc did not clear the search: %d rows", len(got))
	}

	// i keeps the rows of the invoice under the cursor.
	d.key("g")
	d.key("j") // INV-2026-003's link was created
	d.key("i")
	if d.m.logs.invoice != "INV-2026-003" || len(shownLog(d.m)) != 2 {
		t.Fatalf("invoice filter %q shows %v", d.m.logs.invoice, shownLog(d.m))
	}
	d.key("i")
	if d.m.logs.invoice != "" || len(shownLog(d.m)) != 8 {
		t.Fatal("i did not clear the invoice filter")
	}
}

func TestLogEnterShowsTheEntryThenJumpsToTheInvoice(t *testing.T) {
	d := newFixture(t).start(t, en(), 80, 24)
	d.key("3")
	d.key("enter") // the last row has no invoice
	if !d.m.logs.detail {
		t.Fatal("enter did not open the entry")
	}
	e, _ := d.m.logs.Selected()
	text := strings.Join(strings.Fields(d.screenText()), " ")
	if !strings.Contains(text, strings.Join(strings.Fields(e.Message), " ")) || !strings.Contains(text, "HTTP status 503") {
		t.Fatalf("the entry is not shown whole:\n%s", d.screenText())
	}
	d.key("enter")
	if d.m.active != screenLog {
		t.Fatal("enter on an entry without an invoice left the log")
	}
	d.key("esc")
	if d.m.logs.detail {
		t.Fatal("esc did not go back to the list")
	}
	d.key("k") // INV-2026-002's failed attempt
	d.key("enter")
	d.key("enter")
	d.until("the jump", func(m Model) bool { return m.active == screenInvoices && m.invoices.list.settled() })
	if n, _ := d.m.invoices.list.SelectedNumber(); n != "INV-2026-002" {
		t.Fatalf("jumped to %s", n)
	}
	// A jump to an invoice the search hides clears the search.
	d.key("/")
	d.typeText("acme")
	d.key("enter")
	d.key("3")
	d.key("enter")
	d.key("enter")
	d.until("the jump", func(m Model) bool { return m.active == screenInvoices && m.invoices.list.settled() })
	if n, _ := d.m.invoices.list.SelectedNumber(); n != "INV-2026-002" || d.m.invoices.filter.Value() != "" {
		t.Fatalf("jumped to %q with search %q", n, d.m.invoices.filter.Value())
	}
}

func TestLogFollowsNewRows(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, en(), 120, 40)
	d.key("3")
	f.svc.Note(context.Background(), domain.LogEntry{Event: domain.EventCopy, InvoiceNumber: "INV-2026-009", Message: "payment link copied by a colleague"})
	d.until("the new row", func(m Model) bool { return len(m.logs.entries) == 9 })
	if e, _ := d.m.logs.Selected(); e.Message != "payment link copied by a colleague" {
		t.Fatalf("the cursor is on %q, not the new row", e.Message)
	}
	// Not following: the cursor stays where the reader is.
	d.key("g")
	f.svc.Note(context.Background(), domain.LogEntry{Event: domain.EventCopy, Message: "another row"})
	d.until("the second new row", func(m Model) bool { return len(m.logs.entries) == 10 })
	if d.m.logs.scroll.cursor != 0 {
		t.Fatalf("the cursor moved to %d while not following", d.m.logs.scroll.cursor)
	}
	if !strings.Contains(d.screenText(), "10 of 10 rows") {
		t.Fatal("the count is not updated")
	}
}
