package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// mailPreviewLines is how much of the message body the dialog shows.
const mailPreviewLines = 8

// mailDialog shows the e-mail with an invoice's link and lets the recipient
// be changed before it is sent.
type mailDialog struct {
	sh  *shared
	out domain.Outgoing
	to  textinput.Model
	err string
}

func newMailDialog(sh *shared, out domain.Outgoing) (*mailDialog, tea.Cmd) {
	d := &mailDialog{sh: sh, out: out}
	d.to = newInput(sh, "", "name@example.com")
	d.to.SetValue(out.Message.To)
	d.to.SetWidth(44)
	return d, d.to.Focus()
}

func (d *mailDialog) Capturing() bool { return true }

func (d *mailDialog) Update(msg tea.Msg) (bool, tea.Msg, tea.Cmd) {
	k := d.sh.keys
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Cancel):
			return true, nil, nil
		case key.Matches(kp, k.Confirm):
			to, err := domain.ParseAddress(d.to.Value())
			if strings.TrimSpace(d.to.Value()) == "" {
				err = domain.Fail(domain.WhyNoEmail, d.out.Invoice.Number)
			}
			if err != nil {
				d.err = d.sh.p.Err(err)
				return false, nil, nil
			}
			return true, mailConfirmedMsg{number: d.out.Invoice.Number, to: to}, nil
		}
	}
	var cmd tea.Cmd
	d.to, cmd = d.to.Update(msg)
	return false, nil, cmd
}

func (d *mailDialog) View(width int) string {
	p, m := d.sh.p, d.out.Message
	facts := []fact{
		{p.T("tui.mail.to"), d.to.View()},
		{p.T("tui.mail.subject"), sanitize.Terminal(m.Subject)},
		{p.T("tui.mail.link"), p.Money(d.out.Payment.Amount) + " · " + sanitize.Terminal(d.out.Payment.URL)},
	}
	var notes []string
	if d.err != "" {
		notes = append(notes, d.sh.styles.Error.Render("✗ "+sanitize.Terminal(d.err)))
	}
	body := strings.Split(strings.TrimSpace(m.Text), "\n")
	if len(body) > mailPreviewLines {
		body = append(body[:mailPreviewLines], "…")
	}
	for _, l := range body {
		notes = append(notes, d.sh.styles.Muted.Render(sanitize.Terminal(l)))
	}
	help := d.sh.shortHelp(dialogWidth-4, d.ShortHelp())
	return dialogBox(d.sh, width, p.T("tui.mail.title", sanitize.Terminal(d.out.Invoice.Number)), facts, notes, "", help)
}

func (d *mailDialog) ShortHelp() []key.Binding {
	k := d.sh.keys
	return []key.Binding{k.Confirm, k.Cancel}
}

// remindersDialog lists the reminders that are due and sends them on enter.
type remindersDialog struct {
	sh   *shared
	plan domain.ReminderPlan
}

func (d *remindersDialog) Capturing() bool { return false }

func (d *remindersDialog) Update(msg tea.Msg) (bool, tea.Msg, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil, nil
	}
	switch {
	case key.Matches(kp, d.sh.keys.Confirm):
		if len(d.plan.Due) == 0 {
			return true, nil, nil
		}
		return true, remindConfirmedMsg{}, nil
	case key.Matches(kp, d.sh.keys.Cancel):
		return true, nil, nil
	}
	return false, nil, nil
}

// remindersShown is how many due reminders the dialog lists by name.
const remindersShown = 10

func (d *remindersDialog) View(width int) string {
	p := d.sh.p
	var notes []string
	if len(d.plan.Due) == 0 {
		notes = append(notes, p.T("tui.remind.none", len(d.plan.Waiting), d.plan.Interval))
	} else {
		notes = append(notes, p.T("tui.remind.due", len(d.plan.Due)))
	}
	for i, r := range d.plan.Due {
		if i == remindersShown {
			notes = append(notes, p.T("tui.remind.more", len(d.plan.Due)-remindersShown))
			break
		}
		notes = append(notes, fmt.Sprintf("%s  %s  %s", sanitize.Terminal(r.Invoice.Number), p.Money(r.Owed), sanitize.Terminal(r.To)))
	}
	if len(d.plan.Due) > 0 && len(d.plan.Waiting) > 0 {
		notes = append(notes, p.T("tui.remind.waiting", len(d.plan.Waiting), d.plan.Interval))
	}
	help := d.sh.shortHelp(dialogWidth-4, d.ShortHelp())
	return dialogBox(d.sh, width, p.T("tui.remind.title"), nil, notes, "", help)
}

