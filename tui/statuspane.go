package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"fmt"
	"strings"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// statusPane shows the live payment state of the selected invoice.
type statusPane struct {
	sh     *shared
	status *domain.InvoiceStatus // nil until read for the selected invoice
	err    error
	width  int
	height int
	// nav scrolls facts that do not fit, for the wheel over the pane; it
	// starts at the top for each invoice.
	nav    scroller
	scroll string // the invoice nav scrolls
}

// SetSize sets the outer size, border included.
func (s *statusPane) SetSize(w, h int) { s.width, s.height = w, h }

// View draws the pane for inv; compact puts it into few lines below the list.
func (s *statusPane) View(inv domain.Invoice, ok bool, compact bool) string {
	inner := max(1, s.width-4)
	lines := s.lines(inv, ok, compact)
	first, _ := s.nav.Window()
	return box(s.sh.styles.Border, strings.Split(block(strings.Join(lines[first:], "\n"), inner, s.nav.rows), "\n"), inner)
}

// Wheel scrolls the pane's facts when they do not fit.
func (s *statusPane) Wheel(msg tea.MouseWheelMsg, inv domain.Invoice, ok bool, compact bool) {
	s.lines(inv, ok, compact)
	s.nav.Wheel(msg)
}

// lines are the pane's lines for inv, with the scrolling fitted to them.
func (s *statusPane) lines(inv domain.Invoice, ok bool, compact bool) []string {
	inner := max(1, s.width-4)
	var lines []string
	switch {
	case !ok:
		lines = []string{s.sh.styles.Muted.Render(s.sh.p.T("tui.pane.empty"))}
	case compact:
		lines = s.compactLines(inv, inner)
	default:
		lines = s.fullLines(inv, inner)
	}
	s.nav.pager = true
	if inv.Number != s.scroll {
		s.nav.Top()
		s.scroll = inv.Number
	}
	s.nav.SetRows(max(1, s.height-2))
	s.nav.SetLen(len(lines))
	return lines
}

// facts is the pane's content as label/value pairs.
type fact struct{ label, value string }

func (s *statusPane) title(inv domain.Invoice) string {
	t := sanitize.Terminal(inv.Number)
	if inv.Customer != "" {
		t += " · " + sanitize.Terminal(inv.Customer)
	}
	return s.sh.styles.Title.Render(t)
}

func (s *statusPane) current(inv domain.Invoice) (*domain.InvoiceStatus, bool) {
	st := s.status
	return st, st != nil && st.Invoice.Number == inv.Number
}

func (s *statusPane) fullLines(inv domain.Invoice, w int) []string {
	lines := []string{clip(s.title(inv), w)}
	st, ok := s.current(inv)
	if !ok {
		return append(lines, s.loadingLine())
	}
	facts := s.facts(st)
	// The label column takes at most two fifths of the pane; a longer label
	// gets a line of its own with its value below.
	lw := 0
	for _, f := range facts {
		lw = max(lw, cellWidth(f.label))
	}
	lw = min(lw, max(12, w*2/5))
	for _, f := range facts {
		switch {
		case f.label == "": // goes on under the fact before
			for _, part := range wrapWords(f.value, max(1, w-lw-1)) {
				lines = append(lines, strings.Repeat(" ", lw+1)+part)
			}
		case cellWidth(f.label) <= lw && cellWidth(f.value) <= w-lw-1:
			lines = append(lines, s.sh.styles.Label.Render(fit(f.label, lw))+" "+f.value)
		default:
			lines = append(lines, s.sh.styles.Label.Render(clip(f.label, w)))
			for _, part := range wrapWords(f.value, max(1, w-2)) {
				lines = append(lines, "  "+part)
			}
		}
	}
	return lines
}

