package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
)

// Update routes a message; it never waits for I/O, which runs in Cmds.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	if m.summaryStale && m.active == screenSummary {
		cmd = tea.Batch(cmd, m.loadSummary())
	}
	m.layout()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return nil
	case tea.BackgroundColorMsg:
		m.sh.setDark(msg.IsDark())
		for _, s := range m.screens {
			s.restyle()
		}
		return nil
	case spinner.TickMsg:
		if m.busy == 0 {
			return nil // let the spinner stop
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		m.sh.spin = m.spinner.View()
		return cmd
	case changedMsg:
		// The small reads follow every write. The invoices follow when those
		// reads show that something about them changed (see staleness.go).
		m.stale.changed()
		return tea.Batch(waitForChange(m.changes), m.loadHeader(), m.loadPayments(), m.loadLog(false), m.loadStatus(), m.loadSummary())
	case tickMsg:
		if m.footer.expired(m.sh.svc.Now()) {
			m.footer = footer{}
		}
		cmds := []tea.Cmd{tickEvery(), m.loadHeader()}
		if m.stale.tick() {
			cmds = append(cmds, m.loadInvoices())
		}
		return tea.Batch(cmds...)
	case headerLoadedMsg:
		return m.onHeader(msg)
	case invoiceWindowMsg:
		return m.onInvoices(msg)
	case invoiceMoreMsg:
		return m.onMoreInvoices(msg)
	case invoiceCountsMsg:
		m.invoices.list.applyCounts(msg)
		return nil
	case statusLoadedMsg:
		return m.onStatus(msg)
	case paymentsLoadedMsg:
		return m.onPayments(msg)
	case paymentsPageMsg:
		m.payments.applyPage(msg)
		return m.payments.extend()
	case logPageMsg:
		m.logs.applyPage(msg)
		return m.logs.extend()
	case logFollowMsg:
		return m.loadLog(true)
	case logLoadedMsg:
		return m.onLog(msg)
	case summaryLoadedMsg:
		return m.onSummary(msg)
	case sortPrefMsg:
		if by, rev, ok := parseSort(msg.value); ok && (by != m.invoices.list.sortBy || rev != m.invoices.list.reverse) {
			return m.invoices.list.SetSort(by, rev)
		}
		return nil
	case sortSavedMsg:
		if msg.err != nil {
			m.setFooter(footerError, m.sh.p.T("tui.err.sort_saved", m.sh.p.Err(msg.err)))
		}
		return m.invoices.sortSaved()
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseWheelMsg:
		return m.onWheel(msg)
	case tea.MouseClickMsg:
		return m.onClick(msg.Mouse())
	case openDetailsMsg:
		return m.openDetails()
	case jumpMsg:
		return m.jump(msg.number)
	case nativeCopyDoneMsg:
		return nil
	}
	if cmd, ok := m.onAction(msg); ok {
		return cmd
	}
	// Anything else (a paste, an input's own messages) belongs to whatever
	// has the keyboard.
	return m.toFocused(msg)
}

func (m *Model) toFocused(msg tea.Msg) tea.Cmd {
	switch {
	case m.showHelp:
		return nil
	case m.dialog != nil:
		closed, then, cmd := m.dialog.Update(msg)
		if closed {
			m.dialog = nil
		}
		if then != nil {
			next, _ := m.onAction(then)
			return tea.Batch(cmd, next)
		}
		return cmd
	case m.details.number != "":
		return nil
	}
	return m.updateScreen(msg)
}

// updateScreen hands msg to the active screen and reads the status of a
// newly selected invoice.
func (m *Model) updateScreen(msg tea.Msg) tea.Cmd {
	before, _ := m.invoices.list.SelectedNumber()
	cmd := m.screens[m.active].Update(msg)
	if after, _ := m.invoices.list.SelectedNumber(); after != before {
		cmd = tea.Batch(cmd, m.loadStatus())
	}
	return cmd
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.sh.keys
	m.footer = m.footer.seen(m.sh.svc.Now())
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if m.showHelp {
		switch {
		case key.Matches(msg, k.Help), key.Matches(msg, k.Close):
			m.showHelp = false
		case key.Matches(msg, k.Quit):
			return tea.Quit
		default:
			m.helpKeys(msg)
		}
		return nil
	}
	if m.dialog != nil {
		return m.toFocused(msg)
	}
	capturing := m.details.number == "" && m.screens[m.active].Capturing()
	if !capturing {
		switch {
		case key.Matches(msg, k.Quit):
			return tea.Quit
		case key.Matches(msg, k.Help):
			m.showHelp = true
			m.helpNav.Top()
			return nil
		}
	}
	if capturing {
		return m.updateScreen(msg)
	}
	if cmd, ok := m.onNavKey(msg); ok {
		m.details.number = "" // the details belong to screen 1
		return cmd
	}
	if m.details.number != "" {
		return m.onDetailsKey(msg)
	}
	if number, ok := m.selectedNumber(); ok {
		if cmd, ok := m.onActionKey(msg, number); ok {
			return cmd
		}
	}
	if m.active == screenInvoices && key.Matches(msg, k.Remind) {
		if why := m.sh.unavailable(domain.ActionMail, ""); why != "" {
			m.setFooter(footerError, why)
			return nil
		}
		return m.startPlanReminders()
	}
	if m.active == screenInvoices && key.Matches(msg, k.Import) {
		if why := m.sh.unavailable(domain.ActionImport, ""); why != "" {
			m.setFooter(footerError, why)
			return nil
		}
		d, cmd := newImportDialog(m.sh)
		m.dialog = d
		return cmd
	}
	if m.active == screenInvoices && key.Matches(msg, k.Details) {
		return m.openDetails()
	}
	return m.updateScreen(msg)
}