func (d *remindersDialog) ShortHelp() []key.Binding {
	if len(d.plan.Due) == 0 {
		return []key.Binding{d.sh.keys.Close}
	}
	return []key.Binding{d.sh.keys.Confirm, d.sh.keys.Cancel}
}

// Messages of the e-mail actions.
type (
	mailPreparedMsg struct {
		number string
		out    domain.Outgoing
		err    error
	}
	mailConfirmedMsg struct{ number, to string }
	mailSentMsg      struct {
		number string
		out    domain.Outgoing
		err    error
	}
	remindersPlannedMsg struct {
		plan domain.ReminderPlan
		err  error
	}
	remindConfirmedMsg struct{}
	remindersSentMsg   struct {
		plan domain.ReminderPlan
		err  error
	}
)

func (m *Model) startPrepareMail(number string) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return tea.Batch(m.begin(m.sh.p.T("tui.busy.mail", number)), func() tea.Msg {
		out, err := svc.PrepareMail(ctx, number, "", domain.MailInvoice)
		return mailPreparedMsg{number: number, out: out, err: err}
	})
}

func (m *Model) startSendMail(msg mailConfirmedMsg) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return tea.Batch(m.begin(m.sh.p.T("tui.busy.send", msg.number, msg.to)), func() tea.Msg {
		out, err := svc.SendMail(ctx, msg.number, msg.to, domain.MailInvoice)
		return mailSentMsg{number: msg.number, out: out, err: err}
	})
}

func (m *Model) startPlanReminders() tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return func() tea.Msg {
		plan, err := svc.PlanReminders(ctx, 1)
		return remindersPlannedMsg{plan: plan, err: err}
	}
}

func (m *Model) startSendReminders() tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return tea.Batch(m.begin(m.sh.p.T("tui.busy.remind")), func() tea.Msg {
		plan, err := svc.SendReminders(ctx, 1)
		return remindersSentMsg{plan: plan, err: err}
	})
}

// onMailAction handles the e-mail messages; ok is false for any other.
func (m *Model) onMailAction(msg tea.Msg) (tea.Cmd, bool) {
	p := m.sh.p
	switch msg := msg.(type) {
	case mailPreparedMsg:
		m.end()
		if msg.err != nil {
			m.setFooter(footerError, p.T("tui.err.mail", msg.number, p.Err(msg.err)))
			return tea.Batch(m.loadStatus(), m.loadInvoices()), true
		}
		d, cmd := newMailDialog(m.sh, msg.out)
		m.dialog = d
		return tea.Batch(cmd, m.loadStatus(), m.loadInvoices()), true
	case mailConfirmedMsg:
		return m.startSendMail(msg), true
	case mailSentMsg:
		m.end()
		if msg.err != nil {
			m.setFooter(footerError, p.T("tui.err.mail", msg.number, p.Err(msg.err)))
		} else {
			m.setFooter(footerSuccess, p.T("tui.mail.sent", msg.number, msg.out.Message.To))
		}
		return tea.Batch(m.loadStatus(), m.loadInvoices(), m.loadLog(false)), true
	case remindersPlannedMsg:
		if msg.err != nil {
			m.setFooter(footerError, p.T("tui.err.remind", p.Err(msg.err)))
			return nil, true
		}
		m.dialog = &remindersDialog{sh: m.sh, plan: msg.plan}
		return nil, true
	case remindConfirmedMsg:
		return m.startSendReminders(), true
	case remindersSentMsg:
		m.end()
		m.onRemindersSent(msg)
		return tea.Batch(m.loadStatus(), m.loadInvoices(), m.loadLog(false)), true
	}
	return nil, false
}

func (m *Model) onRemindersSent(msg remindersSentMsg) {
	p := m.sh.p
	if msg.err != nil {
		m.setFooter(footerError, p.T("tui.err.remind", p.Err(msg.err)))
		return
	}
	sent, failed := 0, 0
	var first error
	for _, r := range msg.plan.Due {
		if r.Err != nil {
			failed++
			if first == nil {
				first = r.Err
			}
			continue
		}
		sent++
	}
	if failed > 0 {
		m.setFooter(footerError, p.T("tui.remind.failed", sent, failed, p.Err(first)))
		return
	}
	m.setFooter(footerSuccess, p.T("tui.remind.sent", sent))
}
