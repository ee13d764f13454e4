package tui

import (
	"cmp"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
)

// The reads. Each runs in a Cmd and returns a message carrying its
// generation; the handlers in Update apply only the latest.

func (m *Model) loadHeader() tea.Cmd {
	gen, ok := m.header.start()
	if !ok {
		return nil
	}
	svc, ctx, holder := m.sh.svc, m.sh.ctx, m.sh.holder
	return func() tea.Msg {
		msg := headerLoadedMsg{gen: gen}
		msg.conn, msg.err = svc.Connection(ctx)
		if msg.err != nil {
			return msg
		}
		if msg.sync, msg.err = svc.SyncState(ctx, holder); msg.err != nil {
			return msg
		}
		values, err := svc.Settings(ctx)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.settings = make(map[string]string, len(values))
		for _, v := range values {
			msg.settings[v.Key] = v.Value
		}
		return msg
	}
}

// loadInvoices reads the invoice list's window and the tabs' counts again,
// keeping the selected invoice where it is when it is still listed.
func (m *Model) loadInvoices() tea.Cmd {
	// The book changed (or may have): what the list remembers of earlier
	// searches no longer holds, whenever its rows are read again.
	m.invoices.list.memo.forget()
	gen, ok := m.invoicesRead.start()
	if !ok {
		return nil
	}
	m.stale.reading()
	return m.invoices.list.reload(gen)
}

// loadStatus reads the selected invoice's status for the pane.
func (m *Model) loadStatus() tea.Cmd {
	number, ok := m.invoices.list.SelectedNumber()
	if !ok {
		return nil
	}
	gen, ok := m.status.start()
	if !ok {
		return nil
	}
	svc, ctx := m.sh.svc, m.sh.ctx
	return func() tea.Msg {
		st, err := svc.Status(ctx, number)
		return statusLoadedMsg{gen: gen, number: number, status: st, err: err}
	}
}

// loadPayments reads the active payments and as many of the newest as the
// screen holds (at least recentPayments).
func (m *Model) loadPayments() tea.Cmd {
	gen, ok := m.paymentsRead.start()
	if !ok {
		return nil
	}
	svc, ctx, limit := m.sh.svc, m.sh.ctx, max(recentPayments, m.payments.held)
	return func() tea.Msg {
		active, err := svc.Payments(ctx, domain.PaymentFilter{ActiveOnly: true})
		if err != nil {
			return paymentsLoadedMsg{gen: gen, err: err}
		}
		recent, err := svc.Payments(ctx, domain.PaymentFilter{Limit: limit})
		if err != nil {
			return paymentsLoadedMsg{gen: gen, err: err}
		}
		msg := paymentsLoadedMsg{gen: gen, rows: mergePayments(active, recent), held: len(recent), more: len(recent) == limit}
		if len(recent) > 0 {
			msg.edge = recent[len(recent)-1].ID
		}
		return msg
	}
}

// loadSortPref reads the order the user chose last time.
func (m *Model) loadSortPref() tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return func() tea.Msg {
		v, _ := svc.UserPreference(ctx, prefInvoiceSort)
		return sortPrefMsg{value: v}
	}
}

// loadSummary sums up the receivables for screen 5. The sums scan every
// invoice (seconds in a book of a million), so they are read only while
// screen 5 is shown: elsewhere a request only marks them out of date, and
// showing the screen reads them (see Update).
func (m *Model) loadSummary() tea.Cmd {
	if m.active != screenSummary {
		m.summaryStale = true
		return nil
	}
	m.summaryStale = false
	gen, ok := m.summaryRead.start()
	if !ok {
		return nil
	}
	svc, ctx := m.sh.svc, m.sh.ctx
	return func() tea.Msg {
		r, err := svc.Receivables(ctx)
		return summaryLoadedMsg{gen: gen, r: r, err: err}
	}
}

// mergePayments joins the active and the recent payments, newest first.
func mergePayments(active, recent []domain.Payment) []domain.Payment {
	seen := make(map[int64]bool, len(active)+len(recent))
	out := make([]domain.Payment, 0, len(active)+len(recent))
	for _, list := range [][]domain.Payment{active, recent} {
		for _, p := range list {
			if !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, p)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b domain.Payment) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return out
}

// loadLog reads the log: the newest rows at first (reset), afterwards only
// the rows written since the last one shown.
func (m *Model) loadLog(reset bool) tea.Cmd {
	if !reset && m.logs.newer {
		return nil // the reader is paging through older entries; the newest are read when they come back
	}
	gen, ok := m.logRead.start()
	if !ok {
		return nil
	}
	reset = reset || !m.logs.loaded
	svc, ctx := m.sh.svc, m.sh.ctx
	f := domain.LogFilter{Limit: logFirstRead}
	if !reset {
		f = domain.LogFilter{AfterID: m.logs.LastID()}
	}
	return func() tea.Msg {
		entries, err := svc.Log(ctx, f)
		if err != nil {
			return logLoadedMsg{gen: gen, err: err}
		}
		slices.SortFunc(entries, func(a, b domain.LogEntry) int { return cmp.Compare(a.ID, b.ID) })
		return logLoadedMsg{gen: gen, entries: entries, reset: reset}
	}
}
