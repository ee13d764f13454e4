package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

func click(x, y int) tea.Msg { return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft} }

// A click on a screen's tab shows it; on a filter tab filters; on a row
// selects it; on the selected row opens its details.
func TestMouseClicks(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	// " 1 Invoices   2 Payments  [3 Log] …": "3 Log" starts at column 26.
	d.send(click(28, navLine))
	if d.m.active != screenLog {
		t.Fatalf("a click on the Log tab shows screen %d", d.m.active)
	}
	d.send(click(2, navLine))
	if d.m.active != screenInvoices {
		t.Fatalf("a click on the Invoices tab shows screen %d", d.m.active)
	}
	first := visibleNumbers(d.m)
	rowY := bodyFirst + invoiceTopBar + 1 // the first row, under the column header
	d.send(click(5, rowY+2))
	if n, _ := d.m.invoices.list.SelectedNumber(); n != first[2] {
		t.Fatalf("a click on the third row selected %s, want %s", n, first[2])
	}
	d.send(click(5, rowY+2))
	d.until("the details", func(m Model) bool { return m.details.number == first[2] })
	d.key("esc")

	// "[All 11]  Unpaid 8   Awaiting payment 2   Paid 2 …": Paid starts at column 42.
	d.send(click(44, bodyFirst))
	if d.m.invoices.list.tab != tabPaid {
		t.Fatalf("a click on the Paid tab shows tab %d\n%s", d.m.invoices.list.tab, d.screenText())
	}
}
