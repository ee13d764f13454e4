package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
)

// recentPayments is how many of the newest payments screen 2 reads at
// first besides every active one; older ones are read a page of as many at
// a time as the cursor comes near the end of those held.
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

	// The newest payments are read as one run, newest first: edge is the
	// oldest of that run, held its length, and more says whether older
	// ones exist. Pages continue the run from edge.
	edge   int64
	held   int
	more   bool
	paging bool
	gen    uint64 // pages asked for before the last fresh read are dropped
}

// paymentsPageMsg carries the page of payments older than edge.
type paymentsPageMsg struct {
	gen  uint64
	edge int64
	rows []domain.Payment
	err  error
}

func newPaymentsScreen(sh *shared) *paymentsScreen { return &paymentsScreen{sh: sh} }

func (s *paymentsScreen) Capturing() bool { return false }

func (s *paymentsScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.scroll.SetRows(h - 1)
}

// SetPayments shows freshly read payments (the active ones merged into the
// run of the newest, which ends at edge), keeping the selected one selected.
func (s *paymentsScreen) SetPayments(rows []domain.Payment, edge int64, held int, more bool) {
	s.gen++
	s.edge, s.held, s.more, s.paging = edge, held, more, false
	s.show(rows)
}

// show replaces the rows, keeping the selected payment on its line.
func (s *paymentsScreen) show(rows []domain.Payment) {
	var keep int64 = -1
	if p, ok := s.Selected(); ok {
		keep = p.ID
	}
	line := s.scroll.cursor - s.scroll.offset
	s.rows, s.loaded = rows, true
	cursor := s.scroll.cursor
	for i, p := range rows {
		if p.ID == keep {
			cursor = i
			break
		}
	}
	s.scroll.Place(len(rows), cursor, cursor-line)
}

// extend reads the next page of older payments when the cursor comes
// within two screens of the end of those held.
func (s *paymentsScreen) extend() tea.Cmd {
	if !s.more || s.paging || s.edge == 0 || len(s.rows)-1-s.scroll.cursor >= 2*s.scroll.rows {
		return nil
	}
	s.paging = true
	svc, ctx, gen, edge := s.sh.svc, s.sh.ctx, s.gen, s.edge
	return func() tea.Msg {
		rows, err := svc.Payments(ctx, domain.PaymentFilter{BeforeID: edge, Limit: recentPayments})
		return paymentsPageMsg{gen: gen, edge: edge, rows: rows, err: err}
	}
}

// applyPage adds a page of older payments to the run.
func (s *paymentsScreen) applyPage(msg paymentsPageMsg) {
	if msg.gen != s.gen || msg.edge != s.edge {
		return
	}
	s.paging = false
	if msg.err != nil {
		return
	}
	s.more = len(msg.rows) == recentPayments
	if len(msg.rows) > 0 {
		s.edge = msg.rows[len(msg.rows)-1].ID
		s.held += len(msg.rows)
	}
	s.show(mergePayments(s.rows, msg.rows))
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
		if s.scroll.Keys(s.sh.keys, msg) {
			return s.extend()
		}
	case tea.MouseWheelMsg:
		s.scroll.Wheel(msg)
		return s.extend()
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
