package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
)

func en() Options { return Options{Lang: "en", Color: "never"} }

// isQuit reports whether cmd ends the program.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// visibleNumbers lists the invoice numbers in the list, in order.
func visibleNumbers(m Model) []string {
	l := m.invoices.list
	out := make([]string, 0, len(l.rows))
	for _, inv := range l.rows {
		out = append(out, inv.Number)
	}
	return out
}

func TestScreenKeys(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	steps := []struct {
		key  string
		want int
	}{
		{"2", screenPayments}, {"3", screenLog}, {"4", screenSetup}, {"5", screenSummary}, {"1", screenInvoices},
		{"tab", screenPayments}, {"tab", screenLog}, {"tab", screenSetup}, {"tab", screenSummary}, {"tab", screenInvoices},
		{"shift+tab", screenSummary}, {"shift+tab", screenSetup},
	}
	for _, s := range steps {
		d.key(s.key)
		if d.m.active != s.want {
			t.Fatalf("after %q the screen is %d, want %d", s.key, d.m.active, s.want)
		}
	}
}

func TestQuitKeys(t *testing.T) {
	d := newFixture(t).start(t, en(), 80, 24)
	for _, k := range []string{"q", "ctrl+c"} {
		_, cmd := d.m.Update(keyMsg(k))
		if !isQuit(cmd) {
			t.Errorf("%s does not quit", k)
		}
	}
	// While the search has the keyboard, q is a letter.
	d.key("/")
	_, cmd := d.m.Update(keyMsg("q"))
	if isQuit(cmd) {
		t.Fatal("q quit while typing a search")
	}
	if got := d.m.invoices.filter.Value(); got != "q" {
		t.Fatalf("search is %q, want q", got)
	}
	_, cmd = d.m.Update(keyMsg("ctrl+c"))
	if !isQuit(cmd) {
		t.Fatal("ctrl+c does not quit while typing")
	}
}

