package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/linkqr"
	"github.com/paydesk/paydesk/sanitize"
)

// qrTextWidth is the least room beside the code for what it asks.
const qrTextWidth = 28

// qrDialog shows an invoice's open link as a QR code to scan, with the
// amount and the invoice number beside it.
type qrDialog struct {
	sh   *shared
	inv  domain.Invoice
	pay  domain.Payment
	code *linkqr.Code

	// The terminal's size and what of it the body gets, set by the root's
	// layout: a code that does not fit says how large the terminal must be.
	width, height, body int
}

func newQRDialog(sh *shared, inv domain.Invoice, pay domain.Payment, code *linkqr.Code) *qrDialog {
	return &qrDialog{sh: sh, inv: inv, pay: pay, code: code}
}

func (d *qrDialog) Capturing() bool { return false }

func (d *qrDialog) ShortHelp() []key.Binding { return []key.Binding{d.sh.keys.Close} }

func (d *qrDialog) Update(msg tea.Msg) (bool, tea.Msg, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil, nil
	}
	k := d.sh.keys
	if key.Matches(kp, k.Close) || key.Matches(kp, k.Confirm) || key.Matches(kp, k.QR) {
		return true, nil, nil
	}
	return false, nil, nil
}

// SetSize tells the dialog the terminal's size and its body's height.
func (d *qrDialog) SetSize(width, height, body int) { d.width, d.height, d.body = width, height, body }

func (d *qrDialog) View(width int) string {
	p := d.sh.p
	cols, rows := d.code.TerminalSize()
	needW, needH := cols+2+qrTextWidth, rows+d.height-d.body
	if needW > width || rows > d.body {
		msg := p.T("tui.qr.too_small", max(needW, minWidth), max(needH, minHeight), width, d.height)
		return strings.Join(wrapWords(msg, max(1, width-4)), "\n")
	}
	textW := min(width-cols-2, 60)
	code := strings.Split(d.code.Text(d.sh.isDark), "\n")
	st := d.sh.styles
	right := []string{
		st.Title.Render(clip(p.T("tui.qr.title", sanitize.Terminal(d.inv.Number)), textW)),
		clip(sanitize.Terminal(d.inv.Customer), textW),
		"",
		st.Label.Render(clip(p.T("tui.qr.amount"), textW)),
		clip(p.Money(d.pay.Amount)+"  "+p.Mode(d.pay.Mode), textW),
	}
	if !d.pay.ExpiresAt.IsZero() {
		right = append(right, "", st.Label.Render(clip(p.T("tui.pane.expires"), textW)), p.DateTime(d.pay.ExpiresAt))
	}
	right = append(right, "")
	right = append(right, wrapAnywhere(sanitize.Terminal(d.pay.URL), textW)...)
	right = append(right, "")
	right = append(right, wrapWords(p.T("tui.qr.scan"), textW)...)
	lines := make([]string, max(len(code), len(right)))
	for i := range lines {
		left := strings.Repeat(" ", cols)
		if i < len(code) {
			left = code[i]
		}
		r := ""
		if i < len(right) {
			r = right[i]
		}
		lines[i] = left + "  " + fit(r, textW)
	}
	return strings.Join(lines, "\n")
}

// wrapAnywhere cuts a word-less text such as a URL into lines of w cells.
func wrapAnywhere(s string, w int) []string {
	var out []string
	r := []rune(s)
	for len(r) > w && w > 0 {
		out = append(out, string(r[:w]))
		r = r[w:]
	}
	return append(out, string(r))
}

// qrShownMsg carries the link to draw, or why there is none.
type qrShownMsg struct {
	number string
	inv    domain.Invoice
	pay    domain.Payment
	code   *linkqr.Code
	err    error
}

func (m *Model) startQR(number string) tea.Cmd {
	svc, ctx := m.sh.svc, m.sh.ctx
	return func() tea.Msg {
		st, pay, err := svc.ShowQR(ctx, number)
		if err != nil {
			return qrShownMsg{number: number, err: err}
		}
		code, err := linkqr.Encode(pay.URL)
		return qrShownMsg{number: number, inv: st.Invoice, pay: pay, code: code, err: err}
	}
}

func (m *Model) onQRShown(msg qrShownMsg) {
	if msg.err != nil {
		m.setFooter(footerError, m.sh.p.T("tui.err.qr", msg.number, m.sh.p.Err(msg.err)))
		return
	}
	m.dialog = newQRDialog(m.sh, msg.inv, msg.pay, msg.code)
}
