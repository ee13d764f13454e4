package tui

import (
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/importer"
	"github.com/paydesk/paydesk/sanitize"
)

// onActionKey handles the keys that act on an invoice.
func (m *Model) onActionKey(msg tea.KeyPressMsg, number string) (tea.Cmd, bool) {
	k, p := m.sh.keys, m.sh.p
	switch {
	case key.Matches(msg, k.Pay):
		if why := m.sh.unavailable(domain.ActionPay, number); why != "" {
			m.setFooter(footerError, why)
			return nil, true
		}
		inv, ok := m.invoiceByNumber(number)
		if !ok {
			m.setFooter(footerError, p.T("tui.err.not_listed", number))
			return nil, true
		}
		if why := inv.PayableWhy(m.sh.mode()); why != nil {
			m.setFooter(footerError, p.Err(why))
			return nil, true
		}
		m.dialog = newPayDialog(m.sh, inv)
		return nil, true
	case key.Matches(msg, k.Copy):
		return m.startCopy(number), true
	case key.Matches(msg, k.QR):
		return m.startQR(number), true
	case key.Matches(msg, k.Mail):
		if why := m.sh.unavailable(domain.ActionMail, number); why != "" {
			m.setFooter(footerError, why)
			return nil, true
		}
		return m.startPrepareMail(number), true
	case key.Matches(msg, k.Refresh):
		return m.startRefresh(number), true
	case key.Matches(msg, k.Record):
		if why := m.sh.unavailable(domain.ActionRecord, number); why != "" {
			m.setFooter(footerError, why)
			return nil, true
		}
		inv, ok := m.invoiceByNumber(number)
		if !ok {
			m.setFooter(footerError, p.T("tui.err.not_listed", number))
			return nil, true
		}
		d, cmd := newRecordDialog(m.sh, inv)
		m.dialog = d
		return cmd, true
	}
	return nil, false
}

// begin marks an action as running and starts the spinner.
func (m *Model) begin(text string) tea.Cmd {
	m.busy++
	m.sh.busy = text
	if m.busy == 1 {
		return m.spinner.Tick
	}
	return nil
}

// end marks an action as finished.
func (m *Model) end() {
	m.busy = max(0, m.busy-1)
	if m.busy == 0 {
		m.sh.busy = ""
	}
}

func (m *Model) startPay(number string) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return tea.Batch(m.begin(m.sh.p.T("tui.busy.pay", number)), func() tea.Msg {
		res, err := svc.CreatePayment(ctx, number, "")
		return paymentCreatedMsg{number: number, result: res, err: err}
	})
}

func (m *Model) startCopy(number string) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return func() tea.Msg {
		url, err := svc.CopyLink(ctx, number)
		return linkCopiedMsg{number: number, url: url, err: err}
	}
}

func (m *Model) startRefresh(number string) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return tea.Batch(m.begin(m.sh.p.T("tui.busy.refresh", number)), func() tea.Msg {
		st, err := svc.Refresh(ctx, number)
		return refreshedMsg{number: number, status: st, err: err}
	})
}

func (m *Model) startRecord(msg recordConfirmedMsg) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return tea.Batch(m.begin(m.sh.p.T("tui.busy.record", msg.number)), func() tea.Msg {
		var opts []domain.RecordOption
		if msg.overpay {
			opts = append(opts, domain.AllowOverpayment)
		}
		rec, err := svc.RecordPayment(ctx, msg.number, msg.amount, msg.note, opts...)
		return recordedMsg{number: msg.number, amount: msg.amount, rec: rec, err: err}
	})
}

func (m *Model) startConnect(apiKey string) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return tea.Batch(m.begin(m.sh.p.T("tui.setup.checking")), func() tea.Msg {
		prof, err := svc.Connect(ctx, apiKey)
		return connectedMsg{profile: prof, err: err}
	})
}

func (m *Model) startIntegration(on bool) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return func() tea.Msg {
		return integrationSetMsg{on: on, err: svc.SetIntegration(ctx, on)}
	}
}

func (m *Model) startSave(key, value string) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return func() tea.Msg {
		return settingSavedMsg{key: key, value: value, err: svc.SetSetting(ctx, key, value)}
	}
}

// importDoneMsg is the outcome of a confirmed import.
type importDoneMsg struct {
	res domain.ImportResult
	err error
}

// startImport stores the files the bookkeeper saw in the import dialog,
// read again in batches beside the writing, as the command line does. A
// file changed since the preview may now be refused: its first problem is
// said.
func (m *Model) startImport(msg importConfirmedMsg) tea.Cmd {
	svc, ctx, p := m.sh.svc, m.sh.ctx, m.sh.p
	return tea.Batch(m.begin(p.T("tui.import.title")), func() tea.Msg {
		_, res, err := importer.Import(msg.paths, msg.opt, importer.BatchSize, func(next func() ([]domain.Invoice, error)) (domain.ImportResult, error) {
			return svc.ImportBatches(ctx, next)
		})
		var ie *importer.Error
		if errors.As(err, &ie) {
			err = errors.New(sanitize.Terminal(p.Text(ie.Problems[0].Text())))
		}
		return importDoneMsg{res: res, err: err}
	})
}

// integrationConfirmedMsg switches the integration after confirmation.
type integrationConfirmedMsg struct{ on bool }