func TestInvoiceCursorKeys(t *testing.T) {
	d := newFixture(t).start(t, en(), 80, 24)
	order := visibleNumbers(d.m)
	sel := func() string { n, _ := d.m.invoices.list.SelectedNumber(); return n }
	steps := []struct {
		key  string
		want string
	}{
		{"j", order[1]}, {"down", order[2]}, {"k", order[1]}, {"up", order[0]}, {"up", order[0]},
		{"G", order[len(order)-1]}, {"g", order[0]}, {"end", order[len(order)-1]}, {"home", order[0]},
		{"pgdown", order[min(len(order)-1, d.m.invoices.list.nav.rows)]}, {"pgup", order[0]},
	}
	for _, s := range steps {
		d.key(s.key)
		if got := sel(); got != s.want {
			t.Fatalf("after %q the cursor is on %s, want %s", s.key, got, s.want)
		}
	}
	d.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if got := sel(); got != order[wheelStep] {
		t.Fatalf("wheel down put the cursor on %s, want %s", got, order[wheelStep])
	}
	d.send(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if got := sel(); got != order[0] {
		t.Fatalf("wheel up put the cursor on %s, want %s", got, order[0])
	}
}

func TestStatusPaneFollowsTheCursor(t *testing.T) {
	d := newFixture(t).start(t, en(), 200, 40)
	d.selectInvoice("INV-2026-002")
	text := d.screenText()
	for _, want := range []string{"INV-2026-002 · Bakkerij de Vries", "open (TEST)", "Failed – the customer can try",
		"https://paymentlink.mollie.com/payment/8Rt4VbNx1c/", "2026-12-15 23:59", "1 (last: failed, credit card)",
		"2026-11-20 09:58"} {
		if !strings.Contains(text, want) {
			t.Errorf("status pane lacks %q:\n%s", want, text)
		}
	}
	d.selectInvoice("INV-2026-003")
	if text := d.screenText(); !strings.Contains(text, "Paid on 2026-11-09 by iDEAL") || !strings.Contains(text, "2026-11-09 14:00") {
		t.Errorf("status pane of the paid invoice:\n%s", text)
	}
}

func TestFilterTabs(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	want := map[invoiceTab][]string{
		tabAll:      {"INV-2026-005", "INV-2026-001", "INV-2026-003", "INV-2026-010", "INV-2026-009", "INV-2026-006", "INV-2026-004", "INV-2026-002", "INV-2026-008", "CN-2026-001", "INV-2026-007"},
		tabUnpaid:   {"INV-2026-005", "INV-2026-001", "INV-2026-010", "INV-2026-009", "INV-2026-006", "INV-2026-004", "INV-2026-002", "INV-2026-008"},
		tabAwaiting: {"INV-2026-006", "INV-2026-002"},
		tabPaid:     {"INV-2026-003", "INV-2026-007"},
		tabOverdue:  {"INV-2026-005", "INV-2026-001", "INV-2026-010"},
	}
	check := func(after string) {
		t.Helper()
		tab := d.m.invoices.list.tab
		if got := visibleNumbers(d.m); !slices.Equal(got, want[tab]) {
			t.Fatalf("after %s tab %d shows %v, want %v", after, tab, got, want[tab])
		}
	}
	check("start")
	for i := 0; i < int(tabCount); i++ {
		d.key("l")
		check("l")
	}
	for _, k := range []string{"right", "h", "left", "left"} {
		d.key(k)
		check(k)
	}
	if !strings.Contains(d.screenText(), "Overdue 3") {
		t.Errorf("tab counts missing:\n%s", d.screenText())
	}
}

func TestSortKeyCycles(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	d.key("s")
	if d.m.invoices.list.sortBy != sortAmount {
		t.Fatalf("s sorts by %d, want amount", d.m.invoices.list.sortBy)
	}
	byAmount := visibleNumbers(d.m)
	if byAmount[0] != "INV-2026-005" || byAmount[1] != "INV-2026-004" || byAmount[len(byAmount)-1] != "CN-2026-001" {
		t.Fatalf("amount order %v", byAmount)
	}
	d.key("s")
	byNumber := visibleNumbers(d.m)
	if !slices.IsSorted(byNumber) {
		t.Fatalf("number order %v", byNumber)
	}
	d.key("s")
	if d.m.invoices.list.sortBy != sortCustomer {
		t.Fatalf("third s sorts by %d, want customer", d.m.invoices.list.sortBy)
	}
	d.key("s")
	if d.m.invoices.list.sortBy != sortDue || visibleNumbers(d.m)[0] != "INV-2026-005" {
		t.Fatalf("fourth s does not come back to the due date: %v", visibleNumbers(d.m))
	}
}

func TestSearchAsYouType(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	d.key("/")
	if !d.m.invoices.Capturing() {
		t.Fatal("/ does not open the search")
	}
	d.typeText("ACME")
	if got := visibleNumbers(d.m); !slices.Equal(got, []string{"INV-2026-001", "CN-2026-001"}) {
		t.Fatalf("ACME finds %v", got)
	}
	d.typeText(" b.v")
	if got := visibleNumbers(d.m); len(got) != 2 {
		t.Fatalf("a longer search finds %v", got)
	}
	for range " b.v" {
		d.key("backspace")
	}
	d.key("backspace")
	if got := visibleNumbers(d.m); len(got) != 2 {
		t.Fatalf("'acm' finds %v", got)
	}
	// A search by number, pasted.
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.send(tea.PasteMsg{Content: "2026-00"})
	if got := visibleNumbers(d.m); len(got) != 10 {
		t.Fatalf("'2026-00' finds %v", got)
	}
	d.key("enter")
	if d.m.invoices.Capturing() || len(visibleNumbers(d.m)) != 10 {
		t.Fatal("enter did not keep the search and give back the keyboard")
	}
	d.key("esc")
	if len(visibleNumbers(d.m)) != 11 {
		t.Fatal("esc did not clear the search")
	}
	d.key("/")
	d.typeText("zonneveld")
	d.key("esc")
	if d.m.invoices.Capturing() || len(visibleNumbers(d.m)) != 11 {
		t.Fatal("esc while typing did not clear and close the search")
	}
}

func TestDetailsView(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	d.selectInvoice("INV-2026-002")
	d.key("enter")
	if d.m.details.number != "INV-2026-002" {
		t.Fatal("enter did not open the details")
	}
	text := d.screenText()
	for _, want := range []string{"Invoice INV-2026-002", "pl_8Rt4VbNx1c", "tr_2Lp8XsQe6T", "failed", "credit card", "invoices-2026.csv"} {
		if !strings.Contains(text, want) {
			t.Errorf("details lack %q:\n%s", want, text)
		}
	}
	d.key("j")
	d.key("esc")
	if d.m.details.number != "" {
		t.Fatal("esc did not close the details")
	}
	d.key("enter")
	d.key("3")
	if d.m.details.number != "" || d.m.active != screenLog {
		t.Fatal("a screen key did not leave the details")
	}
}

func TestDetailsShowEarlyPaymentDiscounts(t *testing.T) {
	f := newFixture(t)
	inv := invoice("INV-2026-011", "Kaffeerösterei Weber", 119000, day(2026, 12, 2))
	inv.Discounts = []domain.Discount{{Hundredths: 300, Until: day(2026, 11, 12)}, {Hundredths: 150, Until: day(2026, 11, 22)}}
	if _, err := f.store.ImportInvoices(context.Background(), []domain.Invoice{inv}, testNow); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string][]string{"en": {"Discount", "3.00 % if paid by", "1.50 % if paid by"}, "de": {"Skonto", "3.00 % bei Zahlung bis"}} {
		d := f.start(t, Options{Lang: lang, Color: "never"}, 120, 40)
		d.selectInvoice("INV-2026-011")
		d.key("enter")
		text := d.screenText()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: details lack %q:\n%s", lang, w, text)
			}
		}
	}
}

