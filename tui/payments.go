package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// recentPayments is how many of the newest payments screen 2 lists besides
// every active one.
const recentPayments = 200

// paymentsScreen is screen 2: every active payment and the recent ones,
// newest first, with their live status.
type paymentsScreen struct {
	sh     *shared
	rows   []domain.Payment
	loaded bool
	scroll scroller
	width  int
	height int
}

func newPaymentsScreen(sh *shared) *paymentsScreen { return &paymentsScreen{sh: sh} }

func (s *paymentsScreen) Capturing() bool { return false }

func (s *paymentsScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.scroll.SetRows(h - 1)
}

// SetPayments shows freshly read payments, keeping the selected one selected.
func (s *paymentsScreen) SetPayments(rows []domain.Payment) {
	var keep int64 = -1
	if p, ok := s.Selected(); ok {
		keep = p.ID
	}
	s.rows, s.loaded = rows, true
	s.scroll.SetLen(len(rows))
	for i, p := range rows {
		if p.ID == keep {
			s.scroll.cursor = i
			s.scroll.clamp()
			break
		}
	}
}

// Selected is the payment under the cursor.
func (s *paymentsScreen) Selected() (domain.Payment, bool) {
	if s.scroll.cursor < 0 || s.scroll.cursor >= len(s.rows) {
		return domain.Payment{}, false
	}
	return s.rows[s.scroll.cursor], true
}

// Name is the screen's name in the nav line.
func (s *paymentsScreen) Name() string { return s.sh.p.T("tui.screen.payments") }

// restyle has nothing to do: the screen keeps no copy of the styles.
func (s *paymentsScreen) restyle() {}
func (s *paymentsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, s.sh.keys.Jump) {
			if p, ok := s.Selected(); ok {
				return emit(jumpMsg{number: p.InvoiceNumber})
			}
			return nil
		}
		s.scroll.Keys(s.sh.keys, msg)
	case tea.MouseWheelMsg:
		s.scroll.Wheel(msg)
	case clickMsg:
		if hit, again := s.scroll.Click(msg.y - 1); hit && again { // under the column header
			if p, ok := s.Selected(); ok {
				return emit(jumpMsg{number: p.InvoiceNumber})
			}
		}
	}
	return nil
}

// Payment table columns.
const (
	payKindW   = 9
	payModeW   = 5
	payAmountW = 14
	payStatusW = 14
	payIDW     = 14
	payWideW   = 110 // from this width the kind and the time are shown
	payIDFrom  = 150 // from this width Mollie's id is shown
)

func (s *paymentsScreen) View() string {
	p, st := s.sh.p, s.sh.styles
	numW := 8
	for _, r := range s.rows {
		numW = max(numW, min(len(r.InvoiceNumber), 18))
	}
	wide := s.width >= payWideW
	whenW, when := 10, p.Date
	if wide {
		whenW, when = 16, p.DateTime
	}
	cells := func(marker, created, num, kind, mode, amount, status, id, label string) string {
		parts := []string{marker + fit(created, whenW), fit(num, numW)}
		if wide {
			parts = append(parts, fit(kind, payKindW))
		}
		parts = append(parts, fit(mode, payModeW), fitRight(amount, payAmountW), status)
		if s.width >= payIDFrom {
			parts = append(parts, fit(id, payIDW))
		}
		return strings.Join(append(parts, label), " ")
	}
	lines := []string{st.ColHeader.Render(fit(cells("  ", p.T("tui.col.created"), p.T("tui.col.number"), p.T("tui.col.kind"),
		p.T("tui.col.mode"), p.T("tui.col.amount"), fit(p.T("tui.col.status"), payStatusW), p.T("tui.col.mollie_id"), p.T("tui.col.details")), s.width))}
	switch {
	case !s.loaded:
		lines = append(lines, st.Muted.Render("  "+p.T("tui.loading")))
	case len(s.rows) == 0:
		lines = append(lines, st.Muted.Render("  "+p.T("tui.pay.none")))
	}
	first, last := s.scroll.Window()
	for i := first; i < last; i++ {
		r := &s.rows[i]
		selected := i == s.scroll.cursor
		marker, status := "  ", fit(p.Status(r.Status), payStatusW)
		if selected {
			marker = "▸ "
		} else {
			status = statusStyle(st, r.Status).Render(status)
		}
		line := cells(marker, when(r.CreatedAt), sanitize.Terminal(r.InvoiceNumber), p.T("tui.kind."+string(r.Kind)), p.Mode(r.Mode),
			p.Money(r.Amount), status, sanitize.Terminal(r.MollieID), p.Label(domain.StatusLabel(r)))
		if selected {
			line = st.Selected.Render(fit(line, s.width))
		}
		lines = append(lines, line)
	}
	return block(strings.Join(lines, "\n"), s.width, s.height)
}

func (s *paymentsScreen) ShortHelp() []key.Binding {
	k := s.sh.keys
	return []key.Binding{k.Jump, k.Copy, k.Refresh, k.Up, k.Down, k.Help, k.Quit}
}

func (s *paymentsScreen) FullHelp() [][]key.Binding {
	k := s.sh.keys
	return [][]key.Binding{k.navigation(), {k.Jump, k.Copy, k.Refresh}}
}

// emit makes a Cmd that delivers msg, for messages between components.
func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