// onAction handles requests from screens and dialogs and the outcomes of
// actions; ok is false for any other message.
func (m *Model) onAction(msg tea.Msg) (tea.Cmd, bool) {
	if cmd, ok := m.onMailAction(msg); ok {
		return cmd, true
	}
	p := m.sh.p
	switch msg := msg.(type) {
	case refusedMsg:
		m.setFooter(footerError, m.sh.unavailable(msg.action, ""))
		return nil, true
	case payConfirmedMsg:
		return m.startPay(msg.number), true
	case recordConfirmedMsg:
		return m.startRecord(msg), true
	case reverseConfirmedMsg:
		return m.startReverse(msg), true
	case importConfirmedMsg:
		return m.startImport(msg), true
	case importDoneMsg:
		m.end()
		if msg.err != nil {
			m.setFooter(footerError, p.T("tui.err.import", p.Err(msg.err)))
			return nil, true
		}
		r := msg.res
		m.setFooter(footerSuccess, p.T("tui.import.done", r.Added+r.Updated+r.Unchanged, r.Added, r.Updated, r.Unchanged))
		return tea.Batch(m.loadInvoices(), m.loadSummary()), true
	case connectRequestMsg:
		return m.startConnect(msg.apiKey), true
	case saveSettingMsg:
		return m.startSave(msg.key, msg.value), true
	case toggleIntegrationMsg:
		if msg.on {
			return m.startIntegration(true), true
		}
		m.dialog = &confirmDialog{sh: m.sh, title: p.T("tui.setup.off_title"), text: p.T("tui.setup.off_confirm"),
			then: integrationConfirmedMsg{on: false}}
		return nil, true
	case integrationConfirmedMsg:
		return m.startIntegration(msg.on), true

	case paymentCreatedMsg:
		m.end()
		m.onPaymentCreated(msg)
		return tea.Batch(m.loadStatus(), m.loadInvoices(), m.loadPayments()), true
	case linkCopiedMsg:
		if msg.err != nil {
			m.setFooter(footerError, p.T("tui.err.copy", msg.number, p.Err(msg.err)))
			return nil, true
		}
		m.setFooter(footerSuccess, p.T("tui.copied", msg.url))
		native := m.sh.copyNative
		return tea.Batch(tea.SetClipboard(msg.url), func() tea.Msg {
			_ = native(msg.url) // best effort: OSC 52 and the link on screen already did the job
			return nativeCopyDoneMsg{}
		}), true
	case qrShownMsg:
		m.onQRShown(msg)
		return nil, true
	case refreshedMsg:
		m.end()
		m.onRefreshed(msg)
		return tea.Batch(m.loadStatus(), m.loadInvoices()), true
	case recordedMsg:
		m.end()
		m.onRecorded(msg)
		return tea.Batch(m.loadStatus(), m.loadInvoices()), true
	case reversedMsg:
		m.end()
		m.onReversed(msg)
		return tea.Batch(m.loadStatus(), m.loadInvoices()), true
	case connectedMsg:
		m.end()
		m.setup.Connected(msg.profile, msg.err)
		if msg.err != nil {
			m.setFooter(footerError, m.setup.refusal(msg.err))
		} else {
			m.setFooter(footerSuccess, p.T("tui.setup.connected", msg.profile.Name, p.Mode(msg.profile.Mode)))
		}
		return tea.Batch(m.loadHeader(), m.loadInvoices()), true
	case integrationSetMsg:
		switch {
		case msg.err != nil:
			m.setFooter(footerError, p.T("tui.err.integration", p.Err(msg.err)))
		case msg.on:
			m.setFooter(footerSuccess, p.T("tui.setup.turned_on"))
		default:
			m.setFooter(footerSuccess, p.T("tui.setup.turned_off"))
		}
		return m.loadHeader(), true
	case settingSavedMsg:
		m.setup.Saved(msg.key, msg.err)
		if msg.err != nil {
			m.setFooter(footerError, p.T("tui.setup.not_saved", p.Err(msg.err)))
		} else {
			m.setFooter(footerSuccess, p.T("tui.setup.saved", p.T("tui.setting."+msg.key)))
		}
		return m.loadHeader(), true
	}
	return nil, false
}

func (m *Model) onPaymentCreated(msg paymentCreatedMsg) {
	p := m.sh.p
	if msg.err != nil {
		m.setFooter(footerError, p.T("tui.err.pay", msg.number, p.Err(msg.err)))
		return
	}
	pay := msg.result.Payment
	if msg.result.Reused {
		m.setFooter(footerSuccess, p.T("tui.pay.reused", msg.number, pay.URL))
		return
	}
	m.setFooter(footerSuccess, p.T("tui.pay.created", msg.number, pay.URL))
}

func (m *Model) onRefreshed(msg refreshedMsg) {
	p := m.sh.p
	if msg.err != nil {
		m.setFooter(footerError, p.T("tui.err.refresh", msg.number, p.Err(msg.err)))
		return
	}
	if selected, _ := m.invoices.list.SelectedNumber(); selected == msg.number {
		st := msg.status
		m.invoices.SetStatus(&st, nil)
	}
	m.setFooter(footerSuccess, p.T("tui.refreshed", msg.number, p.Label(msg.status.Label)))
}

// onRecorded says what recording did, and what became of the open link.
func (m *Model) onRecorded(msg recordedMsg) {
	p := m.sh.p
	if msg.err != nil {
		m.setFooter(footerError, p.T("tui.err.record", msg.number, p.Err(msg.err)))
		return
	}
	amount, owed := p.Money(msg.amount), p.Money(msg.rec.Outstanding(m.sh.mode()))
	switch u := msg.rec.Link; {
	case u.Err != nil:
		m.setFooter(footerError, p.T("tui.recorded_link_failed", amount, msg.number, owed, p.Err(u.Err)))
	case u.New != nil:
		m.setFooter(footerSuccess, p.T("tui.recorded_relinked", amount, msg.number, owed, p.Money(u.New.Amount)))
	case u.Withdrawn != nil:
		m.setFooter(footerSuccess, p.T("tui.recorded_withdrawn", amount, msg.number, owed))
	default:
		m.setFooter(footerSuccess, p.T("tui.recorded", amount, msg.number, owed))
	}
}