func TestHelpShowsEveryKeyOfTheScreen(t *testing.T) {
	for _, lang := range []string{"en", "de", "nl"} {
		for _, size := range [][2]int{{80, 20}, {80, 24}, {120, 40}} {
			d := newFixture(t).start(t, Options{Lang: lang, Color: "never"}, size[0], size[1])
			helpHasEveryKey(t, d, fmt.Sprintf("%s %dx%d", lang, size[0], size[1]))
		}
	}
}

func helpHasEveryKey(t *testing.T, d *driver, where string) {
	t.Helper()
	for _, screen := range []string{"1", "2", "3", "4"} {
		d.key(screen)
		d.key("?")
		if !d.m.showHelp {
			t.Fatal("? did not open the help")
		}
		// What does not fit is scrolled to.
		text := d.screenText()
		for i := 0; i < 20; i++ {
			d.key("down")
			text += d.screenText()
		}
		groups := append(d.m.screens[d.m.active].FullHelp(), d.m.sh.keys.global()...)
		for _, g := range groups {
			for _, b := range g {
				h := b.Help()
				if !strings.Contains(text, h.Key) || !strings.Contains(text, h.Desc) {
					t.Errorf("%s, screen %s: help lacks %q %q", where, screen, h.Key, h.Desc)
				}
			}
		}
		d.key("?")
		if d.m.showHelp {
			t.Fatal("? did not close the help")
		}
	}
	d.key("?")
	d.key("esc")
	if d.m.showHelp {
		t.Fatal("esc did not close the help")
	}
}

func TestHelpBarAlwaysShown(t *testing.T) {
	d := newFixture(t).start(t, en(), 80, 24)
	for _, k := range []string{"1", "2", "3", "4"} {
		d.key(k)
		lines := strings.Split(d.screenText(), "\n")
		if last := lines[len(lines)-1]; !strings.Contains(last, "quit") && !strings.Contains(last, "…") {
			t.Errorf("screen %s: bottom line is not the help bar: %q", k, last)
		}
	}
}

func TestTooSmallWindow(t *testing.T) {
	d := newFixture(t).start(t, en(), 80, 24)
	d.send(tea.WindowSizeMsg{Width: 70, Height: 18})
	text := d.screenText()
	if !strings.Contains(text, "70×18") || !strings.Contains(text, "80×20") {
		t.Fatalf("no notice below the minimum size:\n%s", text)
	}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 20})
	if !strings.Contains(d.screenText(), "INV-2026-005") {
		t.Fatal("the layout did not come back at 80×20")
	}
}

