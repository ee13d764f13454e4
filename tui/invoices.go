package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
)

// Layout of the invoices screen.
const (
	wideLayout    = 120 // from this width the status pane sits beside the list
	paneMinWidth  = 38
	compactPaneH  = 8
	wheelStep     = 3
	invoiceTopBar = 2 // filter tabs, then sort and search
)

// invoicesScreen is screen 1: the invoice table with its filter tabs, the
// search, the sort and the status pane of the selected invoice.
type invoicesScreen struct {
	sh        *shared
	list      *invoiceList
	pane      statusPane
	filter    textinput.Model
	filtering bool
	width     int
	height    int
	// savingSort: the order is being stored; sortDirty: it changed since.
	savingSort, sortDirty bool
}

func newInvoicesScreen(sh *shared) *invoicesScreen {
	s := &invoicesScreen{sh: sh, list: newInvoiceList(sh), pane: statusPane{sh: sh}}
	s.filter = newInput(sh, "/ ", sh.p.T("tui.inv.filter_placeholder"))
	return s
}

// newInput makes a text input in the interface's look.
func newInput(sh *shared, prompt, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholderText(sh, placeholder)
	in.SetStyles(sh.styles.Input)
	return in
}

// placeholderText marks a placeholder as one where no colour can: without
// colour a bare placeholder looks like typed text.
func placeholderText(sh *shared, text string) string {
	if sh.plain && text != "" {
		return "‹" + text + "›"
	}
	return text
}

func (s *invoicesScreen) restyle() {
	s.filter.SetStyles(s.sh.styles.Input)
	s.list.drawn = nil
}

func (s *invoicesScreen) Capturing() bool { return s.filtering }

func (s *invoicesScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	listW, rows := w, h-invoiceTopBar-1
	if w >= wideLayout {
		paneW := max(paneMinWidth, w/3)
		listW = w - paneW - 1
		s.pane.SetSize(paneW, h-invoiceTopBar)
	} else {
		paneH := s.compactPaneHeight()
		rows -= paneH
		s.pane.SetSize(w, paneH)
	}
	s.list.SetSize(listW, rows)
	s.filter.SetWidth(max(10, w/3))
}

// compactPaneHeight is as much of compactPaneH as the selected invoice's
// facts fill: on a short terminal, lines the pane would leave empty go to
// the list instead.
func (s *invoicesScreen) compactPaneHeight() int {
	inv, ok := s.list.Selected()
	if !ok || s.width <= 4 {
		return compactPaneH
	}
	return min(compactPaneH, len(s.pane.compactLines(inv, s.width-4))+2)
}

// SetStatus shows the status read for an invoice.
func (s *invoicesScreen) SetStatus(st *domain.InvoiceStatus, err error) {
	if st != nil {
		s.pane.status = st
	}
	s.pane.err = err
	s.SetSize(s.width, s.height) // the compact pane takes what its facts need
}

// Selected is the invoice under the cursor.
func (s *invoicesScreen) Selected() (domain.Invoice, bool) { return s.list.Selected() }

// Show puts the cursor on an invoice. When the window does not hold it,
// the tab and search that could hide it are cleared and the list is read
// around it; the read says whether it is listed at all.
func (s *invoicesScreen) Show(number string) (shown bool, read tea.Cmd) {
	if s.list.Select(number) {
		return true, nil
	}
	s.filter.SetValue("")
	s.filtering = false
	s.filter.Blur()
	s.list.tab, s.list.query = tabAll, ""
	return false, tea.Batch(s.list.showNumber(number), s.list.readCounts())
}

// Name is the screen's name in the nav line.
func (s *invoicesScreen) Name() string { return s.sh.p.T("tui.screen.invoices") }
func (s *invoicesScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.filtering {
			return s.updateFilter(msg)
		}
		return s.updateKeys(msg)
	case tea.PasteMsg:
		if s.filtering {
			return s.updateFilter(msg)
		}
	case tea.MouseWheelMsg:
		// The wheel scrolls what is under the pointer; its Y counts from
		// the screen's first line.
		if s.overPane(msg.X, msg.Y) {
			inv, ok := s.list.Selected()
			s.pane.Wheel(msg, inv, ok, s.width < wideLayout)
			return nil
		}
		s.list.nav.Wheel(msg)
		return s.list.extend()
	case clickMsg:
		return s.click(msg.x, msg.y)
	}
	return nil
}

// overPane reports whether the screen's point x, y is in the status pane.
func (s *invoicesScreen) overPane(x, y int) bool {
	if s.width >= wideLayout {
		return x > s.list.width && y >= invoiceTopBar
	}
	return y >= invoiceTopBar+s.list.nav.rows+1
}

// click selects a filter tab or a row; a click on the selected row opens
// its details.
func (s *invoicesScreen) click(x, y int) tea.Cmd {
	if y == 0 {
		if t := tabAt(s.tabLabels(), x); t >= 0 {
			return s.list.SetTab(invoiceTab(t))
		}
		return nil
	}
	if x >= s.list.width {
		return nil
	}
	if hit, again := s.list.nav.Click(y - invoiceTopBar - 1); hit && again { // under the column header
		return emit(openDetailsMsg{})
	}
	return s.list.extend()
}

