package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/sanitize"
)

// detailsView shows everything known about one invoice: the document, each
// payment paydesk made for it and each attempt a customer made.
type detailsView struct {
	sh     *shared
	number string
	nav    scroller // a pager over the lines
	width  int
	height int
}

func (d *detailsView) SetSize(w, h int) { d.width, d.height = w, h }

// Update scrolls; inv and st are what View will draw, to bound the scrolling.
func (d *detailsView) Update(msg tea.Msg, inv domain.Invoice, st *domain.InvoiceStatus) {
	// A status read may have made the text shorter since the last key.
	d.nav.Fit(len(d.lines(inv, st)), d.height)
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		d.nav.Keys(d.sh.keys, msg)
	case tea.MouseWheelMsg:
		d.nav.Wheel(msg)
	}
}

// View draws the details from the invoice and its status as last read.
func (d *detailsView) View(inv domain.Invoice, st *domain.InvoiceStatus) string {
	return d.nav.Page(d.lines(inv, st), d.width, d.height)
}

func (d *detailsView) lines(inv domain.Invoice, st *domain.InvoiceStatus) []string {
	p, s := d.sh.p, d.sh.styles
	mode := d.sh.mode()
	out := []string{s.Title.Render(p.T("tui.details.title", sanitize.Terminal(inv.Number))), ""}
	var facts []fact
	add := func(label, value string) {
		if value != "" {
			facts = append(facts, fact{label, value})
		}
	}
	kind := p.T("tui.details.invoice")
	if inv.Kind == domain.KindCreditNote {
		kind = p.T("tui.inv.credit_note")
	}
	add(p.T("tui.col.customer"), sanitize.Terminal(inv.Customer))
	add(p.T("tui.details.email"), sanitize.Terminal(inv.Email))
	add(p.T("tui.details.kind"), kind)
	add(p.T("tui.details.issued"), p.Date(inv.IssueDate))
	due := p.Date(inv.DueDate)
	if inv.Overdue(mode, d.sh.svc.Now()) {
		due += " ! " + p.T("tui.details.overdue")
	}
	add(p.T("tui.col.due"), due)
	for _, dc := range inv.Discounts {
		add(p.T("tui.details.discount"), p.T("tui.details.discount_until", dc.Percent(), p.Date(dc.Until)))
	}
	add(p.T("tui.pane.total"), p.Money(inv.Total))
	add(p.T("tui.pane.paid_outside"), p.Money(orZero(inv.PaidOutside, inv.Currency)))
	add(p.T("tui.pane.paid_all"), p.Money(inv.Paid(mode)))
	add(p.T("tui.pane.outstanding"), p.Money(inv.Outstanding(mode)))
	switch {
	case inv.SourceFile != "" && inv.SourceLine > 0:
		add(p.T("tui.details.source"), fmt.Sprintf("%s:%d", sanitize.Terminal(inv.SourceFile), inv.SourceLine))
	case inv.SourceFile != "":
		add(p.T("tui.details.source"), sanitize.Terminal(inv.SourceFile))
	}
	lw := 0
	for _, f := range facts {
		lw = max(lw, cellWidth(f.label))
	}
	for _, f := range facts {
		out = append(out, "  "+s.Label.Render(fit(f.label, lw))+" "+f.value)
	}
	if st != nil && st.Invoice.Number == inv.Number && len(st.Manual) > 0 {
		out = append(out, "", s.Title.Render(p.T("tui.details.manual")))
		for _, e := range st.Manual {
			line := fmt.Sprintf("  #%d %s · %s · %s", e.ID, p.DateTime(e.At), p.Money(e.Amount), sanitize.Terminal(e.Actor))
			note := sanitize.Terminal(e.Note)
			if e.Reverses != 0 {
				note = p.T("tui.details.reverses", e.Reverses, note)
			}
			if note != "" {
				line += " · " + note
			}
			out = append(out, line)
		}
	}
	out = append(out, "", s.Title.Render(p.T("tui.details.payments")))
	switch {
	case st == nil || st.Invoice.Number != inv.Number:
		return append(out, "  "+s.Muted.Render(p.T("tui.loading")))
	case len(st.Payments) == 0:
		return append(out, "  "+s.Muted.Render(p.Label(domain.Label{Key: "none"})))
	}
	for _, pay := range st.Payments {
		out = append(out, d.paymentLines(p, pay)...)
	}
	return out
}

func (d *detailsView) paymentLines(p *i18n.Printer, pay domain.Payment) []string {
	s := d.sh.styles
	id := sanitize.Terminal(pay.MollieID)
	if id == "" {
		id = "…"
	}
	head := fmt.Sprintf("  %s %s · %s · %s · %s", statusStyle(s, pay.Status).Render(p.Status(pay.Status)), id,
		p.T("tui.kind."+string(pay.Kind)), p.Mode(pay.Mode), p.Money(pay.Amount))
	out := []string{"", head, "    " + p.Label(domain.StatusLabel(&pay))}
	add := func(label, value string) {
		if value != "" && value != "–" {
			out = append(out, "    "+s.Label.Render(fit(label, 18))+" "+value)
		}
	}
	add(p.T("tui.pane.link"), sanitize.Terminal(pay.URL))
	add(p.T("tui.details.created"), p.DateTime(pay.CreatedAt)+" · "+sanitize.Terminal(pay.Actor))
	add(p.T("tui.pane.expires"), p.DateTime(pay.ExpiresAt))
	add(p.T("tui.pane.completed"), p.DateTime(pay.CompletedAt()))
	if pay.Method != "" {
		add(p.T("tui.details.method"), p.Method(pay.Method))
	}
	if pay.AmountRefunded.IsPositive() {
		add(p.T("tui.pane.refunded"), p.Money(pay.AmountRefunded))
	}
	if pay.AmountChargedBack.IsPositive() {
		add(p.T("tui.pane.charged_back"), p.Money(pay.AmountChargedBack))
	}
	add(p.T("tui.pane.checked"), p.DateTime(pay.CheckedAt))
	for _, a := range pay.Attempts {
		method := ""
		if a.Method != "" {
			method = " · " + p.Method(a.Method)
		}
		out = append(out, fmt.Sprintf("    %s %s %s · %s · %s%s", s.Muted.Render("↳"), sanitize.Terminal(a.MollieID),
			statusStyle(s, a.Status).Render(p.Status(a.Status)), p.Money(a.Amount), p.DateTime(a.CreatedAt), method))
	}
	return out
}

func (d *detailsView) ShortHelp() []key.Binding {
	k := d.sh.keys
	return []key.Binding{k.Pay, k.Copy, k.QR, k.Refresh, k.Record, k.ReverseEntry, k.Close, k.Up, k.Down, k.Help, k.Quit}
}

func (d *detailsView) FullHelp() [][]key.Binding {
	k := d.sh.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top}, {k.Pay, k.Copy, k.QR, k.Mail, k.Refresh, k.Record, k.ReverseEntry, k.Close}}
}
