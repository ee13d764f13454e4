package tui

import (
	"context"
	"strings"
	"testing"
	"time"

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

// The log says its values as the panes do, in the reader's language:
// amounts and dates formatted for it, payment methods by name, statuses in
// the one vocabulary; in the list and in an entry's detail view.
func TestLogValuesAreFormattedLikeThePanes(t *testing.T) {
	expires := time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)
	amount := domain.NewMoney(184050, "EUR")
	entries := []domain.LogEntry{
		{Event: domain.EventStatus, InvoiceNumber: "INV-2026-003", MollieID: "pl_3kLm9QaZ2x",
			Says: domain.Say("log.status", domain.Say("log.what.link"), "pl_3kLm9QaZ2x", domain.StatusOpen, domain.StatusPaid,
				domain.Say("log.paid_amount_by", amount, domain.PaymentMethod("banktransfer")))},
		{Event: domain.EventCreate, InvoiceNumber: "INV-2026-002", MollieID: "pl_8Rt4VbNx1c",
			Says: domain.Say("log.created_until", domain.KindLink, "pl_8Rt4VbNx1c", amount, expires)},
	}
	raw := []string{"1840.50", "banktransfer", "2026-12-31T23:59:59"}
	for _, lang := range []string{"en", "de", "nl"} {
		t.Run(lang, func(t *testing.T) {
			f := newFixture(t)
			for _, e := range entries {
				e.At, e.Level, e.Actor, e.Message = testNow, domain.LevelInfo, testActor, e.Says.String()
				if _, err := f.store.AppendLog(context.Background(), e); err != nil {
					t.Fatal(err)
				}
			}
			d := f.start(t, Options{Lang: lang, Color: "never"}, 200, 40)
			p := d.m.sh.p
			want := []string{p.Money(amount), p.Method("banktransfer"), p.Status(domain.StatusPaid), p.Status(domain.StatusOpen), p.DateTime(expires)}
			check := func(where, text string) {
				t.Helper()
				text = strings.Join(strings.Fields(text), " ")
				for _, w := range want {
					if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
						t.Errorf("%s lacks %q:\n%s", where, w, text)
					}
				}
				for _, r := range raw {
					if strings.Contains(text, r) {
						t.Errorf("%s shows the stored form %q:\n%s", where, r, text)
					}
				}
			}
			d.key("3")
			// The new rows only: the fixture's older rows keep their text.
			var rows []string
			for _, l := range strings.Split(d.screenText(), "\n") {
				if strings.Contains(l, p.DateTime(testNow)) {
					rows = append(rows, l)
				}
			}
			check("the list", strings.Join(rows, "\n"))
			for _, row := range []int{1, 0} {
				d.key("k")
				if row == 0 {
					d.key("j")
				}
				d.key("enter")
				if !d.m.logs.detail {
					t.Fatal("enter did not open the entry")
				}
				e, _ := d.m.logs.Selected()
				text := strings.Join(strings.Fields(d.screenText()), " ")
				if !strings.Contains(text, strings.Join(strings.Fields(p.Log(e)), " ")) {
					t.Errorf("the entry's detail does not say %q:\n%s", p.Log(e), d.screenText())
				}
				for _, r := range raw {
					if strings.Contains(text, r) {
						t.Errorf("the entry's detail shows the stored form %q:\n%s", r, text)
					}
				}
				d.key("esc")
			}
		})
	}
}
