package tui

import (
	"strings"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// invoiceColumns are the widths of the table's columns for one list width.
type invoiceColumns struct {
	number, customer, due, amount, status int
	currency                              int  // 0 unless currencies are mixed
	paid                                  bool // room for the paid column
}

const (
	colGap    = 1
	markerW   = 2
	dueW      = 12 // a date and the overdue mark
	amountW   = 16 // the most an amount column takes
	statusW   = 14 // the most the status column takes
	customerW = 12 // the least the customer column gets
)

func (l *invoiceList) columns() invoiceColumns {
	c := invoiceColumns{due: dueW, amount: amountW, status: statusW, paid: true}
	c.number = 8
	if l.loaded {
		c.number = max(6, min(l.numberWidth, 18))
		c.amount = max(8, min(l.amountWidth, amountW))
		if l.mixed {
			c.currency = 3
		}
	}
	c.status = l.statusWidth()
	fixed := func() int {
		n := markerW + c.number + c.due + 2*c.amount + c.status + 5*colGap
		if c.currency > 0 {
			n += c.currency + colGap
		}
		if c.paid {
			n += c.amount + colGap
		}
		return n
	}
	if l.width-fixed() < customerW {
		c.paid = false // the status pane shows what was paid
	}
	c.customer = max(1, l.width-fixed())
	return c
}

// View draws the column header and the visible rows.
func (l *invoiceList) View() string {
	p, st := l.sh.p, l.sh.styles
	c := l.columns()
	var b strings.Builder
	b.Grow(textBytes(l.width, l.nav.rows+1))
	b.WriteString(st.ColHeader.Render(l.headerLine(c)))
	if !l.loaded {
		b.WriteString("\n" + st.Muted.Render("  "+p.T("tui.loading")))
		return b.String()
	}
	if len(l.rows) == 0 {
		msg := p.T("tui.inv.none_match")
		if l.tab == tabAll && l.query == "" {
			msg = p.T("tui.inv.none")
		}
		b.WriteString("\n" + st.Muted.Render("  "+msg))
		return b.String()
	}
	if len(l.drawn) != len(l.rows) || l.drawnFor != c {
		l.drawn, l.drawnFor = make([]string, len(l.rows)), c
	}
	first, end := l.nav.Window()
	for row := first; row < end; row++ {
		b.WriteByte('\n')
		switch {
		case row == l.nav.cursor:
			b.WriteString(l.rowView(&l.rows[row], true, c))
		case l.drawn[row] != "":
			b.WriteString(l.drawn[row])
		default:
			l.drawn[row] = l.rowView(&l.rows[row], false, c)
			b.WriteString(l.drawn[row])
		}
	}
	return b.String()
}

func (l *invoiceList) headerLine(c invoiceColumns) string {
	p := l.sh.p
	arrow := func(s sortOrder, label string) string {
		if l.sortBy != s {
			return label
		}
		return label + " " + l.arrow()
	}
	cells := []string{
		strings.Repeat(" ", markerW-colGap),
		fit(arrow(sortNumber, p.T("tui.col.number")), c.number),
		fit(arrow(sortCustomer, p.T("tui.col.customer")), c.customer),
		fit(arrow(sortDue, p.T("tui.col.due")), c.due),
	}
	if c.currency > 0 {
		cells = append(cells, fit(p.T("tui.col.currency"), c.currency))
	}
	cells = append(cells, fitRight(p.T("tui.col.total"), c.amount))
	if c.paid {
		cells = append(cells, fitRight(p.T("tui.col.paid"), c.amount))
	}
	cells = append(cells,
		fitRight(arrow(sortAmount, p.T("tui.col.outstanding")), c.amount),
		fit(p.T("tui.col.status"), c.status))
	return fit(strings.Join(cells, " "), l.width)
}

func (l *invoiceList) rowView(inv *domain.Invoice, selected bool, c invoiceColumns) string {
	p, st, mode := l.sh.p, l.sh.styles, l.mode
	overdue := inv.Overdue(mode, l.today)
	due := p.Date(inv.DueDate)
	if overdue {
		due += " !"
	}
	word, style := invoiceStatusWord(l.sh, inv, mode)

	marker := "  "
	if selected {
		marker = "▸ "
	}
	cells := []string{
		marker + fit(sanitize.Terminal(inv.Number), c.number),
		fit(sanitize.Terminal(inv.Customer), c.customer),
		fit(due, c.due),
	}
	if c.currency > 0 {
		cells = append(cells, fit(inv.Currency, c.currency))
	}
	cells = append(cells, fitRight(p.Amount(inv.Total), c.amount))
	if c.paid {
		cells = append(cells, fitRight(p.Amount(inv.Paid(mode)), c.amount))
	}
	cells = append(cells, fitRight(p.Amount(inv.Outstanding(mode)), c.amount), fit(word, c.status))
	if selected {
		return st.Selected.Render(fit(strings.Join(cells, " "), l.width))
	}
	if overdue {
		cells[2] = st.Overdue.Render(cells[2])
	}
	last := len(cells) - 1
	cells[last] = style.Render(cells[last])
	return strings.Join(cells, " ")
}

// statusWidth is the width of the longest word the status column can show
// in the printer's language.
func (l *invoiceList) statusWidth() int {
	if l.statusW > 0 {
		return l.statusW
	}
	p := l.sh.p
	words := []string{p.T("tui.col.status"), p.T("tui.inv.credit_note"), p.T("tui.inv.settled")}
	for _, s := range []domain.Status{domain.StatusCreating, domain.StatusOpen, domain.StatusPending, domain.StatusAuthorized,
		domain.StatusPaid, domain.StatusCanceled, domain.StatusExpired, domain.StatusFailed, domain.StatusArchived} {
		words = append(words, p.Status(s))
	}
	for _, w := range words {
		l.statusW = max(l.statusW, cellWidth(w))
	}
	l.statusW = min(l.statusW, statusW)
	return l.statusW
}

// invoiceStatusWord is the payment status shown in the invoice's row: its
// payment in the current mode, or what kind of document it is.
func invoiceStatusWord(sh *shared, inv *domain.Invoice, mode domain.Mode) (string, Paint) {
	if inv.Kind == domain.KindCreditNote {
		return sh.p.T("tui.inv.credit_note"), sh.styles.Muted
	}
	lp := inv.LastPayment
	if lp == nil || lp.Mode != mode {
		if !inv.Outstanding(mode).IsPositive() && inv.Total.IsPositive() {
			return sh.p.T("tui.inv.settled"), sh.styles.Paid
		}
		return "–", sh.styles.Muted
	}
	return sh.p.Status(lp.Status), statusStyle(sh.styles, lp.Status)
}

// statusStyle colours a status word; the word itself always says it.
func statusStyle(st Styles, s domain.Status) Paint {
	switch s {
	case domain.StatusPaid:
		return st.Paid
	case domain.StatusOpen, domain.StatusCreating:
		return st.Open
	case domain.StatusPending, domain.StatusAuthorized:
		return st.Pending
	case domain.StatusFailed, domain.StatusCanceled, domain.StatusExpired:
		return st.Failed
	}
	return st.Muted
}

// arrow shows which way the list is sorted: up for ascending (amounts owed
// count down, largest first), flipped when reversed.
func (l *invoiceList) arrow() string {
	down := l.sortBy == sortAmount
	if l.reverse {
		down = !down
	}
	if down {
		return "↓"
	}
	return "↑"
}

// amountWidth is how many cells an amount takes when written with grouping
// (1,234.56 and 1.234,56 alike), computed without formatting it.
func amountWidth(m domain.Money) int {
	n := m.Minor
	w := 0
	if n < 0 {
		w, n = 1, -n
	}
	digits := 1
	for v := n; v >= 10; v /= 10 {
		digits++
	}
	d := domain.Decimals(m.Currency)
	intDigits := max(1, digits-d)
	w += intDigits + (intDigits-1)/3
	if d > 0 {
		w += d + 1
	}
	return w
}