func (s *statusPane) compactLines(inv domain.Invoice, w int) []string {
	lines := []string{}
	st, ok := s.current(inv)
	if !ok {
		return []string{clip(s.title(inv), w), s.loadingLine()}
	}
	p := s.sh.p
	word, style := s.statusWord(st)
	lines = append(lines, clip(s.title(inv)+" · "+style.Render(word)+" – "+p.Label(st.Label), w))
	if s.err != nil {
		// The pane is small: the error goes first, the facts may fall off.
		lines = append(lines, s.sh.styles.Error.Render(clip("✗ "+sanitize.Terminal(s.sh.p.Err(s.err)), w)))
	}
	join := func(facts ...fact) string {
		parts := make([]string, 0, len(facts))
		for _, f := range facts {
			if f.value != "" && f.value != "–" {
				parts = append(parts, s.sh.styles.Label.Render(f.label+":")+" "+f.value)
			}
		}
		return clip(strings.Join(parts, " · "), w)
	}
	all := s.factMap(st)
	set := st.Invoice.Settlement(st.Mode)
	for _, l := range []string{
		join(all["link"]),
		join(all["expires"], all["mailed"], all["attempts"]),
		join(all["completed"], all["checked"]),
		join(all["paid"], nonZero(all["refunded"], set.Refunded), nonZero(all["charged_back"], set.ChargedBack)),
		join(all["paid_outside"], all["outstanding"]),
	} {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

func (s *statusPane) loadingLine() string {
	if s.err != nil {
		return s.sh.styles.Error.Render("✗ " + sanitize.Terminal(s.sh.p.Err(s.err)))
	}
	return s.sh.styles.Muted.Render(s.sh.p.T("tui.loading"))
}

func (s *statusPane) statusWord(st *domain.InvoiceStatus) (string, Paint) {
	if st.Current == nil {
		return s.sh.p.Status(""), s.sh.styles.Muted
	}
	return s.sh.p.Status(st.Current.Status), statusStyle(s.sh.styles, st.Current.Status)
}

// facts lists the pane's lines in order.
func (s *statusPane) facts(st *domain.InvoiceStatus) []fact {
	m := s.factMap(st)
	order := []string{"invoice_state", "status", "label", "completed", "link", "expires", "mailed", "attempts", "paid_outside", "paid", "refunded", "charged_back", "outstanding", "checked"}
	out := make([]fact, 0, len(order))
	for _, k := range order {
		if f, ok := m[k]; ok && f.value != "" {
			out = append(out, f)
		}
	}
	return out
}

func (s *statusPane) factMap(st *domain.InvoiceStatus) map[string]fact {
	p, mode, inv := s.sh.p, st.Mode, st.Invoice
	word, style := s.statusWord(st)
	set := inv.Settlement(mode)
	m := map[string]fact{
		"invoice_state": {p.T("tui.pane.invoice_state"), p.State(st.State)},
		"status":        {p.T("tui.pane.status"), style.Render(word) + s.modeNote(mode)},
		"label":         {"", p.Label(st.Label)},
		"paid_outside":  {p.T("tui.pane.paid_outside"), p.Money(orZero(inv.PaidOutside, inv.Currency))},
		"paid":          {p.T("tui.pane.paid"), p.Money(orZero(set.Paid, inv.Currency))},
		"refunded":      {p.T("tui.pane.refunded"), p.Money(orZero(set.Refunded, inv.Currency))},
		"charged_back":  {p.T("tui.pane.charged_back"), p.Money(orZero(set.ChargedBack, inv.Currency))},
		"outstanding":   {p.T("tui.pane.outstanding"), p.Money(inv.Outstanding(mode))},
	}
	if !st.LastMailed.IsZero() {
		m["mailed"] = fact{p.T("tui.pane.mailed"), p.DateTime(st.LastMailed)}
	}
	cur := st.Current
	if cur == nil {
		return m
	}
	m["completed"] = fact{p.T("tui.pane.completed"), p.DateTime(cur.CompletedAt())}
	link := cur.URL
	switch {
	case st.Stale():
		// Money was recorded since it was made: never offer it as it is.
		link = s.sh.styles.Error.Render(p.T("tui.pane.link_stale", p.Money(cur.Amount), p.Money(inv.Outstanding(mode))))
	case link == "":
		link = "–"
	default:
		link = s.sh.styles.Link.Render(sanitize.Terminal(link))
	}
	m["link"] = fact{p.T("tui.pane.link"), link}
	expires := expiryWords(s.sh, cur.ExpiresAt, inv)
	m["expires"] = fact{p.T("tui.pane.expires"), expires}
	attempts := fmt.Sprint(len(cur.Attempts))
	if last, ok := cur.LastAttempt(); ok {
		what := p.Status(last.Status)
		if last.Method != "" {
			what += ", " + p.Method(last.Method)
		}
		attempts = p.T("tui.pane.attempts_last", len(cur.Attempts), what)
	}
	m["attempts"] = fact{p.T("tui.pane.attempts"), attempts}
	m["checked"] = fact{p.T("tui.pane.checked"), p.DateTime(cur.CheckedAt)}
	return m
}

// nonZero drops a fact about an amount that is zero.
func nonZero(f fact, m domain.Money) fact {
	if m.IsZero() {
		return fact{}
	}
	return f
}

func orZero(m domain.Money, currency string) domain.Money {
	if m.Currency == "" {
		m.Currency = currency
	}
	return m
}

// modeNote names the mode the figures are for, once there is an account
// that has one: before connecting, "(TEST)" would claim a mode nobody chose.
func (s *statusPane) modeNote(mode domain.Mode) string {
	if !s.sh.conn.Connected {
		return ""
	}
	return " (" + s.sh.p.Mode(mode) + ")"
}

// expiryWords says until when a link is valid; for one that never expires
// because the due date it would expire on has passed, it says so.
func expiryWords(sh *shared, at time.Time, inv domain.Invoice) string {
	p := sh.p
	if !at.IsZero() {
		return p.DateTime(at)
	}
	if e, err := domain.ParseLinkExpiry(sh.setting(domain.SettingLinkExpiry)); err == nil && e.DueDate && inv.Overdue(sh.mode(), sh.svc.Now()) {
		return p.T("tui.pane.never_overdue")
	}
	return p.T("tui.pane.never")
}
