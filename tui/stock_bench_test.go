package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/paginator"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
)

// The stock Bubbles list and table holding the same 100,000 invoices as
// the benchmarks of paydesk's own list, doing the same things: what the
// custom list is measured against. Each stock component draws only itself
// at 120×40, while paydesk's benchmarks draw the whole frame (header, tabs,
// status pane, help bar), so the comparison favours the stock components.

const (
	stockWidth  = 120
	stockHeight = 40
)

// stockItem is one invoice as a list.DefaultItem, its texts formatted once
// up front, as an application using the stock list would keep them.
type stockItem struct {
	title, desc, filter string
}

func (i stockItem) Title() string       { return i.title }
func (i stockItem) Description() string { return i.desc }
func (i stockItem) FilterValue() string { return i.filter }

func stockItems(invs []domain.Invoice) []list.Item {
	p := i18n.New("en")
	items := make([]list.Item, len(invs))
	for k := range invs {
		inv := &invs[k]
		status := "–"
		if inv.LastPayment != nil {
			status = p.Status(inv.LastPayment.Status)
		}
		items[k] = stockItem{
			title: inv.Number + "  " + inv.Customer,
			desc: p.Date(inv.DueDate) + " · " + p.Money(inv.Total) + " · " +
				p.Money(inv.Outstanding(domain.ModeTest)) + " owed · " + status,
			filter: inv.Number + " " + inv.Customer,
		}
	}
	return items
}

// newStockList is the stock list with its default delegate; arabic swaps
// the dot paginator for "page/pages".
func newStockList(items []list.Item, arabic bool) list.Model {
	l := list.New(items, list.NewDefaultDelegate(), stockWidth, stockHeight)
	l.Title = "Invoices"
	if arabic {
		l.Paginator.Type = paginator.Arabic
	}
	return l
}

func stockRows(invs []domain.Invoice) []table.Row {
	p := i18n.New("en")
	rows := make([]table.Row, len(invs))
	for k := range invs {
		inv := &invs[k]
		status := "–"
		if inv.LastPayment != nil {
			status = p.Status(inv.LastPayment.Status)
		}
		rows[k] = table.Row{inv.Number, inv.Customer, p.Date(inv.DueDate), p.Amount(inv.Total),
			p.Amount(inv.Outstanding(domain.ModeTest)), status}
	}
	return rows
}

func newStockTable(rows []table.Row) table.Model {
	cols := []table.Column{{Title: "Number", Width: 12}, {Title: "Customer", Width: 40}, {Title: "Due", Width: 12},
		{Title: "Total", Width: 14}, {Title: "Outstanding", Width: 14}, {Title: "Status", Width: 12}}
	return table.New(table.WithColumns(cols), table.WithRows(rows), table.WithFocused(true),
		table.WithWidth(stockWidth), table.WithHeight(stockHeight-2))
}

// cursorKey walks down a thousand rows, then up again, like the benchmark
// of paydesk's list.
func cursorKey(i int) tea.KeyPressMsg {
	if i%2000 >= 1000 {
		return keyMsg("up")
	}
	return keyMsg("down")
}

// filterKey types "a" into an empty search and erases it again.
func filterKey(current string) tea.KeyPressMsg {
	if current != "" {
		return keyMsg("backspace")
	}
	return tea.KeyPressMsg{Code: 'a', Text: "a"}
}

func benchStockListCursor(b *testing.B, arabic bool) {
	l := newStockList(stockItems(manyInvoices(100_000)), arabic)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		l, _ = l.Update(cursorKey(i))
		_ = l.View()
	}
}

func BenchmarkStockListCursorMove100k(b *testing.B)       { benchStockListCursor(b, false) }
func BenchmarkStockListArabicCursorMove100k(b *testing.B) { benchStockListCursor(b, true) }

// benchStockListFilter counts a keystroke whole: the list's Update, the
// Cmd it returns (where the stock list filters, with no debounce), the
// matches fed back through Update, and the View.
func benchStockListFilter(b *testing.B, arabic bool) {
	l := newStockList(stockItems(manyInvoices(100_000)), arabic)
	l, _ = l.Update(keyMsg("/"))
	if !l.SettingFilter() {
		b.Fatal("the list did not open its filter")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var cmd tea.Cmd
		l, cmd = l.Update(filterKey(l.FilterValue()))
		l, _ = l.Update(filterMatches(b, cmd))
		_ = l.View()
	}
}