func (s *invoicesScreen) updateKeys(msg tea.KeyPressMsg) tea.Cmd {
	k := s.sh.keys
	if cmd, ok := s.list.Keys(k, msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.NextTab):
		return s.list.SetTab((s.list.tab + 1) % tabCount)
	case key.Matches(msg, k.PrevTab):
		return s.list.SetTab((s.list.tab + tabCount - 1) % tabCount)
	case key.Matches(msg, k.Sort):
		return tea.Batch(s.list.SetSort((s.list.sortBy+1)%sortCount, false), s.rememberSort())
	case key.Matches(msg, k.Reverse):
		return tea.Batch(s.list.SetSort(s.list.sortBy, !s.list.reverse), s.rememberSort())
	case key.Matches(msg, k.Filter):
		s.filtering = true
		return s.filter.Focus()
	case key.Matches(msg, k.ClearFilter):
		s.filter.SetValue("")
		return s.list.SetQuery("")
	}
	return nil
}

func (s *invoicesScreen) updateFilter(msg tea.Msg) tea.Cmd {
	changed, cmd := updateSearch(&s.filter, &s.filtering, s.sh.keys, msg)
	if changed {
		return tea.Batch(cmd, s.list.SetQuery(s.filter.Value()))
	}
	return cmd
}

// View draws the screen. The frame's block fits its lines again, so here
// each part is fitted once, where its width is known, rather than the
// whole screen twice; the lines are written into one buffer.
func (s *invoicesScreen) View() string {
	var b strings.Builder
	b.Grow(textBytes(s.width, s.height))
	b.WriteString(fit(s.tabsLine(), s.width))
	b.WriteByte('\n')
	b.WriteString(fit(s.searchLine(), s.width))
	inv, ok := s.list.Selected()
	if s.width >= wideLayout {
		left := blockLines(strings.Split(s.list.View(), "\n"), s.list.width, s.height-invoiceTopBar)
		right := strings.Split(s.pane.View(inv, ok, false), "\n")
		for i := range left {
			b.WriteByte('\n')
			b.WriteString(left[i])
			if i < len(right) {
				b.WriteByte(' ')
				b.WriteString(right[i])
			}
		}
		return b.String()
	}
	for _, l := range blockLines(strings.Split(s.list.View(), "\n"), s.width, s.list.nav.rows+1) {
		b.WriteByte('\n')
		b.WriteString(l)
	}
	b.WriteByte('\n')
	b.WriteString(s.pane.View(inv, ok, true))
	return b.String()
}

// tabLabels are the filter tabs' names with their counts.
func (s *invoicesScreen) tabLabels() []string {
	labels := make([]string, tabCount)
	for t := tabAll; t < tabCount; t++ {
		labels[t] = s.sh.p.T(t.key()) + " " + s.sh.p.Count(s.list.counts[t.filter()])
	}
	return labels
}

func (s *invoicesScreen) tabsLine() string {
	st := s.sh.styles
	parts := make([]string, 0, tabCount)
	for t, label := range s.tabLabels() {
		if invoiceTab(t) == s.list.tab {
			parts = append(parts, st.TabActive.Render("["+label+"]"))
		} else {
			parts = append(parts, st.TabInactive.Render(" "+label+" "))
		}
	}
	return strings.Join(parts, " ")
}

func (s *invoicesScreen) searchLine() string {
	p, st := s.sh.p, s.sh.styles
	left := st.Muted.Render(p.T("tui.inv.sort", p.T(s.list.sortBy.key())+" "+s.list.arrow())) + "  " +
		st.Muted.Render(p.T("tui.inv.shown", p.Count(s.list.Count())))
	var search string
	switch {
	case s.filtering:
		search = s.filter.View()
	case s.filter.Value() != "":
		search = "/ " + s.filter.Value()
	}
	if search == "" {
		return left
	}
	return left + "  " + search
}

func (s *invoicesScreen) ShortHelp() []key.Binding {
	k := s.sh.keys
	if s.filtering {
		return []key.Binding{k.ApplyFilter, k.ClearFilter}
	}
	return []key.Binding{k.Pay, k.Copy, k.QR, k.Mail, k.Refresh, k.Record, k.Filter, k.NextTab, k.Sort, k.Reverse, k.Help, k.Quit}
}

func (s *invoicesScreen) FullHelp() [][]key.Binding {
	k := s.sh.keys
	return [][]key.Binding{
		k.navigation(),
		{k.Details, k.Pay, k.Copy, k.QR, k.Mail, k.Remind, k.Refresh, k.Record},
		{k.Filter, k.ClearFilter, k.NextTab, k.PrevTab, k.Sort, k.Reverse, k.Import},
	}
}

// rememberSort stores the order as the user's preference, so that the list
// opens sorted the same way next time.
// One write at a time, so that quick presses cannot land out of order.
func (s *invoicesScreen) rememberSort() tea.Cmd {
	if s.savingSort {
		s.sortDirty = true
		return nil
	}
	s.savingSort, s.sortDirty = true, false
	svc, ctx, value := s.sh.svc, s.sh.ctx, s.list.sortName()
	return func() tea.Msg {
		if err := svc.SetUserPreference(ctx, prefInvoiceSort, value); err != nil {
			return sortSavedMsg{err: err}
		}
		return sortSavedMsg{}
	}
}

// sortSaved ends a write of the order and starts the next if the order
// changed meanwhile.
func (s *invoicesScreen) sortSaved() tea.Cmd {
	s.savingSort = false
	if s.sortDirty {
		return s.rememberSort()
	}
	return nil
}

// prefInvoiceSort is the preference that holds the invoice list's order.
const prefInvoiceSort = "invoice_sort"
