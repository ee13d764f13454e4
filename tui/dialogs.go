package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// dialog is a box over the screen that has the keyboard until it closes.
type dialog interface {
	// Update handles a message. closed reports that the dialog is done;
	// then, when not nil, is what the root is asked to do next.
	Update(msg tea.Msg) (closed bool, then tea.Msg, cmd tea.Cmd)
	View(width int) string
	ShortHelp() []key.Binding
	Capturing() bool
}

// What a confirmed dialog asks the root to do.
type (
	payConfirmedMsg    struct{ number string }
	recordConfirmedMsg struct {
		number  string
		amount  domain.Money
		note    string
		overpay bool // the bookkeeper confirmed an amount above what is owed
	}
)

const dialogWidth = 64

// dialogBox draws a titled box of facts and notes.
func dialogBox(sh *shared, width int, title string, facts []fact, notes []string, extra ...string) string {
	w := min(dialogWidth, width-4)
	inner := w - 4
	lines := []string{sh.styles.Title.Render(clip(title, inner)), ""}
	lw := 0
	for _, f := range facts {
		lw = max(lw, cellWidth(f.label))
	}
	for _, f := range facts {
		lines = append(lines, sh.styles.Label.Render(fit(f.label, lw))+" "+clip(f.value, inner-lw-1))
	}
	if len(notes) > 0 {
		lines = append(lines, "")
	}
	for _, n := range notes {
		lines = append(lines, wrapWords(n, inner)...)
	}
	lines = append(lines, extra...)
	return box(sh.styles.DialogEdge, strings.Split(block(strings.Join(lines, "\n"), inner, len(lines)), "\n"), inner)
}

// payDialog confirms a payment request and says what it will ask for.
type payDialog struct {
	sh  *shared
	inv domain.Invoice
}

func newPayDialog(sh *shared, inv domain.Invoice) *payDialog { return &payDialog{sh: sh, inv: inv} }

func (d *payDialog) Capturing() bool { return false }

func (d *payDialog) Update(msg tea.Msg) (bool, tea.Msg, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil, nil
	}
	switch {
	case key.Matches(kp, d.sh.keys.Confirm):
		return true, payConfirmedMsg{number: d.inv.Number}, nil
	case key.Matches(kp, d.sh.keys.Cancel):
		return true, nil, nil
	}
	return false, nil, nil
}

func (d *payDialog) View(width int) string {
	p, inv, mode := d.sh.p, d.inv, d.sh.mode()
	kind, _ := domain.ParsePaymentKind(d.sh.setting(domain.SettingPaymentKind))
	if kind == "" {
		kind = domain.KindLink
	}
	facts := []fact{
		{p.T("tui.col.customer"), sanitize.Terminal(inv.Customer)},
		{p.T("tui.pane.total"), p.Money(inv.Total)},
		{p.T("tui.pane.paid_all"), p.Money(inv.Paid(mode))},
		{p.T("tui.pane.outstanding"), p.Money(inv.Outstanding(mode))},
		{p.T("tui.pay.kind"), p.T("tui.kind." + string(kind))},
		{p.T("tui.pane.expires"), d.expiry(kind)},
		{p.T("tui.pay.mode"), p.Mode(mode)},
	}
	var notes []string
	if lp := inv.LastPayment; lp != nil && lp.Mode == mode && !lp.Status.Final() && lp.URL != "" {
		notes = append(notes, p.T("tui.pay.existing", p.Status(lp.Status)))
	}
	help := d.sh.shortHelp(dialogWidth-4, d.ShortHelp())
	return dialogBox(d.sh, width, p.T("tui.pay.title", sanitize.Terminal(inv.Number)), facts, notes, "", help)
}

// expiry says until when a new link would be valid under the settings.
func (d *payDialog) expiry(kind domain.PaymentKind) string {
	p := d.sh.p
	if kind == domain.KindCheckout {
		return p.T("tui.pay.expiry_checkout")
	}
	e, err := domain.ParseLinkExpiry(d.sh.setting(domain.SettingLinkExpiry))
	if err != nil {
		return p.Err(err)
	}
	return expiryWords(d.sh, domain.LinkExpiresAt(d.inv, e, d.sh.svc.Now()), d.inv)
}

func (d *payDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.sh.keys.Confirm, d.sh.keys.Cancel}
}

// recordDialog records money received outside Mollie.
type recordDialog struct {
	sh     *shared
	inv    domain.Invoice
	amount textinput.Model
	note   textinput.Model
	focus  int // 0 amount, 1 note
	err    string
	// overpayFor is the amount the bookkeeper was warned is more than is
	// owed; enter on that same amount again records it.
	overpayFor string
}