func TestEveryLineFitsTheWidth(t *testing.T) {
	d := newFixture(t).start(t, Options{Lang: "de", Color: "always"}, 80, 24)
	for _, size := range [][2]int{{80, 24}, {81, 20}, {119, 30}, {120, 40}, {200, 60}, {100, 22}} {
		d.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, k := range []string{"1", "2", "3", "4", "1", "?", "?", "enter", "esc", "p", "esc"} {
			d.key(k)
			lines := strings.Split(d.m.View().Content, "\n")
			if len(lines) != size[1] {
				t.Fatalf("%v after %q: %d lines", size, k, len(lines))
			}
			for i, l := range lines {
				if w := cellWidth(l); w != size[0] {
					t.Fatalf("%v after %q: line %d is %d cells wide: %q", size, k, i, w, l)
				}
			}
		}
	}
}

func TestBackgroundColorChangesStyles(t *testing.T) {
	d := newFixture(t).start(t, Options{Lang: "en", Color: "always"}, 80, 24)
	if !d.m.sh.isDark {
		t.Fatal("a dark terminal was taken for light")
	}
	dark := d.m.View().Content
	d.send(tea.BackgroundColorMsg{Color: lightBackground})
	if d.m.sh.isDark {
		t.Fatal("a light terminal was taken for dark")
	}
	if d.m.View().Content == dark {
		t.Fatal("the light theme looks like the dark one")
	}
}

func TestPlainStylesHaveNoColour(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	for _, k := range []string{"1", "2", "3", "4"} {
		d.key(k)
		if v := d.m.View().Content; strings.Contains(v, "\x1b[") {
			t.Errorf("screen %s has escape sequences with --color=never", k)
		}
	}
}

func TestStaleResultsAreDropped(t *testing.T) {
	d := newFixture(t).start(t, en(), 120, 40)
	number, _ := d.m.invoices.list.SelectedNumber()
	before := d.m.invoices.pane.status
	// A status read asked for before the latest one arrives late.
	d.send(statusLoadedMsg{gen: d.m.status.gen - 1, number: number, status: domain.InvoiceStatus{Invoice: domain.Invoice{Number: number, Customer: "stale"}}})
	if d.m.invoices.pane.status != before {
		t.Fatal("a stale status replaced the current one")
	}
	rows := len(d.m.invoices.list.rows)
	d.send(invoiceWindowMsg{read: windowRead{gen: d.m.invoices.list.gen - 1}, load: d.m.invoicesRead.gen - 1})
	if len(d.m.invoices.list.rows) != rows || rows == 0 {
		t.Fatal("a stale invoice read replaced the current one")
	}
	d.send(invoiceMoreMsg{gen: d.m.invoices.list.gen - 1, edge: d.m.invoices.list.rows[rows-1].Number, rows: []domain.Invoice{{Number: "STALE"}}})
	if len(d.m.invoices.list.rows) != rows {
		t.Fatal("a stale page was added to the list")
	}
	d.send(paymentsLoadedMsg{gen: d.m.paymentsRead.gen - 1})
	if len(d.m.payments.rows) != 4 {
		t.Fatal("a stale payments read replaced the current one")
	}
}

// TestColourOptions: the interface takes termcolor's decision, with the
// terminal's own NO_COLOR (an SSH client's, say) in Options.Environ.
func TestColourOptions(t *testing.T) {
	cases := []struct {
		color   string
		environ []string
		plain   bool
	}{
		{"auto", nil, false}, {"auto", []string{"NO_COLOR=1"}, true}, {"", []string{"NO_COLOR=0"}, true},
		{"never", nil, true}, {"always", []string{"NO_COLOR=1"}, false},
	}
	for _, c := range cases {
		sh := newShared(context.Background(), nil, Options{Lang: "en", Color: c.color, Environ: c.environ})
		if sh.plain != c.plain {
			t.Errorf("color=%q environ=%q: plain %v, want %v", c.color, c.environ, sh.plain, c.plain)
		}
	}
}