// onNavKey switches screens.
func (m *Model) onNavKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.sh.keys
	switch {
	case key.Matches(msg, k.NextScreen):
		m.active = (m.active + 1) % screenCount
	case key.Matches(msg, k.PrevScreen):
		m.active = (m.active + screenCount - 1) % screenCount
	case key.Matches(msg, k.Invoices):
		m.active = screenInvoices
	case key.Matches(msg, k.Payments):
		m.active = screenPayments
	case key.Matches(msg, k.Log):
		m.active = screenLog
	case key.Matches(msg, k.Setup):
		m.active = screenSetup
	case key.Matches(msg, k.Summary):
		m.active = screenSummary
	default:
		return nil, false
	}
	return nil, true
}

// openDetails shows the selected invoice's details.
func (m *Model) openDetails() tea.Cmd {
	if number, ok := m.invoices.list.SelectedNumber(); ok {
		m.details.number = number
		m.details.nav.Top()
		return m.loadStatus()
	}
	return nil
}

// Where the parts of the frame are, in lines from the top.
const (
	navLine   = 1 // the screens' tabs
	bodyFirst = 2 // the first line of the active screen
)

// onClick handles a left click: a screen's tab switches to it, anything in
// the body goes to the screen, which knows its own layout.
func (m *Model) onClick(mouse tea.Mouse) tea.Cmd {
	if mouse.Button != tea.MouseLeft || m.showHelp || m.dialog != nil {
		return nil
	}
	if mouse.Y == navLine {
		if i := tabAt(navLabels(m.screens[:]), mouse.X); i >= 0 {
			m.active, m.details.number = i, ""
		}
		return nil
	}
	y := mouse.Y - bodyFirst
	if m.details.number != "" || y < 0 || y >= m.bodyHeight() {
		return nil
	}
	return m.updateScreen(clickMsg{x: mouse.X, y: y})
}

func (m *Model) onDetailsKey(msg tea.KeyPressMsg) tea.Cmd {
	number := m.details.number
	if key.Matches(msg, m.sh.keys.Close) {
		m.details.number = ""
		return nil
	}
	if key.Matches(msg, m.sh.keys.ReverseEntry) {
		return m.openReverse(number)
	}
	if cmd, ok := m.onActionKey(msg, number); ok {
		return cmd
	}
	inv, _ := m.invoiceByNumber(number)
	m.details.Update(msg, inv, m.invoices.pane.status)
	return nil
}

// onWheel scrolls the view under the pointer: the help or the details
// when they cover the body, else the active screen, which is told where
// the pointer is in lines from its top and picks its part under it.
func (m *Model) onWheel(msg tea.MouseWheelMsg) tea.Cmd {
	switch {
	case m.showHelp:
		m.helpKeys(msg)
		return nil
	case m.dialog != nil:
		return nil
	case m.details.number != "":
		inv, _ := m.invoiceByNumber(m.details.number)
		m.details.Update(msg, inv, m.invoices.pane.status)
		return nil
	}
	msg.Y -= bodyFirst
	return m.updateScreen(msg)
}

// selectedNumber is the invoice the action keys act on: the selected
// invoice, or the invoice of the selected payment.
func (m *Model) selectedNumber() (string, bool) {
	switch m.active {
	case screenInvoices:
		return m.invoices.list.SelectedNumber()
	case screenPayments:
		if p, ok := m.payments.Selected(); ok {
			return p.InvoiceNumber, true
		}
	}
	return "", false
}

// jump shows an invoice on screen 1, closing whatever covers it.
func (m *Model) jump(number string) tea.Cmd {
	m.active = screenInvoices
	m.dialog, m.showHelp, m.details.number = nil, false, ""
	if shown, read := m.invoices.Show(number); !shown {
		return read // the status follows the read
	}
	return m.loadStatus()
}

// setFooter shows text in the footer. The text often quotes an invoice
// number, a URL or an error from outside, so it is made inert here, once.
func (m *Model) setFooter(kind footerKind, text string) {
	m.footer = newFooter(kind, text, m.sh.svc.Now())
}