func newRecordDialog(sh *shared, inv domain.Invoice) (*recordDialog, tea.Cmd) {
	d := &recordDialog{sh: sh, inv: inv}
	// The amount owed is filled in as a real value, to confirm or edit: a
	// placeholder looked typed but was empty when confirmed.
	d.amount = newInput(sh, "", "")
	if owed := inv.Outstanding(sh.mode()); owed.IsPositive() {
		d.amount.SetValue(sh.p.Amount(owed))
		d.amount.CursorEnd()
	}
	d.note = newInput(sh, "", sh.p.T("tui.record.note_placeholder"))
	d.amount.SetWidth(24)
	d.note.SetWidth(40)
	return d, d.amount.Focus()
}

func (d *recordDialog) Capturing() bool { return true }

func (d *recordDialog) Update(msg tea.Msg) (bool, tea.Msg, tea.Cmd) {
	k := d.sh.keys
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Cancel):
			return true, nil, nil
		case key.Matches(kp, k.NextField):
			d.focus = 1 - d.focus
			if d.focus == 0 {
				d.note.Blur()
				return false, nil, d.amount.Focus()
			}
			d.amount.Blur()
			return false, nil, d.note.Focus()
		case key.Matches(kp, k.Confirm):
			return d.confirm()
		}
	}
	var cmd tea.Cmd
	if d.focus == 0 {
		d.amount, cmd = d.amount.Update(msg)
	} else {
		d.note, cmd = d.note.Update(msg)
	}
	return false, nil, cmd
}

func (d *recordDialog) confirm() (bool, tea.Msg, tea.Cmd) {
	m, err := domain.ParseMoney(d.amount.Value(), d.inv.Currency)
	switch {
	case err != nil:
		d.err = d.sh.p.Err(err)
		return false, nil, nil
	case !m.IsPositive():
		d.err = d.sh.p.T("tui.record.positive")
		return false, nil, nil
	}
	owed := d.inv.Outstanding(d.sh.mode())
	overpay := m.Minor > owed.Minor
	if overpay && d.overpayFor != d.amount.Value() {
		d.overpayFor = d.amount.Value()
		d.err = d.sh.p.T("tui.record.overpay", d.sh.p.Money(m), d.sh.p.Money(owed))
		return false, nil, nil
	}
	return true, recordConfirmedMsg{number: d.inv.Number, amount: m, note: strings.TrimSpace(d.note.Value()), overpay: overpay}, nil
}

func (d *recordDialog) View(width int) string {
	p, inv, mode := d.sh.p, d.inv, d.sh.mode()
	facts := []fact{
		{p.T("tui.col.customer"), sanitize.Terminal(inv.Customer)},
		{p.T("tui.pane.total"), p.Money(inv.Total)},
		{p.T("tui.pane.outstanding"), p.Money(inv.Outstanding(mode))},
		{p.T("tui.record.amount", inv.Currency), d.amount.View()},
		{p.T("tui.record.note"), d.note.View()},
	}
	var notes []string
	if d.err != "" {
		notes = append(notes, d.sh.styles.Error.Render("✗ "+sanitize.Terminal(d.err)))
	}
	notes = append(notes, p.T("tui.record.explain"))
	help := d.sh.shortHelp(dialogWidth-4, d.ShortHelp())
	return dialogBox(d.sh, width, p.T("tui.record.title", sanitize.Terminal(inv.Number)), facts, notes, "", help)
}

func (d *recordDialog) ShortHelp() []key.Binding {
	k := d.sh.keys
	return []key.Binding{k.Confirm, k.NextField, k.Cancel}
}

// confirmDialog asks before something that cannot simply be taken back.
type confirmDialog struct {
	sh    *shared
	title string
	text  string
	then  tea.Msg
}

func (d *confirmDialog) Capturing() bool { return false }

func (d *confirmDialog) Update(msg tea.Msg) (bool, tea.Msg, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil, nil
	}
	switch {
	case key.Matches(kp, d.sh.keys.Confirm):
		return true, d.then, nil
	case key.Matches(kp, d.sh.keys.Cancel):
		return true, nil, nil
	}
	return false, nil, nil
}

func (d *confirmDialog) View(width int) string {
	help := d.sh.shortHelp(dialogWidth-4, d.ShortHelp())
	return dialogBox(d.sh, width, d.title, nil, []string{d.text}, "", help)
}

func (d *confirmDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.sh.keys.Confirm, d.sh.keys.Cancel}
}
