package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/paydesk/paydesk/domain"
)

func TestAmountWidth(t *testing.T) {
	for _, m := range []domain.Money{eur(0), eur(5), eur(-5), eur(99), eur(100), eur(123456), eur(-123456), eur(100000000),
		eur(99999999999), domain.NewMoney(185000, "JPY"), domain.NewMoney(1000, "JPY"), domain.NewMoney(-999, "JPY")} {
		if got, want := amountWidth(m), len(m.Format('.', ',')); got != want {
			t.Errorf("amountWidth(%s) = %d, formatted %q", m, got, m.Format('.', ','))
		}
	}
}

// bigFixture is the sample book with enough invoices that the list holds
// only a window of them.
func bigFixture(t *testing.T, n int) *fixture {
	f := newFixture(t)
	invs := manyInvoices(n)
	for i := range invs {
		invs[i].ID, invs[i].LastPayment, invs[i].Test = 0, nil, domain.Settlement{}
		if i%4 == 0 {
			invs[i].PaidOutside = invs[i].Total
		}
	}
	if _, err := f.store.ImportInvoices(context.Background(), invs, testNow); err != nil {
		t.Fatal(err)
	}
	return f
}

// fullOrder is the list as one scan of the store orders it.
func fullOrder(t *testing.T, f *fixture, m Model) []string {
	t.Helper()
	l := m.invoices.list
	all, err := f.store.Invoices(context.Background(), domain.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	p := domain.InvoicePage{InvoiceQuery: domain.InvoiceQuery{Filter: l.tab.filter(), Search: l.query, Mode: l.mode, Today: l.today},
		Order: l.sortBy.order(), Reverse: l.reverse, Limit: len(all) + 1}
	var out []string
	for _, inv := range domain.PageOf(p, all) {
		out = append(out, inv.Number)
	}
	return out
}

func selected(m Model) string {
	n, _ := m.invoices.list.SelectedNumber()
	return n
}

// The cursor walks the whole windowed list row by row and page by page,
// down and up, meeting every invoice in the full scan's order, while the
// list never holds more than a few pages.
func TestWindowedListMovesThroughEveryRow(t *testing.T) {
	f := bigFixture(t, 700)
	d := f.start(t, en(), 120, 40)
	want := fullOrder(t, f, d.m)
	l := d.m.invoices.list
	if len(l.rows) >= len(want) || !l.atStart || l.atEnd {
		t.Fatalf("the list holds %d of %d rows (start %v, end %v); want a window", len(l.rows), len(want), l.atStart, l.atEnd)
	}
	if l.Len() != len(want) {
		t.Fatalf("the list says it shows %d, the store holds %d", l.Len(), len(want))
	}
	held := pagesHeld * l.pageSize()
	var got []string
	for i := range want {
		if i > 0 {
			d.key("down")
		}
		got = append(got, selected(d.m))
		if n := len(d.m.invoices.list.rows); n > held+l.pageSize() {
			t.Fatalf("row %d: the list holds %d rows", i, n)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("walking down met the rows in another order than the full scan")
	}
	for i := len(want) - 2; i >= 0; i-- {
		d.key("up")
		if n := selected(d.m); n != want[i] {
			t.Fatalf("walking up, row %d: %s, want %s", i, n, want[i])
		}
	}
	page := d.m.invoices.list.nav.rows
	for i := page; i < len(want); i += page {
		d.key("pgdown")
		if n := selected(d.m); n != want[i] {
			t.Fatalf("page down to row %d: %s, want %s", i, n, want[i])
		}
	}
}

// The rows kept as drawn are the rows drawn afresh: after moves, page
// reads at either end, a change of order and a lighter terminal.
func TestWindowedListDrawsKeptRowsAsNew(t *testing.T) {
	f := bigFixture(t, 700)
	d := f.start(t, Options{Lang: "en", Color: "always"}, 120, 40)
	same := func(after string) {
		t.Helper()
		d.until("the rows "+after, func(m Model) bool { return m.invoices.list.shown() })
		l := d.m.invoices.list
		kept := l.View()
		fresh := *l
		fresh.drawn = nil
		if want := fresh.View(); kept != want {
			t.Fatalf("after %s the list draws\n%s\nwhere drawn afresh it is\n%s", after, kept, want)
		}
	}
	same("the first read")
	for _, k := range []string{"down", "down", "pgdown", "pgdown", "pgdown", "pgdown", "up", "G", "pgup", "pgup", "pgup", "g", "s", "down"} {
		d.key(k)
		same(k)
	}
	d.send(tea.BackgroundColorMsg{Color: lightBackground})
	same("the terminal turned out light")
}

// End reads the list's last page, home its first; up from the end reads
// backwards.
func TestWindowedListJumpsToEitherEnd(t *testing.T) {
	f := bigFixture(t, 700)
	d := f.start(t, en(), 120, 40)
	want := fullOrder(t, f, d.m)
	d.key("G")
	if n := selected(d.m); n != want[len(want)-1] || !d.m.invoices.list.atEnd {
		t.Fatalf("end: %s, want %s", n, want[len(want)-1])
	}
	if d.m.invoices.list.atStart {
		t.Fatal("after the jump the list still holds its start")
	}
	for i := len(want) - 2; i >= len(want)-300; i-- {
		d.key("up")
		if n := selected(d.m); n != want[i] {
			t.Fatalf("up from the end, row %d: %s, want %s", i, n, want[i])
		}
	}
	d.key("g")
	if n := selected(d.m); n != want[0] || !d.m.invoices.list.atStart {
		t.Fatalf("home: %s, want %s", n, want[0])
	}
}

// Searching, switching tabs and changing the order read the first window
// of the new list and the counts of the search from the store.
func TestWindowedListSearchTabsAndOrder(t *testing.T) {
	f := bigFixture(t, 700)
	d := f.start(t, en(), 120, 40)
	check := func(what string) {
		t.Helper()
		want := fullOrder(t, f, d.m)
		got := visibleNumbers(d.m)
		if len(got) > len(want) || !slices.Equal(got, want[:len(got)]) || len(got) == 0 && len(want) > 0 {
			t.Fatalf("%s: the list begins %v, the full scan %v", what, got[:min(5, len(got))], want[:min(5, len(want))])
		}
		l := d.m.invoices.list
		all, _ := f.store.Invoices(context.Background(), domain.InvoiceFilter{})
		counts := domain.CountTabs(domain.InvoiceQuery{Search: l.query, Mode: l.mode, Today: l.today}, all, domain.SearchCountCap)
		for tab := tabAll; tab < tabCount; tab++ {
			if l.counts[tab.filter()] != counts[tab.filter()] {
				t.Fatalf("%s: tab %d counts %v, the full scan %v", what, tab, l.counts[tab.filter()], counts[tab.filter()])
			}
		}
		if l.Len() != len(want) {
			t.Fatalf("%s: the list says %d, the full scan finds %d", what, l.Len(), len(want))
		}
	}
	d.key("/")
	for _, r := range "hotel 1" {
		d.typeText(string(r))
		check("search " + d.m.invoices.filter.Value())
	}
	d.key("enter")
	for range tabCount {
		d.key("l")
		check("tab")
	}
	for range sortCount {
		d.key("s")
		check("order")
		d.key("S")
		check("reversed order")
	}
	d.key("esc")
	check("search cleared")
}

// A change underneath re-reads the window around the selected invoice,
// which stays on the same line of the screen.
func TestWindowedListKeepsTheSelectionOnAChange(t *testing.T) {
	f := bigFixture(t, 700)
	d := f.start(t, en(), 120, 40)
	for range 150 {
		d.key("down")
	}
	d.key("pgdown")
	number, line := selected(d.m), d.m.invoices.list.nav.cursor-d.m.invoices.list.nav.offset
	if _, err := f.store.RecordExternalPayment(context.Background(), domain.ExternalPayment{
		InvoiceNumber: fullOrder(t, f, d.m)[3], Amount: eur(1), At: testNow}); err != nil {
		t.Fatal(err)
	}
	reads := d.m.invoicesRead.gen
	d.send(d.m.loadInvoices()())
	d.until("the re-read", func(m Model) bool {
		return m.invoicesRead.gen > reads && !m.invoicesRead.running && m.invoices.list.settled()
	})
	l := d.m.invoices.list
	if n := selected(d.m); n != number || l.nav.cursor-l.nav.offset != line {
		t.Fatalf("after the change %s on line %d is selected; before %s on line %d", n, l.nav.cursor-l.nav.offset, number, line)
	}
	want := fullOrder(t, f, d.m)
	i := slices.Index(want, number)
	if got := visibleNumbers(d.m); !slices.Equal(got[l.nav.cursor-min(l.nav.cursor, 10):l.nav.cursor+10], want[i-min(l.nav.cursor, 10):i+10]) {
		t.Fatal("the rows around the selection are not the full scan's")
	}
}

// The log pages the same way: from the newest entries up to the oldest of
// more than it keeps, and down again to the newest, meeting every entry
// in order while holding at most logKeep.
func TestLogPagesThroughMoreThanItKeeps(t *testing.T) {
	f := newFixture(t)
	for i := range logKeep + 1500 {
		if _, err := f.store.AppendLog(context.Background(), domain.LogEntry{At: testNow, Event: domain.EventSync,
			Message: fmt.Sprintf("entry %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := f.store.Log(context.Background(), domain.LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	d := f.start(t, en(), 120, 40)
	d.key("3")
	id := func() int64 { e, _ := d.m.logs.Selected(); return e.ID }
	newest, oldest := all[0].ID, all[len(all)-1].ID
	if id() != newest || len(d.m.logs.entries) != logFirstRead {
		t.Fatalf("the log opens on %d holding %d; want %d holding %d", id(), len(d.m.logs.entries), newest, logFirstRead)
	}
	var seen []int64
	for i := 0; id() != oldest && i < len(all); i++ {
		seen = append(seen, id())
		d.key("up")
		if len(d.m.logs.entries) > logKeep {
			t.Fatalf("the log holds %d entries", len(d.m.logs.entries))
		}
	}
	seen = append(seen, id())
	if len(seen) != len(all) || seen[0] != newest || seen[len(seen)-1] != oldest {
		t.Fatalf("walking up met %d of %d entries, from %d to %d", len(seen), len(all), seen[0], seen[len(seen)-1])
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] >= seen[i-1] {
			t.Fatalf("walking up met %d after %d", seen[i], seen[i-1])
		}
	}
	if !d.m.logs.newer {
		t.Fatal("holding the oldest entries, the log does not know it lacks the newest")
	}
	for i := 0; id() != newest && i < len(all); i++ {
		d.key("pgdown")
	}
	if id() != newest {
		t.Fatalf("paging down ended at %d, want the newest %d", id(), newest)
	}
}

// The payments screen pages too: down from the newest to the oldest of
// more than it reads at first, every payment once, in the store's order.
func TestPaymentsPageThroughOlderPayments(t *testing.T) {
	f := newFixture(t)
	var more []domain.Payment
	for i := range 3*recentPayments + 17 {
		more = append(more, domain.Payment{ID: int64(100 + i), InvoiceNumber: "INV-2026-001", Kind: domain.KindLink, Mode: domain.ModeTest,
			MollieID: fmt.Sprintf("pl_old%04d", i), Amount: eur(100), Status: domain.StatusExpired,
			CreatedAt: day(2025, 1, 1).Add(time.Duration(i/2) * time.Hour)}) // pairs created at once: ties go by id
	}
	f.store.SeedPayments(more)
	all, err := f.store.Payments(context.Background(), domain.PaymentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	d := f.start(t, en(), 120, 40)
	d.key("2")
	if len(d.m.payments.rows) >= len(all) {
		t.Fatalf("the screen read all %d payments at once", len(all))
	}
	var seen []int64
	for i := range all {
		if i > 0 {
			d.key("down")
		}
		p, _ := d.m.payments.Selected()
		seen = append(seen, p.ID)
	}
	for i := range all {
		if seen[i] != all[i].ID {
			t.Fatalf("row %d: payment %d, the store lists %d", i, seen[i], all[i].ID)
		}
	}
}

// TestTabsSayWhenCountingStopped: counts a store stopped at the cap under
// a search read "10,000+" in the tabs and in what the list shows, with the
// reader's digit grouping; exact counts have no "+".
func TestTabsSayWhenCountingStopped(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {"All 10,000+", "Unpaid 6,500+", "Overdue 1,234+", "10,000+ shown"},
		"de": {"Alle 10.000+", "Offen 6.500+", "10.000+ angezeigt"},
		"nl": {"Alle 10.000+", "Onbetaald 6.500+", "10.000+ getoond"},
	} {
		f := newFixture(t)
		d := f.start(t, Options{Lang: lang, Color: "never"}, 200, 40)
		l := d.m.invoices.list
		d.send(invoiceCountsMsg{gen: l.countsGen, counts: domain.CappedCounts([]int{10_001, 6_500, 3, 0, 1_234}, true, 10_000)})
		text := d.screenText()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the screen lacks %q:\n%s", lang, w, text)
			}
		}
		d.send(invoiceCountsMsg{gen: l.countsGen, counts: domain.CappedCounts([]int{12_345, 6_500, 3, 0, 1_234}, false, 10_000)})
		if tabs := ansi.Strip(d.m.invoices.tabsLine()); strings.Contains(tabs, "+") || !strings.Contains(tabs, want[0][:len(want[0])-len("10,000+")]+"12") {
			t.Errorf("%s: exact counts read %q", lang, tabs)
		}
	}
}