func BenchmarkStockListFilterKeystroke100k(b *testing.B)       { benchStockListFilter(b, false) }
func BenchmarkStockListArabicFilterKeystroke100k(b *testing.B) { benchStockListFilter(b, true) }

// filterMatches runs the Cmds a keystroke returned, each on its own
// goroutine as a program would, and returns the filter's result. The
// cursor blink among them only fires after half a second; it is left to
// fire on its own.
func filterMatches(b *testing.B, cmd tea.Cmd) list.FilterMatchesMsg {
	found := make(chan list.FilterMatchesMsg, 1)
	var start func(tea.Cmd)
	start = func(c tea.Cmd) {
		go func() {
			switch msg := c().(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					if c != nil {
						start(c)
					}
				}
			case list.FilterMatchesMsg:
				found <- msg
			}
		}()
	}
	if cmd == nil {
		b.Fatal("a keystroke in the filter returned no Cmd")
	}
	start(cmd)
	return <-found
}

func BenchmarkStockListFirstFrame100k(b *testing.B) {
	invs := manyInvoices(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = newStockList(stockItems(invs), false).View()
	}
}

func BenchmarkStockListArabicFirstFrame100k(b *testing.B) {
	invs := manyInvoices(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = newStockList(stockItems(invs), true).View()
	}
}

func BenchmarkStockTableCursorMove100k(b *testing.B) {
	t := newStockTable(stockRows(manyInvoices(100_000)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t, _ = t.Update(cursorKey(i))
		_ = t.View()
	}
}

// BenchmarkStockTableFilterKeystroke100k: the table cannot filter, so a
// search has to rebuild its rows; this is the cheapest way to do it, a
// substring test on a lowercase key kept per row, as paydesk's list does.
func BenchmarkStockTableFilterKeystroke100k(b *testing.B) {
	invs := manyInvoices(100_000)
	all := stockRows(invs)
	keys := make([]string, len(invs))
	for k := range invs {
		keys[k] = strings.ToLower(invs[k].Number + " " + invs[k].Customer)
	}
	t := newStockTable(all)
	query := ""
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if query == "" {
			query = "a"
		} else {
			query = ""
		}
		rows := all
		if query != "" {
			rows = make([]table.Row, 0, len(all))
			for k, key := range keys {
				if strings.Contains(key, query) {
					rows = append(rows, all[k])
				}
			}
		}
		t.SetRows(rows)
		_ = t.View()
	}
}

func BenchmarkStockTableFirstFrame100k(b *testing.B) {
	invs := manyInvoices(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = newStockTable(stockRows(invs)).View()
	}
}

// BenchmarkInvoiceListCursorMove100k is paydesk's list alone doing what
// the stock components do above, for a like-for-like comparison: the
// cursor moves and only the list is drawn, at the width it gets at 120×40.
func BenchmarkInvoiceListCursorMove100k(b *testing.B) {
	l := benchModel(b, b.Context(), benchService(b, b.Context(), 100_000)).invoices.list
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%2000 >= 1000 {
			l.nav.Move(-1)
		} else {
			l.nav.Move(1)
		}
		_ = l.View()
	}
}

// BenchmarkSwitchScreen100k goes round the four screens with tab, drawing
// each; every fourth switch lands on the list of 100,000 invoices again.
func BenchmarkSwitchScreen100k(b *testing.B) {
	m := benchModel(b, b.Context(), benchService(b, b.Context(), 100_000))
	tab := keyMsg("tab")
	for want := range screenCount {
		if m.active != (screenInvoices+want)%screenCount {
			b.Fatalf("tab went to screen %d, want %d", m.active, (screenInvoices+want)%screenCount)
		}
		next, _ := m.Update(tab)
		m = next.(Model)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		next, _ := m.Update(tab)
		m = next.(Model)
		_ = m.View()
	}
	if m.invoices.list.Len() != 100_000 {
		b.Fatalf("the list lost invoices while switching: %d", m.invoices.list.Len())
	}
}
