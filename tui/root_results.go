package tui

import (
	tea "charm.land/bubbletea/v2"
)

// Handlers of the reads. Each applies a result only when it is the latest
// asked for, then starts the read that was asked for meanwhile, if any.

func (m *Model) onHeader(msg headerLoadedMsg) tea.Cmd {
	var cmds []tea.Cmd
	if m.header.done(msg.gen) {
		if msg.err != nil {
			m.setFooter(footerError, m.sh.p.T("tui.err.read", m.sh.p.Err(msg.err)))
		} else {
			before := m.sh.conn
			m.sh.conn, m.sh.sync, m.sh.connOK = msg.conn, msg.sync, true
			m.sh.settings = msg.settings
			m.decideSetup()
			if before.Mode != msg.conn.Mode || before.Connected != msg.conn.Connected {
				cmds = append(cmds, m.loadInvoices()) // the figures depend on the mode
			}
		}
	}
	if m.header.dirty {
		cmds = append(cmds, m.loadHeader())
	}
	return tea.Batch(cmds...)
}

// decideSetup opens on the setup screen when Mollie cannot be used yet.
func (m *Model) decideSetup() {
	if m.setupDecided {
		return
	}
	m.setupDecided = true
	c := m.sh.conn
	switch {
	case !c.Enabled:
		m.active = screenSetup
		m.setup.nav.SetCursor(rowIntegration)
	case !c.Connected:
		m.active = screenSetup
		m.setup.nav.SetCursor(rowAPIKey)
	}
}

// onInvoices shows a window of the invoice list; the root's own reads
// (after a change) are coalesced like the others.
func (m *Model) onInvoices(msg invoiceWindowMsg) tea.Cmd {
	var cmds []tea.Cmd
	if msg.load != 0 {
		m.invoicesRead.done(msg.load)
	}
	before, _ := m.invoices.list.SelectedNumber()
	applied, missing := m.invoices.list.applyWindow(msg)
	switch {
	case !applied:
	case msg.err != nil:
		m.setFooter(footerError, m.sh.p.T("tui.err.read", m.sh.p.Err(msg.err)))
	case missing != "":
		m.setFooter(footerError, m.sh.p.T("tui.err.not_listed", missing))
	}
	if after, _ := m.invoices.list.SelectedNumber(); applied && (after != before || m.invoices.pane.status == nil) {
		cmds = append(cmds, m.loadStatus())
	}
	if msg.load != 0 && m.invoicesRead.dirty {
		cmds = append(cmds, m.loadInvoices())
	}
	return tea.Batch(cmds...)
}

// onMoreInvoices adds a page to the window; the cursor may have moved on
// to its rows meanwhile, which changes the selection.
func (m *Model) onMoreInvoices(msg invoiceMoreMsg) tea.Cmd {
	before, _ := m.invoices.list.SelectedNumber()
	m.invoices.list.applyMore(msg)
	cmds := []tea.Cmd{m.invoices.list.extend()}
	if after, _ := m.invoices.list.SelectedNumber(); after != before {
		cmds = append(cmds, m.loadStatus())
	}
	return tea.Batch(cmds...)
}

func (m *Model) onStatus(msg statusLoadedMsg) tea.Cmd {
	selected, _ := m.invoices.list.SelectedNumber()
	if m.status.done(msg.gen) && msg.number == selected {
		if msg.err != nil {
			m.invoices.SetStatus(nil, msg.err)
		} else {
			st := msg.status
			m.invoices.SetStatus(&st, nil)
		}
	}
	if m.status.dirty || (selected != "" && msg.number != selected) {
		return m.loadStatus()
	}
	return nil
}

func (m *Model) onPayments(msg paymentsLoadedMsg) tea.Cmd {
	var cmds []tea.Cmd
	if m.paymentsRead.done(msg.gen) {
		if msg.err != nil {
			m.setFooter(footerError, m.sh.p.T("tui.err.read", m.sh.p.Err(msg.err)))
		} else {
			m.payments.SetPayments(msg.rows, msg.edge, msg.held, msg.more)
			if m.stale.payments(msg.rows) {
				cmds = append(cmds, m.loadInvoices())
			}
		}
	}
	if m.paymentsRead.dirty {
		cmds = append(cmds, m.loadPayments())
	}
	return tea.Batch(cmds...)
}

func (m *Model) onSummary(msg summaryLoadedMsg) tea.Cmd {
	if m.summaryRead.done(msg.gen) {
		if msg.err != nil {
			m.setFooter(footerError, m.sh.p.T("tui.err.read", m.sh.p.Err(msg.err)))
		} else {
			m.summary.SetReceivables(msg.r)
		}
	}
	if m.summaryRead.dirty {
		return m.loadSummary()
	}
	return nil
}

func (m *Model) onLog(msg logLoadedMsg) tea.Cmd {
	var cmds []tea.Cmd
	if m.logRead.done(msg.gen) {
		if msg.err != nil {
			m.setFooter(footerError, m.sh.p.T("tui.err.read", m.sh.p.Err(msg.err)))
		} else {
			m.logs.Add(msg.entries, msg.reset)
			if !msg.reset && len(msg.entries) > 0 {
				// Every import, payment, recorded amount and status change
				// writes a log row.
				cmds = append(cmds, m.loadInvoices())
			}
		}
	}
	if m.logRead.dirty {
		cmds = append(cmds, m.loadLog(false))
	}
	return tea.Batch(cmds...)
}
