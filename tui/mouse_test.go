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

func wheel(b tea.MouseButton, x, y int) tea.Msg { return tea.MouseWheelMsg{X: x, Y: y, Button: b} }

// The wheel scrolls the view under the pointer: over the status pane its
// facts, over the list the list; the help and the details when they are
// open.
func TestWheelScrollsTheViewUnderThePointer(t *testing.T) {
	// Short enough that the pane beside the list cannot show all its facts.
	d := newFixture(t).start(t, en(), 120, 20)
	d.selectInvoice("INV-2026-002")
	before := d.screenText()
	pane := &d.m.invoices.pane
	if pane.nav.n <= pane.nav.rows {
		t.Fatalf("the pane shows all %d lines in %d rows; the test needs fewer rows", pane.nav.n, pane.nav.rows)
	}
	paneX, listX, y := d.m.invoices.list.width+5, 5, bodyFirst+invoiceTopBar+2
	cursor := d.m.invoices.list.nav.cursor
	d.send(wheel(tea.MouseWheelDown, paneX, y))
	if d.m.invoices.list.nav.cursor != cursor {
		t.Fatal("the wheel over the pane moved the list's cursor")
	}
	if first, _ := pane.nav.Window(); first == 0 {
		t.Fatal("the wheel over the pane did not scroll it")
	}
	if d.screenText() == before {
		t.Fatal("the scrolled pane looks as before")
	}
	d.send(wheel(tea.MouseWheelUp, paneX, y))
	if first, _ := pane.nav.Window(); first != 0 {
		t.Fatalf("wheel up over the pane left it at line %d", first)
	}
	d.send(wheel(tea.MouseWheelDown, listX, y))
	if d.m.invoices.list.nav.cursor == cursor {
		t.Fatal("the wheel over the list did not move its cursor")
	}

	// Below the list on a narrow terminal, the pane is under the pointer.
	d = newFixture(t).start(t, en(), 80, 24)
	d.selectInvoice("INV-2026-002")
	cursor = d.m.invoices.list.nav.cursor
	below := bodyFirst + invoiceTopBar + d.m.invoices.list.nav.rows + 2
	d.send(wheel(tea.MouseWheelDown, 10, below))
	if d.m.invoices.list.nav.cursor != cursor {
		t.Fatal("the wheel over the pane below the list moved the list's cursor")
	}
	d.send(wheel(tea.MouseWheelDown, 10, bodyFirst+invoiceTopBar+2))
	if d.m.invoices.list.nav.cursor == cursor {
		t.Fatal("the wheel over the list did not move its cursor")
	}
}
